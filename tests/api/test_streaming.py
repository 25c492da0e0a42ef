"""streamGenerateContent: SSE framing bytes (gotcha 8), the progressive JSON array curl gets without
``alt=sse``, chunk contents (§5), errors before and after the stream starts."""

from __future__ import annotations

import json
from typing import Any

import anyio
import httpx
import pytest

from openbanana.api.app import create_app
from openbanana.config import Settings
from openbanana.engine.request import ImageRequest
from openbanana.generators.base import Plan, RenderedImage
from openbanana.generators.noop import NoopGenerator
from openbanana.services import Services
from tests.api.expected import OUTPUT_TOKENS, PIXELS
from tests.api.helpers import (
    FLASH,
    assert_camel_keys,
    assert_google_error,
    decode_std_b64,
    gen_url,
    parse_sse,
    png_size,
    text_body,
)

STREAM = gen_url(method="streamGenerateContent")
THINKING: dict[str, Any] = {"thinkingConfig": {"thinkingLevel": "HIGH", "includeThoughts": True},
            "imageConfig": {"aspectRatio": "4:1", "imageSize": "512"}}  # fmt: skip


def _check_chunks(chunks: list[dict[str, Any]], size: tuple[int, int]) -> None:
    """Each chunk is a whole GenerateContentResponse with only new parts; ids repeat; the last chunk
    carries finishReason and the final usage; images arrive whole."""
    assert len(chunks) >= 3
    for chunk in chunks:
        assert_camel_keys(chunk)
        assert chunk["modelVersion"] == FLASH
        assert chunk["responseId"] == chunks[0]["responseId"]
        for candidate in chunk.get("candidates", []):
            assert candidate["index"] == 0
    assert "finishReason" not in json.dumps(chunks[:-1])
    last = chunks[-1]
    assert last["candidates"][0]["finishReason"] == "STOP"
    usage = last["usageMetadata"]
    assert usage["candidatesTokenCount"] >= OUTPUT_TOKENS[FLASH]["512"]
    assert usage["totalTokenCount"] == (
        usage["promptTokenCount"] + usage["candidatesTokenCount"] + usage.get("thoughtsTokenCount", 0)
    )
    parts = [p for c in chunks for cand in c.get("candidates", []) for p in cand.get("content", {}).get("parts", [])]
    flags = [bool(p.get("thought")) for p in parts]
    assert flags[0] and not flags[-1] and flags == sorted(flags, reverse=True)
    finals = [p for p in parts if "inlineData" in p and not p.get("thought")]
    assert len(finals) == 1 and "thoughtSignature" in finals[0]
    assert png_size(decode_std_b64(finals[0]["inlineData"]["data"])) == size


def test_sse_framing_is_exact(client: httpx.Client) -> None:
    response = client.post(STREAM + "?alt=sse", json=text_body(**THINKING))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    raw = response.content
    assert raw.startswith(b"data: {")  # "data: " with the space; "data:{" breaks the SDK
    assert b"[DONE]" not in raw
    _check_chunks(parse_sse(raw), PIXELS["4:1"]["512"])


def test_sse_alt_is_case_insensitive_and_works_with_key_param(client: httpx.Client) -> None:
    response = client.post(STREAM + "?key=anything&alt=SSE", json=text_body(responseModalities=["IMAGE"]))
    assert response.status_code == 200
    chunks = parse_sse(response.content)
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"


def test_sse_events_arrive_progressively(client: httpx.Client) -> None:
    with client.stream("POST", STREAM + "?alt=sse", json=text_body(**THINKING)) as response:
        assert response.status_code == 200
        pieces = [bytes(b) for b in response.iter_raw()]
    assert len(pieces) >= 2, "the whole stream arrived as one write"
    assert pieces[0].startswith(b"data: ")


def test_json_array_stream_without_alt(client: httpx.Client) -> None:
    """The real API streams one JSON array, elements separated by ``,\\r\\n``."""
    response = client.post(STREAM, json=text_body(**THINKING))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    raw = response.content
    assert raw.startswith(b"[{") and raw.endswith(b"}]")
    assert b"},\r\n{" in raw
    chunks = json.loads(raw)
    assert isinstance(chunks, list)
    _check_chunks(chunks, PIXELS["4:1"]["512"])
    sse = parse_sse(client.post(STREAM + "?alt=sse", json=text_body(**THINKING)).content)
    assert len(sse) == len(chunks)


