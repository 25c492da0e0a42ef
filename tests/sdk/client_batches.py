"""The client side of the Batch API tests: the real google-genai SDK creating, polling, listing,
cancelling and deleting batch jobs, run by each pinned SDK's own venv like ``client_scenarios.py``.

    <venv>/bin/python tests/sdk/client_batches.py batch <base_url> <json-args>

Images received are saved under ``args["out"]`` and their paths reported; the pytest side checks their
sizes. Only the standard library, the SDK and Pillow are imported here.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from google.genai import errors, types

sys.path.insert(0, str(Path(__file__).parent))
from client_scenarios import FLASH, Saver, client, describe_response, error_info, main

DONE = ("JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_EXPIRED")


def _state(job: Any) -> str:
    return str(job.state.value if hasattr(job.state, "value") else job.state)


def _poll(c: Any, name: str, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        job = c.batches.get(name=name)
        if _state(job) in DONE or time.monotonic() > deadline:
            return job
        time.sleep(0.3)


def _inlined(prompts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Inlined requests as the SDK docs write them (dicts with contents/config/metadata)."""
    out = []
    for p in prompts:
        request: dict[str, Any] = {"contents": [{"parts": [{"text": p["text"]}], "role": "user"}]}
        if p.get("ratio") or p.get("size"):
            request["config"] = {
                "response_modalities": ["TEXT", "IMAGE"],
                "image_config": {"aspect_ratio": p.get("ratio"), "image_size": p.get("size")},
            }
        if p.get("key"):
            request["metadata"] = {"key": p["key"]}
        out.append(request)
    return out


def s_inline(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Create from inlined requests, poll to done, decode every inlined response."""
    c = client(base_url)  # keep a reference: SDK 3.x closes its HTTP client when the Client is collected
    job = c.batches.create(model=FLASH, src=_inlined(args["prompts"]), config={"display_name": "sdk-inline"})
    created = {"name": job.name, "state": _state(job), "display_name": job.display_name}
    job = _poll(c, job.name)
    saver = Saver(args["out"], "inline")
    responses = []
    for item in (job.dest.inlined_responses if job.dest else None) or []:
        entry: dict[str, Any] = {"metadata": item.metadata}
        if item.response is not None:
            entry["response"] = describe_response(item.response, saver)
        if item.error is not None:
            entry["error"] = {"code": item.error.code, "message": item.error.message}
        responses.append(entry)
    return {"created": created, "state": _state(job), "model": job.model, "responses": responses,
            "create_time": str(job.create_time), "end_time": str(job.end_time)}  # fmt: skip


def s_file(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Upload a JSONL input file, run it, download the results file and parse its lines."""
    c = client(base_url)
    path = Path(args["out"]) / "batch-input.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in args["lines"]))
    uploaded = c.files.upload(file=str(path), config={"mime_type": "jsonl"})
    job = c.batches.create(model=FLASH, src=uploaded.name, config={"display_name": "sdk-file"})
    job = _poll(c, job.name)
    out: dict[str, Any] = {"state": _state(job), "input": uploaded.name}
    if job.dest is not None and job.dest.file_name:
        out["file_name"] = job.dest.file_name
        meta = c.files.get(name=job.dest.file_name)
        out["file"] = {"source": str(meta.source.value if meta.source else None), "download_uri": meta.download_uri,
                       "size": meta.size_bytes, "state": str(meta.state.value if meta.state else None)}  # fmt: skip
        data = c.files.download(file=job.dest.file_name)
        saver = Saver(args["out"], "file")
        lines = []
        for raw in data.decode().splitlines():
            line = json.loads(raw)
            entry: dict[str, Any] = {"key": line.get("key")}
            if "response" in line:
                response = types.GenerateContentResponse.model_validate(line["response"])
                entry["response"] = describe_response(response, saver)
            if "error" in line:
                entry["error"] = line["error"]
            lines.append(entry)
        out["lines"] = lines
    return out


def s_manage(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """list sees a new job; cancel → CANCELLED; delete → gone (get is a ClientError 404)."""
    c = client(base_url)
    prompts = [{"text": f"a lighthouse at dusk, study {i}", "size": "2K"} for i in range(args.get("n", 20))]
    job = c.batches.create(model=FLASH, src=_inlined(prompts), config={"display_name": "sdk-cancel"})
    listed = [j.name for j in c.batches.list(config={"page_size": 5})]
    c.batches.cancel(name=job.name)
    cancelled = _poll(c, job.name)
    stats = (
        [r.error.code if r.error else "ok" for r in (cancelled.dest.inlined_responses or [])] if cancelled.dest else []
    )
    c.batches.delete(name=job.name)
    try:
        c.batches.get(name=job.name)
        after: dict[str, Any] = {"exc": None}
    except errors.APIError as exc:
        after = error_info(exc)
    return {"name": job.name, "listed": listed, "state": _state(cancelled), "results": stats, "after_delete": after}


SCENARIOS = {"inline": s_inline, "file": s_file, "manage": s_manage}


if __name__ == "__main__":
    sys.exit(main(sys.argv, SCENARIOS))
