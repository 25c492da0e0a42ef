"""Provenance over raw HTTP: JPEG and PNG outputs carry a valid C2PA manifest and are registered under
their exact bytes, the verify endpoint reports them with their ledger entry (and refuses bad input with
Google's error shape), outputs carry the invisible watermark, and the operator can turn signing and
watermarking off."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import c2pa
import httpx
import pytest
from PIL import Image

from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform
MODEL = "gemini-3.1-flash-image-preview"


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[LiveServer]:
    url = postgres_server.fresh_database() if postgres_server is not None else None
    live = start_server(tmp_path_factory.mktemp("provenance"), database_url=url)
    yield live
    live.stop()


def _generate(
    base_url: str, prompt: str, image_config: dict[str, Any], parts: list[dict[str, Any]] | None = None
) -> httpx.Response:
    body = {
        "contents": [{"role": "user", "parts": [*(parts or []), {"text": prompt}]}],
        "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": image_config},
    }
    return httpx.post(f"{base_url}/v1beta/models/{MODEL}:generateContent", json=body, timeout=120)


def _image(response: httpx.Response) -> tuple[str, bytes]:
    assert response.status_code == 200, response.text
    parts = response.json()["candidates"][0]["content"]["parts"]
    inline = next(p["inlineData"] for p in parts if "inlineData" in p)
    return inline["mimeType"], base64.b64decode(inline["data"])


def _reader_state(mime: str, data: bytes) -> str:
    with c2pa.Reader(mime, io.BytesIO(data)) as reader:
        return str(reader.get_validation_state())


def test_jpeg_output_is_signed_and_verifiable(server: LiveServer) -> None:
    config = {
        "aspectRatio": "4:3",
        "imageSize": "1K",
        "imageOutputOptions": {"mimeType": "image/jpeg", "compressionQuality": 85},
    }
    mime, data = _image(_generate(server.base_url, "a lighthouse on a cliff at dusk", config))
    assert mime == "image/jpeg" and data[:2] == b"\xff\xd8"
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (1024, 768)
    assert _reader_state(mime, data) in ("Valid", "Trusted")

    raw = httpx.post(f"{server.base_url}/v1beta/openbanana/verify", content=data,
                     headers={"Content-Type": "image/jpeg"}, timeout=60)  # fmt: skip
    assert raw.status_code == 200, raw.text
    report = raw.json()
    assert report["madeByOpenbanana"] and report["original"]
    assert report["c2pa"]["state"] == "valid" and report["c2pa"]["trusted"]
    assert report["ledger"]["owned"] is True and report["ledger"]["method"] == "generateContent"
    assert report["watermark"]["found"] and report["watermark"]["markId"] == report["c2pa"]["markId"]

    as_json = httpx.post(
        f"{server.base_url}/v1beta/openbanana/verify",
        json={"inlineData": {"mimeType": "image/jpeg", "data": base64.b64encode(data).decode()}},
    )
    assert as_json.status_code == 200 and as_json.json()["sha256"] == report["sha256"]


def test_png_edit_lists_its_input_and_a_metadata_strip_removes_the_manifest(server: LiveServer) -> None:
    photo = io.BytesIO()
    Image.linear_gradient("L").resize((512, 384)).convert("RGB").save(photo, format="PNG")
    parts = [{"inlineData": {"mimeType": "image/png", "data": base64.b64encode(photo.getvalue()).decode()}}]
    mime, data = _image(_generate(server.base_url, "make it sepia", {}, parts))
    assert mime == "image/png"
    report = httpx.post(f"{server.base_url}/v1beta/openbanana/verify", content=data,
                        headers={"Content-Type": "image/png"}, timeout=60).json()  # fmt: skip
    assert report["c2pa"]["state"] == "valid"
    assert "c2pa.edited" in report["c2pa"]["actions"] and report["c2pa"]["ingredients"]
    mark_id = report["watermark"]["markId"]
    assert report["watermark"]["found"] and mark_id is not None

    with Image.open(io.BytesIO(data)) as image:
        stripped = io.BytesIO()
        image.convert("RGB").save(stripped, format="WEBP", quality=90)
    report = httpx.post(f"{server.base_url}/v1beta/openbanana/verify", content=stripped.getvalue(),
                        headers={"Content-Type": "application/octet-stream"}, timeout=60).json()  # fmt: skip
    # The manifest went with the metadata; the watermark survives and still leads to the output's record.
    assert report["c2pa"]["state"] == "absent" and not report["original"]
    assert report["watermark"]["found"] and report["watermark"]["markId"] == mark_id
    assert report["madeByOpenbanana"] and report["marks"][0]["markId"] == mark_id
    assert report["ledger"]["method"] == "generateContent"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"content": b"", "headers": {"Content-Type": "image/png"}}, "empty"),
        ({"content": b"not an image at all", "headers": {"Content-Type": "image/png"}}, "not a"),
        ({"json": {}}, "exactly one"),
        ({"json": {"inlineData": {"data": "@@@"}}}, "Base64"),
        ({"json": {"fileData": {"fileUri": "https://example.com/x.png"}}}, "URLs are never fetched"),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, ""),
    ],
)
def test_verify_refuses_bad_input_with_googles_error_shape(
    server: LiveServer, kwargs: dict[str, Any], needle: str
) -> None:
    response = httpx.post(f"{server.base_url}/v1beta/openbanana/verify", timeout=30, **kwargs)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT" and needle in error["message"]


def test_bad_output_mime_type_is_a_400(server: LiveServer) -> None:
    response = _generate(server.base_url, "a cat", {"imageOutputOptions": {"mimeType": "image/gif"}})
    assert response.status_code == 400
    assert "image/gif" in response.json()["error"]["message"]


@pytest.mark.platform
def test_operator_can_turn_c2pa_off(tmp_path: Path, database_url: str | None) -> None:
    live = start_server(tmp_path, database_url=database_url, env_extra={"OPENBANANA_WATERMARK": "0",
                                                                        "OPENBANANA_C2PA": "off"})  # fmt: skip
    try:
        mime, data = _image(_generate(live.base_url, "a blue square", {"imageSize": "512"}))
        report = httpx.post(f"{live.base_url}/v1beta/openbanana/verify", content=data,
                            headers={"Content-Type": mime}, timeout=60).json()  # fmt: skip
        assert report["c2pa"]["state"] == "absent"
        assert report["original"] and report["ledger"]["method"] == "generateContent"
        assert json.dumps(report["marks"][0]["markId"]) == "null"
        assert report["watermark"]["found"] is False  # verify still looks; nothing was embedded
    finally:
        live.stop()
