"""Stream framings for ``streamGenerateContent``.

With ``alt=sse`` each chunk is ``data: <json>`` + blank line (the SDK needs the space after the colon;
there is no terminator). Without it, the real API streams one JSON array progressively. An error after
the response has started is sent in-band as ``{"error": {...}}`` (``error`` first), which the SDK
raises after yielding the earlier chunks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from openbanana.api.errors import body_for, error_body
from openbanana.engine.errors import OpenBananaError

log = logging.getLogger("openbanana.api")


def _dumps(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def _error(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, OpenBananaError):
        return body_for(exc)
    log.exception("error after the stream started", exc_info=exc)
    return error_body(500, "An internal error has occurred while streaming. Please retry.")


async def sse(chunks: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    try:
        async for chunk in chunks:
            yield b"data: " + _dumps(chunk) + b"\r\n\r\n"
    except Exception as exc:
        yield b"data: " + _dumps(_error(exc)) + b"\r\n\r\n"


async def json_array(chunks: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    prefix = b"["
    try:
        async for chunk in chunks:
            yield prefix + _dumps(chunk)
            prefix = b",\r\n"
    except Exception as exc:
        yield prefix + _dumps(_error(exc))
        prefix = b",\r\n"
    yield b"]" if prefix != b"[" else b"[]"