def test_errors_before_the_stream_are_plain_google_errors(client: httpx.Client) -> None:
    bad = text_body(imageConfig={"aspectRatio": "2:1"})
    assert_google_error(client.post(STREAM + "?alt=sse", json=bad), 400)
    assert_google_error(client.post(STREAM, json=bad), 400)
    assert_google_error(client.post(gen_url("no-such-model", "streamGenerateContent") + "?alt=sse",
                                    json=text_body()), 404)  # fmt: skip
    assert_google_error(client.post(STREAM + "?alt=sse", content=b"{nope"), 400)


# -- an error after the response started --------------------------------------------------------


class _SecondRenderFails(NoopGenerator):
    def __init__(self) -> None:
        self.renders = 0

    def render(self, plan: Plan, request: ImageRequest) -> RenderedImage:
        self.renders += 1
        if self.renders > 1:
            raise RuntimeError("renderer crashed")
        return super().render(plan, request)


def _stream_in_process(alt: str) -> tuple[int, bytes]:
    app = create_app(Services.build(Settings(generator="noop"), generator=_SecondRenderFails()))
    body = text_body(candidateCount=2, thinkingConfig={"includeThoughts": True},
                     imageConfig={"imageSize": "512"})  # fmt: skip

    async def go() -> tuple[int, bytes]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            response = await c.post(STREAM + alt, json=body)
            return response.status_code, response.content

    return anyio.run(go)


def test_mid_stream_error_is_an_sse_event_with_error_first() -> None:
    """Candidate 0 streams fine, candidate 1's render fails: 200, earlier chunks, then
    ``data: {"error": {...}}`` with ``error`` as the first key, and the stream ends."""
    status, raw = _stream_in_process("?alt=sse")
    assert status == 200
    events = parse_sse(raw)
    *good, last = events
    assert good and all("candidates" in e for e in good)
    assert any("inlineData" in json.dumps(e) for e in good)
    assert raw.rsplit(b"data: ", 1)[1].startswith(b'{"error":')
    assert list(last) == ["error"]
    assert last["error"]["code"] == 500 and last["error"]["status"] == "INTERNAL"
    assert "renderer crashed" not in last["error"]["message"]  # no internals leak


def test_mid_stream_error_in_json_array() -> None:
    status, raw = _stream_in_process("")
    assert status == 200
    chunks = json.loads(raw)
    assert list(chunks[-1]) == ["error"] and chunks[-1]["error"]["code"] == 500
    assert "candidates" in chunks[0]


@pytest.mark.parametrize("alt", ["?alt=sse", ""])
def test_stream_text_only(client: httpx.Client, alt: str) -> None:
    response = client.post(STREAM + alt, json=text_body(responseModalities=["TEXT"]))
    assert response.status_code == 200
    chunks = parse_sse(response.content) if alt else json.loads(response.content)
    assert "inlineData" not in json.dumps(chunks)
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"


def test_stream_with_two_candidates(client: httpx.Client) -> None:
    body = text_body(candidateCount=2, imageConfig={"aspectRatio": "8:1", "imageSize": "512"})
    chunks = parse_sse(client.post(STREAM + "?alt=sse", json=body).content)
    finished = [c["index"] for ch in chunks for c in ch.get("candidates", []) if c.get("finishReason") == "STOP"]
    assert sorted(finished) == [0, 1]
    for index in (0, 1):
        images = [
            png_size(decode_std_b64(p["inlineData"]["data"]))
            for ch in chunks
            for c in ch.get("candidates", [])
            if c["index"] == index
            for p in c.get("content", {}).get("parts", [])
            if "inlineData" in p
        ]
        assert images == [PIXELS["8:1"]["512"]]
    assert chunks[-1]["usageMetadata"]["candidatesTokenCount"] >= 2 * OUTPUT_TOKENS[FLASH]["512"]
