"""``Idempotency-Key`` on ``generateContent`` and ``streamGenerateContent``: a retry gets the stored answer.

A client that lost a response (timeout, dropped connection) retries with the same ``Idempotency-Key``
(or ``X-Idempotency-Key``) header and the same body; it gets the first answer byte for byte, with
``x-openbanana-idempotent-replay: true``, and nothing is generated, metered or billed again. Keys are
per caller (the API key's id), so two callers never see each other's answers. The rules:

* same key, same body (SHA-256 of the raw bytes) → the stored response (status, body, content type);
* same key, different body → 409 ``ALREADY_EXISTS``;
* same key while the first request is still running → 409 ``ABORTED`` (retry after it finishes);
* only a 200 is stored (a streamed answer only when it ended without an in-band error), so a request
  that failed (400, 429, 503, ...) may be retried under the same key; records live 24 h.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import anyio.to_thread
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from openbanana.api.caller import caller_of
from openbanana.api.state import services
from openbanana.engine.errors import Aborted, AlreadyExists, InvalidArgument, PayloadTooLarge
from openbanana.idempotency import Claimed, IdempotencyStore, InFlight, Mismatch, Replay, body_hash, key_problem

HEADERS = ("idempotency-key", "x-idempotency-key")
REPLAY_HEADER = "x-openbanana-idempotent-replay"
#: Response headers that belong to the answer and are replayed with it (others are per-response).
KEPT_HEADERS = ("x-openbanana-conversation",)

R = TypeVar("R", bound=Response)


class ReplayResponse(JSONResponse):
    """A stored response sent back as stored (already-encoded bytes, any content type)."""

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else super().render(content)


def _store(request: Request) -> IdempotencyStore:
    svc = services(request)
    return svc.idempotency


def idempotency_key(request: Request) -> str | None:
    """The request's idempotency key (None when it sent none); 400 when it is malformed."""
    for name in HEADERS:
        value = request.headers.get(name)
        if value is not None:
            problem = key_problem(value)
            if problem is not None:
                raise InvalidArgument(f"Invalid {name} header: the key {problem}.")
            return value
    return None


async def _raw_body(request: Request, max_bytes: int) -> bytes:
    """The raw body, read once under the size limit; later readers (``read_json``) get the same bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"Request payload size exceeds the limit: {max_bytes} bytes.")
    raw = bytearray()
    async for chunk in request.stream():
        raw.extend(chunk)
        if len(raw) > max_bytes:
            raise PayloadTooLarge(f"Request payload size exceeds the limit: {max_bytes} bytes.")
    body = bytes(raw)
    request._body = body  # Starlette's own cache: request.stream()/body() now yield these bytes
    return body


async def idempotent(request: Request, run: Callable[[], Awaitable[R]]) -> R | ReplayResponse:
    """Answer with ``run()`` — or, under an idempotency key already answered, with the stored response."""
    key = idempotency_key(request)
    if key is None:
        return await run()
    store = _store(request)
    svc = services(request)
    raw = await _raw_body(request, svc.settings.max_request_bytes)
    key_id = caller_of(request).key_id
    outcome = await anyio.to_thread.run_sync(store.claim, key_id, key, body_hash(raw))
    if isinstance(outcome, Replay):
        request.state.idempotent_replay = True  # for metering/logging: this answer was not generated
        headers = {**outcome.headers, REPLAY_HEADER: "true"}
        return ReplayResponse(outcome.body, outcome.http_status, headers=headers, media_type=outcome.content_type)
    if isinstance(outcome, Mismatch):
        raise AlreadyExists(
            f"Idempotency-Key {key!r} was already used with a different request body; use a new key for a new request."
        )
    if isinstance(outcome, InFlight):
        raise Aborted(f"A request with Idempotency-Key {key!r} is still being processed; retry when it has finished.")
    claim: Claimed = outcome
    try:
        response = await run()
    except BaseException:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(store.release, claim)
        raise
    if response.status_code != 200:
        await anyio.to_thread.run_sync(store.release, claim)
        return response
    if isinstance(response, StreamingResponse):
        response.body_iterator = _recording(store, claim, response, response.body_iterator)
        return response
    await anyio.to_thread.run_sync(lambda: _complete(store, claim, response, bytes(response.body)))
    return response


def _complete(store: IdempotencyStore, claim: Claimed, response: Response, body: bytes) -> None:
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    content_type = response.headers.get("content-type") or response.media_type or "application/json"
    store.complete(claim, http_status=response.status_code, content_type=content_type, headers=headers, body=body)


def _is_error_piece(piece: bytes) -> bool:
    """True for a streamed in-band error (see :mod:`openbanana.api.gemini.streaming`: ``error`` first)."""
    return piece.lstrip(b"[,\r\n").removeprefix(b"data: ").startswith(b'{"error"')


async def _recording(
    store: IdempotencyStore, claim: Claimed, response: StreamingResponse, source: AsyncIterable[Any]
) -> AsyncIterator[bytes]:
    """Pass the stream through while keeping a copy; store it only when it ended cleanly."""
    pieces: list[bytes] = []
    clean = False
    try:
        failed = False
        async for piece in source:
            data = piece if isinstance(piece, bytes) else str(piece).encode()
            failed = failed or _is_error_piece(data)
            pieces.append(data)
            yield piece
        clean = not failed
    finally:
        with anyio.CancelScope(shield=True):
            if clean:
                await anyio.to_thread.run_sync(lambda: _complete(store, claim, response, b"".join(pieces)))
            else:  # an in-band error, or the client went away: the key may be used again
                await anyio.to_thread.run_sync(store.release, claim)
