"""The bad-image corpus over raw HTTP against the real server (compose generator, 512 px edits).

Every case is sent as ``inlineData`` with an edit prompt; a few also go through a Files API upload and
``fileData``. Each gets either Google's 400 INVALID_ARGUMENT with a clear message, or a 200 whose
output shows the input was understood: upright (EXIF applied), with the input's aspect ratio, and with
the input's colours (CMYK, 16-bit, ICC profiles converted) where the edit keeps them. Never a 5xx, and
the server is still healthy, with every worker free, afterwards.
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from openbanana.imaging.normalize import normalize_image
from tests.api.helpers import FLASH, assert_google_error, gen_url
from tests.imaging.test_normalize import check_probes
from tests.support.bad_images import Case, by_name, corpus
from tests.support.server import LiveServer, start_server

CASES = corpus()
RATIOS = {(4, 3): "4:3", (3, 4): "3:4", (1, 1): "1:1"}
#: Extra colour tolerance for the server round trip: resampling to 512 px and the invisible watermark.
ROUND_TRIP_TOLERANCE = 8
PATCH = 3
FILES_CASES = ("exif-orientation-6", "cmyk-jpeg", "png-declared-as-jpeg", "png-zlib-bomb", "text-declared-as-png",
               "heic-magic")  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = start_server(tmp_path_factory.mktemp("bad-images"), generator="compose", extra=("--workers", "2"))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=120) as client:
        yield client


def ratio_of(size: tuple[int, int]) -> str:
    w, h = size
    return RATIOS[(4, 3) if w * 3 == h * 4 else (3, 4) if w * 4 == h * 3 else (1, 1)]


def edit_body(case: Case, part: dict[str, Any]) -> dict[str, Any]:
    """An edit that keeps the input's pixels ("make it <its own ratio>"), at the cheapest size."""
    prompt = f"make it {ratio_of(case.size)}" if case.size else "make it 4:3"
    config = {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": "auto", "imageSize": "512"}}
    return {"contents": [{"role": "user", "parts": [part, {"text": prompt}]}], "generationConfig": config}


def inline(case: Case) -> dict[str, Any]:
    return {"inlineData": {"mimeType": case.declared, "data": base64.b64encode(case.data).decode()}}


def output_image(response: httpx.Response) -> Image.Image:
    assert response.status_code == 200, response.text[:500]
    parts = response.json()["candidates"][0]["content"]["parts"]
    data = next(p["inlineData"]["data"] for p in parts if "inlineData" in p)
    return Image.open(io.BytesIO(base64.b64decode(data)))


def check_response(case: Case, response: httpx.Response, field: str) -> None:
    assert response.status_code < 500, response.text[:500]
    if case.status == 400:
        error = assert_google_error(response, 400, "INVALID_ARGUMENT")
        assert error["message"].startswith(f"contents[0].parts[0].{field}"), error["message"]
        assert case.message in error["message"].lower(), error["message"]
        return
    assert case.size is not None
    out = output_image(response)
    in_w, in_h = case.size
    assert abs(out.width / out.height - in_w / in_h) < 0.02, (case.name, out.size, case.size)  # upright, same shape
    check_probes(case, out, ROUND_TRIP_TOLERANCE, PATCH)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_inline(http: httpx.Client, case: Case) -> None:
    check_response(case, http.post(gen_url(FLASH), json=edit_body(case, inline(case))), "inline_data")


@pytest.mark.parametrize("name", FILES_CASES)
def test_files_api_upload_then_file_data(http: httpx.Client, name: str) -> None:
    case = by_name()[name]
    data = case.data
    start = http.post("/upload/v1beta/files", json={"file": {"mimeType": case.declared, "sizeBytes": len(data)}},
                      headers={"X-Goog-Upload-Protocol": "resumable", "X-Goog-Upload-Command": "start"})  # fmt: skip
    assert start.status_code == 200, start.text
    done = http.post(start.headers["x-goog-upload-url"], content=data,
                     headers={"X-Goog-Upload-Command": "upload, finalize", "X-Goog-Upload-Offset": "0"})  # fmt: skip
    assert done.status_code == 200, done.text
    file = done.json()["file"]
    part = {"fileData": {"fileUri": file["uri"], "mimeType": case.declared}}
    check_response(case, http.post(gen_url(FLASH), json=edit_body(case, part)), "file_data")


def test_batch_requests_pass_the_same_gate(http: httpx.Client) -> None:
    """The whole corpus as one inline batch: each item fails alone with the same 400, or succeeds upright."""
    requests = [{"request": edit_body(case, inline(case)), "metadata": {"case": case.name}} for case in CASES]
    created = http.post(f"/v1beta/models/{FLASH}:batchGenerateContent",
                        json={"batch": {"inputConfig": {"requests": {"requests": requests}}}})  # fmt: skip
    assert created.status_code == 200, created.text[:500]
    name = created.json()["name"]
    deadline = time.monotonic() + 120
    while not (op := http.get(f"/v1beta/{name}").json())["done"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert op["metadata"]["state"] == "BATCH_STATE_SUCCEEDED", op["metadata"]
    results = op["response"]["inlinedResponses"]["inlinedResponses"]
    assert [r["metadata"]["case"] for r in results] == [c.name for c in CASES]
    for case, result in zip(CASES, results, strict=True):
        if case.status == 400:
            error = result["error"]
            assert error["code"] == 400 and error["status"] == "INVALID_ARGUMENT", (case.name, error)
            assert case.message in error["message"].lower(), (case.name, error)
        else:
            assert case.size is not None and "response" in result, (case.name, result)
            parts = result["response"]["candidates"][0]["content"]["parts"]
            data = next(p["inlineData"]["data"] for p in parts if "inlineData" in p)
            with Image.open(io.BytesIO(base64.b64decode(data))) as out:
                assert abs(out.width / out.height - case.size[0] / case.size[1]) < 0.02, case.name


def test_a_server_output_comes_back_byte_identical(http: httpx.Client) -> None:
    """Multi-turn edits send our own PNG back: it must pass the gate untouched, so its signed lineage chunk
    (the conversation continues) and its hash survive."""
    body = {"contents": [{"parts": [{"text": "a red apple on a table"}]}],
            "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": {"imageSize": "512"}}}  # fmt: skip
    first = http.post(gen_url(FLASH), json=body)
    assert first.status_code == 200, first.text[:300]
    parts = first.json()["candidates"][0]["content"]["parts"]
    png = base64.b64decode(next(p["inlineData"]["data"] for p in parts if "inlineData" in p))
    gate = normalize_image(png, "f")
    assert gate.unchanged and gate.data == png
    again = {"contents": [{"parts": [{"inlineData": {"mimeType": "image/png", "data": base64.b64encode(png).decode()}},
                                     {"text": "make the apple green"}]}],
             "generationConfig": body["generationConfig"]}  # fmt: skip
    second = http.post(gen_url(FLASH), json=again)
    assert second.status_code == 200, second.text[:300]
    assert second.headers["x-openbanana-conversation"] == first.headers["x-openbanana-conversation"]


def test_the_server_survives_the_corpus(http: httpx.Client, server: LiveServer, tmp_path: Path) -> None:
    """The whole corpus at once from 8 clients (more than the 2 workers), then ordinary work: nothing
    5xx, every worker slot free again, no traceback in the log."""

    def send(case: Case) -> int:
        with httpx.Client(base_url=server.base_url, timeout=120) as client:
            return client.post(gen_url(FLASH), json=edit_body(case, inline(case))).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(send, CASES))
    assert all(code < 500 or code == 503 for code in codes), codes  # 503: the 2 workers were busy (backpressure)
    good = by_name()["exif-orientation-6"]
    with ThreadPoolExecutor(2) as pool:  # both workers still serve
        outs = list(pool.map(lambda _: http.post(gen_url(FLASH), json=edit_body(good, inline(good))), range(2)))
    assert [r.status_code for r in outs] == [200, 200]
    assert http.get("/healthz").status_code == 200
    assert server.process.poll() is None
    assert "Traceback" not in server.log()
