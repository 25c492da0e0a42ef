"""Provenance over the official SDK (1.75, 2.34, 3.4): every output of generate, edit, chat and batch
carries an invisible watermark and a C2PA manifest, and ``openbanana verify`` ties it to the ledger.

The SDK side reuses the editing and batch client scripts (they save every image they receive); the
pytest side validates each file with the c2pa library itself and runs the real ``openbanana verify
--json`` command on the server's data dir, on the files as received and on copies whose metadata was
stripped by a JPEG q75 re-encode (the manifest is gone; the watermark still leads to the ledger).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import c2pa
import pytest
from PIL import Image

from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = [pytest.mark.sdk, pytest.mark.platform]
EDITING = Path(__file__).with_name("client_editing.py")
BATCHES = Path(__file__).with_name("client_batches.py")


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[tuple[LiveServer, Path, str | None]]:
    tmp = tmp_path_factory.mktemp("sdk-provenance")
    url = postgres_server.fresh_database() if postgres_server is not None else None
    live = start_server(tmp, database_url=url, extra=("--batch-workers", "1"))
    port = live.base_url.rsplit(":", 1)[1]
    yield live, tmp / f"data-{port}", url
    live.stop()


def _verify(data_dir: Path, files: list[Path], database_url: str | None) -> list[dict[str, Any]]:
    env_args = [sys.executable, "-m", "openbanana", "verify", "--json", "--data-dir", str(data_dir)]
    import os

    env = dict(os.environ)
    env.pop("OPENBANANA_DATABASE_URL", None)
    if database_url:
        env["OPENBANANA_DATABASE_URL"] = database_url
    proc = subprocess.run([*env_args, *map(str, files)], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    reports: list[dict[str, Any]] = json.loads(proc.stdout)
    return reports


def _strip(path: Path, folder: Path) -> Path:
    """A metadata-free JPEG q75 copy of ``path`` (what a re-upload to most sites does)."""
    folder.mkdir(parents=True)
    copy = folder / f"{path.stem}-stripped.jpg"
    with Image.open(path) as image:
        image.convert("RGB").save(copy, format="JPEG", quality=75)
    return copy


def _c2pa_state(path: Path) -> tuple[str, dict[str, Any]]:
    data = path.read_bytes()
    mime = "image/jpeg" if data[:2] == b"\xff\xd8" else "image/png"
    with c2pa.Reader(mime, io.BytesIO(data)) as reader:
        store = json.loads(reader.json())
        return str(reader.get_validation_state()), store


def _images(result: dict[str, Any]) -> list[Path]:
    return [Path(p["path"]) for p in result["parts"] if p.get("kind") == "image" and not p["thought"]]


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_every_sdk_output_is_signed_and_traceable(
    version: str, server: tuple[LiveServer, Path, str | None], tmp_path: Path
) -> None:
    live, data_dir, database_url = server
    photo = tmp_path / "photo.png"
    Image.radial_gradient("L").resize((640, 480)).convert("RGB").save(photo)
    out = tmp_path / "out"
    out.mkdir()
    scenarios = [
        ("generate", "single", {"images": [], "prompt": "a poster that says 'Open Day' with a sun",
                                "tag": "gen", "out": str(out), "image_config": {"aspect_ratio": "16:9"}}),
        ("edit", "single", {"images": [str(photo)], "prompt": "make it black and white", "tag": "edit",
                            "out": str(out)}),
        ("chat", "chat", {"turns": ["a red kite over a beach", "make the kite blue"], "tag": "chat",
                          "out": str(out)}),
    ]  # fmt: skip
    results = run_scenario(version, "batch", live.base_url, {"scenarios": scenarios}, script=EDITING)
    generated = _images(unwrap(results["generate"]))
    edited = _images(unwrap(results["edit"]))
    chat = unwrap(results["chat"])
    chat_first, chat_second = (_images(reply) for reply in chat["replies"])
    batch = unwrap(run_scenario(version, "inline", live.base_url, {"out": str(out), "prompts": [
        {"text": "a lighthouse at night", "ratio": "9:16", "size": "512", "key": "a"},
        {"text": "a bowl of cherries", "ratio": "1:1", "size": "512", "key": "b"},
    ]}, script=BATCHES))  # fmt: skip
    assert batch["state"] == "JOB_STATE_SUCCEEDED"
    batched = [p for r in batch["responses"] for p in _images(r["response"])]
    outputs = {"generate": generated, "edit": edited, "chat-1": chat_first, "chat-2": chat_second, "batch": batched}
    assert all(len(paths) >= 1 for paths in outputs.values()), outputs
    assert len(batched) == 2

    # The c2pa library itself validates every manifest; edits name their input as an ingredient.
    for kind, paths in outputs.items():
        for path in paths:
            state, store = _c2pa_state(path)
            assert state in ("Valid", "Trusted"), (kind, state, store.get("validation_status"))
            manifest = store["manifests"][store["active_manifest"]]
            actions = json.dumps(manifest.get("assertions", []))
            if kind in ("edit", "chat-2"):
                assert "c2pa.edited" in actions, kind
                assert manifest.get("ingredients"), f"{kind}: the input is not listed as an ingredient"
            else:
                assert "c2pa.created" in actions, kind
                assert "trainedAlgorithmicMedia" in actions, kind

    # `openbanana verify` finds the watermark and the ledger entry of the request that made each image,
    # and still finds both in a copy with its metadata stripped (pixels re-encoded as JPEG q75).
    files = [p for paths in outputs.values() for p in paths]
    stripped = [_strip(path, tmp_path / f"stripped-{n}") for n, path in enumerate(files)]
    reports = _verify(data_dir, files + stripped, database_url)
    for path, report, copy in zip(files, reports[: len(files)], reports[len(files) :], strict=True):
        assert report["c2pa"]["state"] == "valid", (path.name, report["c2pa"])
        assert report["original"] is True
        assert report["ledger"] is not None, path.name
        method = "batchGenerateContent" if path in batched else "generateContent"
        assert report["ledger"]["method"] == method
        assert report["ledger"]["id"] == report["c2pa"]["usageId"]
        watermark = report["watermark"]
        assert watermark["found"] and watermark["confidence"] > 0.99, (path.name, watermark)
        assert watermark["markId"] == report["c2pa"]["markId"] == report["marks"][0]["markId"]

        assert copy["c2pa"]["state"] == "absent" and copy["original"] is False, path.name
        assert copy["watermark"]["found"] and copy["watermark"]["markId"] == watermark["markId"], copy["watermark"]
        assert copy["ledger"] is not None and copy["ledger"]["id"] == report["ledger"]["id"], path.name
