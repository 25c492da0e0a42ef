"""The ASGI application factory. Everything it needs comes in through :class:`Services`."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from openbanana import __version__
from openbanana.api.errors import install_error_handlers, internal_error_response
from openbanana.api.gemini.adapter import API_VERSIONS
from openbanana.api.gemini.files_routes import router as files_router
from openbanana.api.gemini.files_routes import upload_router
from openbanana.api.gemini.routes import router as gemini_router
from openbanana.api.openbanana.routes import router as extension_router
from openbanana.services import Services


def create_app(services: Services) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        services.start()  # background jobs: batch workers, expiry sweepers
        try:
            yield
        finally:
            services.close()

    # No Swagger/ReDoc pages: they load their assets from a CDN. /openapi.json stays available.
    app = FastAPI(title="openbanana", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.services = services
    install_error_handlers(app)
    for version in API_VERSIONS:
        app.include_router(gemini_router, prefix=f"/{version}")
        app.include_router(extension_router, prefix=f"/{version}")
        app.include_router(files_router, prefix=f"/{version}")
    app.include_router(upload_router)  # /upload/{v}/files, /{v}/upload/files, /download/{v}/files/...

    @app.middleware("http")
    async def request_id(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        rid = request.headers.get("x-request-id") or secrets.token_hex(8)
        request.state.request_id = rid
        try:
            response = await call_next(request)
        except Exception as exc:  # the error handlers answered nothing: still a Google-shaped 500
            return internal_error_response(request, exc)
        response.headers["x-request-id"] = rid
        return response

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    return app
