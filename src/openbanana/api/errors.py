"""Google-style error bodies for every failure, whatever raised it.

``{"error": {"code", "message", "status", "details"}}`` with the matching HTTP code: the SDK turns
this into ``ClientError``/``ServerError`` with ``.code``/``.status``/``.message``. Unexpected
exceptions become a plain 500 INTERNAL with the request id; no stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from openbanana.engine.errors import OpenBananaError

log = logging.getLogger("openbanana.api")

_HTTP_STATUS = {
    400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
    409: "ALREADY_EXISTS", 413: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL", 501: "UNIMPLEMENTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
}  # fmt: skip


def error_body(code: int, message: str, status: str | None = None, details: list[Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code,
        "message": message,
        "status": status or _HTTP_STATUS.get(code, "UNKNOWN"),
    }
    if details:
        body["details"] = details
    return {"error": body}


def body_for(exc: OpenBananaError) -> dict[str, Any]:
    return error_body(exc.http_code, exc.message, exc.status, exc.details)


def _response(code: int, body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=code)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(OpenBananaError)
    async def _ours(request: Request, exc: OpenBananaError) -> JSONResponse:
        return _response(exc.http_code, body_for(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Google answers an unknown path or method (e.g. Imagen's ``:predict``) with 404 NOT_FOUND.
        if exc.status_code in (404, 405):
            return _response(404, error_body(404, f"Method not found: {request.method} {request.url.path}"))
        return _response(exc.status_code, error_body(exc.status_code, str(exc.detail)))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _response(400, error_body(400, f"Invalid request: {exc.errors()[:3]}"))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return internal_error_response(request, exc)


def internal_error_response(request: Request, exc: BaseException) -> JSONResponse:
    """A plain 500 INTERNAL naming the request id; the traceback goes to the log only."""
    request_id = getattr(request.state, "request_id", "-")
    log.error("unhandled error (request %s)", request_id, exc_info=exc)
    response = _response(
        500, error_body(500, f"An internal error has occurred (request id {request_id}). Please retry.")
    )
    response.headers["x-request-id"] = request_id
    return response
