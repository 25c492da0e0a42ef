"""The real server's JSON log: one line per request with its id, and never a key or image bytes."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.helpers import gen_url, noise_png, text_body
from tests.support.server import start_server

KEY = "sk-live-SECRET-9f8e7d6c5b4a"
WRONG_KEY = "sk-wrong-ALSOSECRET-1234"


def _lines(log: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.splitlines() if line.startswith("{")]


@pytest.mark.platform
def test_json_log_has_one_line_per_request_and_no_secrets(tmp_path: Path, database_url: str | None) -> None:
    png = noise_png(96, 64, seed=3)
    b64 = base64.b64encode(png).decode()
    server = start_server(
        tmp_path, api_keys=(KEY,), generator="noop", database_url=database_url,
        extra=("--log-level", "info", "--log-format", "json"),
    )  # fmt: skip
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            first = client.post(f"{gen_url()}?key={KEY}", json=text_body("a red circle"),
                                headers={"x-request-id": "trace-42"})  # fmt: skip
            assert first.status_code == 200 and first.headers["x-request-id"] == "trace-42"
            edit = {"contents": [{"parts": [{"inlineData": {"mimeType": "image/png", "data": b64}},
                                            {"text": "make it brighter"}]}]}  # fmt: skip
            second = client.post(gen_url(), json=edit, headers={"x-goog-api-key": KEY, "x-request-id": "x" * 200})
            assert second.status_code == 200
            generated_id = second.headers["x-request-id"]
            assert generated_id != "x" * 200 and len(generated_id) == 32
            returned = second.json()["candidates"][0]["content"]["parts"]
            out_b64 = next(p["inlineData"]["data"] for p in returned if "inlineData" in p)
            broken = {"contents": [{"parts": [{"inlineData": {"mimeType": "image/png", "data": b64[:-7] + "!!"}}]}]}
            assert client.post(gen_url(), json=broken, headers={"x-goog-api-key": KEY}).status_code == 400
            assert client.post(gen_url(), json=text_body(), headers={"x-goog-api-key": WRONG_KEY}).status_code == 400
            stream = client.post(f"{gen_url(method='streamGenerateContent')}?alt=sse&key={KEY}", json=text_body())
            assert stream.status_code == 200
    finally:
        server.stop()
    log = server.log()
    for secret in (KEY, WRONG_KEY, b64[:64], b64[len(b64) // 2 : len(b64) // 2 + 64], out_b64[100:164]):
        assert secret not in log
    access = [line for line in _lines(log) if line["logger"] == "openbanana.access"]
    assert len(access) == 5 + 1  # five requests and the start-up /healthz poll
    by_id = {line["request_id"]: line for line in access}
    ok = by_id["trace-42"]
    assert ok["method"] == "POST" and ok["status"] == 200 and ok["model"] == "gemini-3.1-flash-image-preview"
    assert ok["path"] == f"{gen_url()}?key=REDACTED" and ok["key_id"].startswith("static-") and ok["latency_ms"] > 0
    assert set(ok) >= {
        "ts",
        "level",
        "logger",
        "request_id",
        "method",
        "path",
        "status",
        "latency_ms",
        "model",
        "key_id",
    }
    assert by_id[generated_id]["status"] == 200
    assert sorted(line["status"] for line in access) == [200, 200, 200, 200, 400, 400]
    sse = next(line for line in access if "streamGenerateContent" in line["path"])
    assert sse["path"].endswith("?alt=sse&key=REDACTED")
