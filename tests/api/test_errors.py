"""Errors in Google's shape ``{"error": {"code", "message", "status"}}`` with the right HTTP codes
(§6): malformed input, unknown models and routes, oversized bodies (413), a saturated server (503),
and endpoints that arrive in later issues (Imagen ``:predict``, Files upload) answering cleanly."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from openbanana.api.app import create_app
from openbanana.config import Settings
from openbanana.generators.noop import NoopGenerator
from openbanana.services import Services
from tests.api.conftest import MAX_BYTES
from tests.api.helpers import (
    API_VERSIONS,
    FLASH,
    NANO,
    PRO,
    assert_google_error,
    gen_url,
    holding_slot,
    image_part,
    noise_png,
    ok_json,
    text_body,
)
from tests.support.server import LiveServer

BAD_REQUESTS: dict[str, tuple[str, Any]] = {
    "bad-json": (FLASH, b'{"contents": [}'),
    "json-array-top-level": (FLASH, b"[]"),
    "not-utf8": (FLASH, b'{"contents": "\xff\xfe"}'),
    "no-contents": (FLASH, {}),
    "empty-contents": (FLASH, {"contents": []}),
    "wrong-type": (FLASH, {"contents": "draw a cat"}),
    "bad-base64": (
        FLASH,
        {"contents": [{"parts": [{"inlineData": {"mimeType": "image/png", "data": "*not base64*"}}, {"text": "x"}]}]},
    ),
    "base64-not-an-image": (FLASH, {"contents": [{"parts": [{"inlineData": {"data": "bm90IGFuIGltYWdl"}}]}]}),
    "bad-ratio": (FLASH, text_body(imageConfig={"aspectRatio": "2:1"})),
    "ratio-not-for-model": (PRO, text_body(imageConfig={"aspectRatio": "1:8"})),
    "ratio-garbage": (FLASH, text_body(imageConfig={"aspectRatio": "wide"})),
    "bad-size": (FLASH, text_body(imageConfig={"imageSize": "8K"})),
    "size-not-for-model-2k": (NANO, text_body(imageConfig={"imageSize": "2K"})),
    "size-not-for-model-512": (PRO, text_body(imageConfig={"imageSize": "512"})),
    "lower-case-k": (FLASH, text_body(imageConfig={"imageSize": "1k"})),
    "bad-thinking-level": (FLASH, text_body(thinkingConfig={"thinkingLevel": "ultra"})),
    "thinking-level-not-for-model": (FLASH, text_body(thinkingConfig={"thinkingLevel": "LOW"})),
    "non-thinking-model": (NANO, text_body(thinkingConfig={"thinkingLevel": "HIGH"})),
    "level-and-budget": (FLASH, text_body(thinkingConfig={"thinkingLevel": "HIGH", "thinkingBudget": 100})),
    "bad-modality": (FLASH, text_body(responseModalities=["AUDIO"])),
    "unknown-modality": (FLASH, text_body(responseModalities=["IMAGE", "SMELL"])),
    "modalities-not-a-list": (FLASH, text_body(responseModalities="IMAGE")),
    "bad-role": (FLASH, {"contents": [{"role": "assistant", "parts": [{"text": "x"}]}]}),
    "ends-with-model": (
        FLASH,
        {"contents": [{"role": "user", "parts": [{"text": "x"}]}, {"role": "model", "parts": [{"text": "y"}]}]},
    ),
    "nothing-to-draw": (FLASH, {"contents": [{"parts": [{"text": "   "}]}]}),
    "temperature-type": (FLASH, text_body(temperature="hot")),
    "candidate-count-range": (FLASH, text_body(candidateCount=9)),
    "bad-safety-category": (FLASH, text_body() | {"safetySettings": [{"category": "HARM_X", "threshold": "OFF"}]}),
    "bad-safety-threshold": (FLASH, text_body() | {"safetySettings": [{"category": 7, "threshold": 99}]}),
    "file-data-url": (  # fileData resolves to Files API uploads only: a URL is never fetched
        FLASH,
        {"contents": [{"parts": [{"fileData": {"fileUri": "https://example.com/cat.png"}}, {"text": "x"}]}]},
    ),
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_bad_requests_are_400_invalid_argument(client: httpx.Client, case: str) -> None:
    model, body = BAD_REQUESTS[case]
    kwargs: dict[str, Any] = {"content": body} if isinstance(body, bytes) else {"json": body}
    error = assert_google_error(client.post(gen_url(model), **kwargs), 400)
    assert "Traceback" not in error["message"]


@pytest.mark.parametrize(
    ("config", "must_name"),
    [
        ({"imageConfig": {"aspectRatio": "2:1"}}, ["1:1", "16:9", "21:9", "1:8"]),
        ({"imageConfig": {"imageSize": "1k"}}, ["512", "1K", "2K", "4K"]),
        ({"thinkingConfig": {"thinkingLevel": "ultra"}}, ["MINIMAL", "HIGH"]),
        ({"responseModalities": ["AUDIO"]}, ["TEXT", "IMAGE"]),
    ],
)
def test_validation_messages_name_the_allowed_values(
    client: httpx.Client, config: dict[str, Any], must_name: list[str]
) -> None:
    error = assert_google_error(client.post(gen_url(), json=text_body(**config)), 400)
    for value in must_name:
        assert value in error["message"], error["message"]


def test_too_many_input_images(client: httpx.Client) -> None:
    parts = [image_part(noise_png(8, 8, i)) for i in range(15)]
    error = assert_google_error(client.post(gen_url(), json={"contents": [{"parts": [*parts, {"text": "x"}]}]}), 400)
    assert "14" in error["message"]


@pytest.mark.parametrize("version", API_VERSIONS)
@pytest.mark.parametrize("method", ["generateContent", "streamGenerateContent", "countTokens"])
def test_unknown_model_is_404(client: httpx.Client, version: str, method: str) -> None:
    error = assert_google_error(client.post(gen_url("gemini-9-ultra", method, version), json=text_body()), 404)
    assert "models/gemini-9-ultra is not found" in error["message"]
    assert version in error["message"]


def test_unknown_model_get_is_404(client: httpx.Client) -> None:
    assert_google_error(client.get("/v1beta/models/gemini-9-ultra"), 404)
    assert_google_error(client.get("/v1beta/models/imagen-4.0-generate-001"), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1beta/nope"),
        ("GET", "/v2/models"),
        ("GET", "/"),
        ("POST", "/v1beta/generateContent"),
        ("GET", "/v1beta/batchez"),
        ("DELETE", "/v1beta/models"),
    ],
)
def test_unknown_route_is_404(client: httpx.Client, method: str, path: str) -> None:
    assert_google_error(client.request(method, path), 404)


@pytest.mark.parametrize(
    "path",
    [
        "/v1beta/models/imagen-4.0-generate-001:predict",  # SDK 1.x generate_images in Developer mode
        "/v1beta/models/gemini-2.5-flash-image:predict",
    ],
)
def test_not_yet_implemented_endpoints_answer_google_errors(client: httpx.Client, path: str) -> None:
    response = client.post(
        path,
        json={"instances": [{"prompt": "cat"}], "parameters": {"sampleCount": 1}},
        headers={"X-Goog-Upload-Protocol": "resumable", "X-Goog-Upload-Command": "start"},
    )
    assert response.status_code == 404, response.text
    assert_google_error(response, 404)


def test_batch_without_a_batch_body_is_400(client: httpx.Client) -> None:
    """The body of a ``:predict`` call sent to ``:batchGenerateContent``: a clear 400, not a job."""
    response = client.post(
        "/v1beta/models/gemini-2.5-flash-image:batchGenerateContent",
        json={"instances": [{"prompt": "cat"}], "parameters": {"sampleCount": 1}},
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


# -- 413 -------------------------------------------------------------------------------------


@pytest.fixture
def small(small_body_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=small_body_server.base_url, timeout=30) as c:
        yield c


def _big_body() -> bytes:
    return b'{"contents":[{"parts":[{"text":"' + b"a" * (MAX_BYTES + 10) + b'"}]}]}'


@pytest.mark.parametrize("method", ["generateContent", "streamGenerateContent", "countTokens"])
def test_oversized_body_is_413(small: httpx.Client, method: str) -> None:
    error = assert_google_error(small.post(gen_url(method=method), content=_big_body()), 413)
    assert str(MAX_BYTES) in error["message"]


def test_oversized_chunked_body_without_content_length_is_413(small: httpx.Client) -> None:
    body = _big_body()

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 8192):
            yield body[i : i + 8192]

    response = small.post(gen_url(), content=chunks())
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert_google_error(response, 413)


def test_body_under_the_limit_is_fine(small: httpx.Client) -> None:
    ok_json(small.post(gen_url(), json=text_body("a" * (MAX_BYTES // 2))))


# -- 503 -------------------------------------------------------------------------------------


def _busy_error(server: LiveServer, url: str, ratio: str) -> httpx.Response:
    with httpx.Client(base_url=server.base_url, timeout=30) as c, holding_slot(server.base_url, ratio):
        return c.post(url, json=text_body(imageConfig={"imageSize": "512"}))


@pytest.mark.parametrize(
    ("url", "ratio"),
    [(gen_url(), "1:1"), (gen_url(method="streamGenerateContent") + "?alt=sse", "4:3"),
     (gen_url(method="streamGenerateContent"), "3:4")],
)  # fmt: skip
def test_saturated_server_answers_503(saturated_server: LiveServer, url: str, ratio: str) -> None:
    """``--workers 1 --queue 0``: while one generation runs, the next is refused up front with 503
    UNAVAILABLE (a plain JSON error even for a stream), and the slot is free again afterwards."""
    error = assert_google_error(_busy_error(saturated_server, url, ratio), 503)
    assert "overloaded" in error["message"]
    with httpx.Client(base_url=saturated_server.base_url, timeout=30) as c:
        ok_json(c.post(gen_url(), json=text_body()))
        ok_json(c.post(gen_url(method="countTokens"), json=text_body()))  # never queued


def test_saturated_server_concurrent_burst(saturated_server: LiveServer) -> None:
    """A burst of concurrent requests: each one is either exactly 200 or a 503 Google error."""
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def one(ratio: str) -> None:
        with httpx.Client(base_url=saturated_server.base_url, timeout=60) as c:
            response = c.post(gen_url(), json=text_body(imageConfig={"aspectRatio": ratio, "imageSize": "4K"}))
        with lock:
            results.append(response)

    with holding_slot(saturated_server.base_url, "5:4"):
        threads = [threading.Thread(target=one, args=(r,)) for r in ("4:5", "3:2", "2:3", "16:9")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    codes = sorted(r.status_code for r in results)
    assert 503 in codes, codes
    for response in results:
        if response.status_code == 200:
            ok_json(response)
        else:
            assert_google_error(response, 503)


# -- misc --------------------------------------------------------------------------------------


def test_errors_never_leak_internals(client: httpx.Client) -> None:
    response = client.post(gen_url(), json={"contents": [{"parts": [{"inlineData": {"data": 12}}]}]})
    error = assert_google_error(response, 400)
    assert "pydantic" not in error["message"].lower() and "Traceback" not in error["message"]


class _Exploding(NoopGenerator):
    def render(self, plan, request):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internal detail")


def test_an_unexpected_failure_is_a_google_500_with_the_request_id() -> None:
    """A generator crash never leaks a traceback: the client gets INTERNAL naming its request id."""
    app = create_app(Services.build(Settings(), _Exploding()))
    with TestClient(app, raise_server_exceptions=False) as local:
        response = local.post(
            "/v1beta/models/openbanana:generateContent",
            json={"contents": [{"parts": [{"text": "x"}]}]},
            headers={"x-request-id": "req-42"},
        )
    assert response.status_code == 500
    assert_google_error(response, 500)
    assert response.headers["x-request-id"] == "req-42"
    assert "req-42" in response.json()["error"]["message"]
    assert "secret" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("alt", ["", "?alt=sse"])
def test_a_failure_after_the_stream_started_is_in_band_and_well_formed(alt: str) -> None:
    app = create_app(Services.build(Settings(), _Exploding()))
    with TestClient(app, raise_server_exceptions=False) as local:
        response = local.post(
            "/v1beta/models/openbanana:streamGenerateContent" + alt,
            json={"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {"responseModalities": ["IMAGE"]}},
        )
    assert response.status_code == 200
    if alt:
        events = [json.loads(line[6:]) for line in response.text.split("\r\n") if line.startswith("data: ")]
    else:
        events = json.loads(response.text)  # the whole body is one valid JSON array
    assert list(events[-1]) == ["error"] and events[-1]["error"]["code"] == 500
    assert "secret" not in response.text
