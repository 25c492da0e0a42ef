"""Request ids, one log line per request, and per-route HTTP metrics: one pure ASGI middleware.

Pure ASGI rather than ``@app.middleware("http")`` so that the latency and the status it records are the
real ones for streamed (SSE) answers too: the line is written after the last body chunk went out, not
when the headers did.

* ``x-request-id``: a client's id is echoed when it is sane (1–128 printable ASCII characters, no
  spaces), otherwise a fresh one is made; it is on every response, on ``request.state.request_id`` and,
  through :data:`current_request_id`, on every log record made while the request runs (worker threads
  included: anyio copies the context into them).
* The log line (logger ``openbanana.access``, INFO) carries ``request_id, method, path, status,
  latency_ms, model, key_id`` as record attributes; :class:`openbanana.logging_setup.JsonFormatter`
  writes them as JSON fields. The query string is logged with every value replaced except a few
  harmless ones (``alt``, paging), so keys (``?key=``) and upload ids never reach a log.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openbanana.observability.metrics import Metrics

REQUEST_ID_HEADER = "x-request-id"
_SANE_ID = re.compile(r"^[\x21-\x7e]{1,128}$")
#: Query parameters whose values are logged as sent; every other value is logged as ``REDACTED``.
_SAFE_QUERY = frozenset({"alt", "pageSize", "page_size", "pageToken", "page_token", "uploadType", "upload_protocol"})

#: The id of the request being served in this context (None outside a request).
current_request_id: ContextVar[str | None] = ContextVar("openbanana_request_id", default=None)

access_log = logging.getLogger("openbanana.access")


def request_id_from(header: str | None) -> str:
    """The client's id when it is sane, else a new random one."""
    if header is not None and _SANE_ID.match(header):
        return header
    return secrets.token_hex(16)


def loggable_path(path: str, query: bytes) -> str:
    """``path?query`` with every query value but the harmless ones replaced by ``REDACTED``."""
    if not query:
        return path
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    shown = "&".join(f"{k}={v if k in _SAFE_QUERY else 'REDACTED'}" for k, v in pairs)
    return f"{path}?{shown}" if shown else path


def route_template(scope: Scope) -> str:
    """The matched route's full template (bounded label values for metrics), or ``unmatched``.

    FastAPI shares one route object among the prefixes a router is included under (``/v1``,
    ``/v1beta``, ...), so ``route.path`` lacks the prefix; it is recovered from the request path, whose
    tail is the template filled with the path parameters. The prefix is one of the app's literal
    include prefixes (the route matched), so the label set stays bounded.
    """
    route = scope.get("route")
    template = getattr(route, "path", None)
    if not isinstance(template, str):
        return "unmatched"
    template = _CONVERTOR.sub(r"{\1}", template)
    params = scope.get("path_params") or {}
    try:
        filled = _PARAM.sub(lambda m: str(params[m.group(1)]), template)
    except KeyError:
        return template
    path = str(scope.get("path", ""))
    if filled and path.endswith(filled):
        return path[: len(path) - len(filled)] + template
    return template


_CONVERTOR = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*):[A-Za-z_]+\}")
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RequestMiddleware:
    """Assign the request id, time the request, log it and count it."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_from(Headers(scope=scope).get(REQUEST_ID_HEADER))
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = rid
        token = current_request_id.set(rid)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = int(message["status"])
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = rid
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                if response_started:  # mid-stream: nothing more can be said to the client
                    raise
                from openbanana.api.errors import internal_error_response  # api imports us, not the reverse

                await internal_error_response(Request(scope), exc)(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            self._record(scope, state, rid, status, seconds)
            current_request_id.reset(token)

    def _record(self, scope: Scope, state: dict[str, Any], rid: str, status: int, seconds: float) -> None:
        method = str(scope.get("method", "GET"))
        if self.metrics is not None:
            self.metrics.http_request(method, route_template(scope), status, seconds)
        if not access_log.isEnabledFor(logging.INFO):
            return
        path = loggable_path(str(scope.get("path", "")), scope.get("query_string", b""))
        params = scope.get("path_params") or {}
        model = params.get("model") if isinstance(params, dict) else None
        model = model[:100] if isinstance(model, str) else None
        caller = state.get("caller")
        key_id = getattr(caller, "key_id", None)
        latency_ms = round(seconds * 1000, 1)
        access_log.info(
            "%s %s %d %.1f ms", method, path, status, latency_ms,
            extra={
                "request_id": rid, "method": method, "path": path, "status": status,
                "latency_ms": latency_ms, "model": model, "key_id": key_id,
            },
        )  # fmt: skip
