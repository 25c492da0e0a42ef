"""Shared helpers for the raw-HTTP conformance tests: request bodies, base64 variants, checks on
Google-shaped errors and camelCase-only responses, SSE parsing, and a "blocker" that holds a server's
only generation slot so the next request meets a saturated server (503)."""

from __future__ import annotations

import base64
import io
import json
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from PIL import Image

FLASH = "gemini-3.1-flash-image-preview"
PRO = "gemini-3-pro-image-preview"
NANO = "gemini-2.5-flash-image"
API_VERSIONS = ("v1", "v1beta", "v1alpha")

#: The google.rpc status name for each HTTP code the server uses.
STATUS_FOR = {
    400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
    413: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}  # fmt: skip

_CAMEL_KEY = re.compile(r"^(@type|[a-z][A-Za-z0-9]*)$")
_STD_B64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")


# -- request building ---------------------------------------------------------------------------


def gen_url(model: str = FLASH, method: str = "generateContent", version: str = "v1beta") -> str:
    return f"/{version}/models/{model}:{method}"


def text_body(prompt: str = "a yellow square", **generation_config: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": prompt}]}]}
    if generation_config:
        body["generationConfig"] = generation_config
    return body


def noise_png(width: int, height: int, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    img = Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def tricky_png(width: int = 64, height: int = 36) -> bytes:
    """A PNG whose base64 needs both ``+`` and ``/`` (so the two alphabets differ) and padding."""
    for seed in range(200):
        png = noise_png(width, height, seed)
        std = base64.b64encode(png).decode()
        if "+" in std and "/" in std and std.endswith("=") and len(png) % 3 != 0:
            return png
    raise AssertionError("no suitable PNG found")


def b64_variants(data: bytes) -> dict[str, str]:
    std = base64.b64encode(data).decode()
    url = base64.urlsafe_b64encode(data).decode()
    return {
        "standard": std,
        "standard-unpadded": std.rstrip("="),
        "urlsafe": url,
        "urlsafe-unpadded": url.rstrip("="),
        "standard-wrapped": "\n".join(std[i : i + 76] for i in range(0, len(std), 76)),
    }


def image_part(data: bytes, mime: str = "image/png", camel: bool = True) -> dict[str, Any]:
    blob = {"data": base64.b64encode(data).decode(), ("mimeType" if camel else "mime_type"): mime}
    return {"inlineData": blob} if camel else {"inline_data": blob}


# -- response checks ----------------------------------------------------------------------------


def assert_google_error(response: httpx.Response, code: int, status: str | None = None) -> dict[str, Any]:
    """The Gemini error shape: HTTP ``code`` and ``{"error": {"code", "message", "status"}}``."""
    assert response.status_code == code, f"expected {code}, got {response.status_code}: {response.text[:500]}"
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    url = response.request.url
    if url.path.endswith(":streamGenerateContent") and url.params.get("alt") != "sse":
        # the non-SSE stream is one JSON array, errors included (the SDK unwraps a one-element list)
        assert isinstance(body, list) and len(body) == 1, body
        body = body[0]
    assert isinstance(body, dict) and list(body) == ["error"], body
    error = body["error"]
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"], error
    assert error["status"] == (status or STATUS_FOR[code]), error
    assert set(error) <= {"code", "message", "status", "details"}, error
    for detail in error.get("details", []):
        assert detail["@type"].startswith("type.googleapis.com/google.rpc."), detail
    return dict(error)


def assert_camel_keys(obj: Any, where: str = "$") -> None:
    """Responses must use one spelling only, camelCase (the SDK rejects a dict holding both)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            assert _CAMEL_KEY.match(key), f"non-camelCase key {key!r} at {where}"
            assert_camel_keys(value, f"{where}.{key}")
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            assert_camel_keys(value, f"{where}[{i}]")


def ok_json(response: httpx.Response) -> dict[str, Any]:
    """A success is exactly HTTP 200 with a camelCase JSON body."""
    assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
    body = response.json()
    assert_camel_keys(body)
    return dict(body)


def parts_of(body: dict[str, Any], candidate: int = 0) -> list[dict[str, Any]]:
    content = body["candidates"][candidate].get("content") or {}
    return list(content.get("parts", []))


def decode_std_b64(data: str) -> bytes:
    """Responses carry standard base64 (what the cookbook decodes with ``base64.b64decode``)."""
    assert _STD_B64.match(data), "response base64 is not the standard alphabet"
    return base64.b64decode(data, validate=True)


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        assert img.format == "PNG"
        return img.size


def images_of(body: dict[str, Any], candidate: int = 0, thoughts: bool = False) -> list[tuple[int, int]]:
    """Pixel sizes of the (non-thought, unless ``thoughts``) images in one candidate."""
    out = []
    for part in parts_of(body, candidate):
        if "inlineData" in part and bool(part.get("thought")) == thoughts:
            assert part["inlineData"]["mimeType"] == "image/png"
            out.append(png_size(decode_std_b64(part["inlineData"]["data"])))
    return out


def image_size_of(body: dict[str, Any]) -> tuple[int, int]:
    sizes = images_of(body)
    assert len(sizes) == 1, f"expected exactly one output image, got {sizes}"
    return sizes[0]


def parse_sse(raw: bytes) -> list[dict[str, Any]]:
    """Split an SSE body, insisting on the exact framing ``data: <json>\\r\\n\\r\\n`` per event."""
    assert raw.endswith(b"\r\n\r\n"), raw[-50:]
    events = raw.split(b"\r\n\r\n")[:-1]
    out = []
    for event in events:
        assert event.startswith(b"data: "), event[:50]
        payload = event[len(b"data: ") :]
        assert b"\n" not in payload and b"\r" not in payload
        out.append(json.loads(payload))
    return out


# -- saturation ---------------------------------------------------------------------------------


def blocker_body(ratio: str) -> dict[str, Any]:
    """A streamed request whose first big render comes after the response headers: while it runs
    (and while its unread output backs up) it holds a generation slot."""
    return text_body(
        "hold the only slot",
        candidateCount=4,
        imageConfig={"aspectRatio": ratio, "imageSize": "4K"},
        thinkingConfig={"thinkingLevel": "HIGH", "includeThoughts": True},
    )


@contextmanager
def holding_slot(base_url: str, ratio: str) -> Iterator[httpx.Response]:
    """Hold the slot until the block exits; then read the stream to its end, which frees it."""
    with (
        httpx.Client(base_url=base_url, timeout=60) as client,
        client.stream("POST", gen_url(method="streamGenerateContent") + "?alt=sse", json=blocker_body(ratio)) as r,
    ):
        assert r.status_code == 200, r.read()
        yield r
        for _ in r.iter_raw():
            pass
