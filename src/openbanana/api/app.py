"""The ASGI application factory. Everything it needs comes in through :class:`Services`."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from openbanana import __version__
from openbanana.api.errors import error_body, install_error_handlers
from openbanana.api.gemini.adapter import API_VERSIONS
from openbanana.api.gemini.batches_routes import router as batches_router
from openbanana.api.gemini.files_routes import router as files_router
from openbanana.api.gemini.files_routes import upload_router
from openbanana.api.gemini.routes import router as gemini_router
from openbanana.api.openbanana.routes import router as extension_router
from openbanana.api.openbanana.usage_routes import router as usage_router
from openbanana.api.openbanana.verify_routes import router as verify_router
from openbanana.observability.health import Readiness, readiness
from openbanana.observability.requestlog import RequestMiddleware
from openbanana.services import Services

#: A readiness probe that takes longer than this is answered 503 (the check keeps running, abandoned).
READY_TIMEOUT_S = 5.0


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
        app.include_router(batches_router, prefix=f"/{version}")
        app.include_router(extension_router, prefix=f"/{version}")
        app.include_router(usage_router, prefix=f"/{version}")
        app.include_router(verify_router, prefix=f"/{version}")
        app.include_router(files_router, prefix=f"/{version}")
    app.include_router(upload_router)  # /upload/{v}/files, /{v}/upload/files, /download/{v}/files/...

    # Request ids, the access log line and per-route HTTP metrics; unhandled errors still answer a
    # Google-shaped 500 naming the request id (see observability/requestlog.py).
    app.add_middleware(RequestMiddleware, metrics=services.metrics)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        try:
            with anyio.fail_after(READY_TIMEOUT_S):
                result = await anyio.to_thread.run_sync(readiness, services, abandon_on_cancel=True)
        except TimeoutError:
            result = Readiness(ready=False, reason=f"checks did not finish within {READY_TIMEOUT_S:g} s")
        return JSONResponse(result.to_json(), status_code=200 if result.ready else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        wanted = services.settings.metrics_key
        if wanted and not _metrics_key_ok(request, wanted):
            return JSONResponse(error_body(401, "/metrics needs the metrics key (OPENBANANA_METRICS_KEY)."), 401)
        body, content_type = await anyio.to_thread.run_sync(services.metrics.render, request.headers.get("accept", ""))
        return Response(body, media_type=content_type)

    return app


def _metrics_key_ok(request: Request, wanted: str) -> bool:
    """``Authorization: Bearer <key>`` (what Prometheus' ``authorization`` config sends) or ``x-goog-api-key``."""
    auth = request.headers.get("authorization", "")
    given = auth[7:].strip() if auth[:7].lower() == "bearer " else request.headers.get("x-goog-api-key", "")
    return secrets.compare_digest(given.encode(), wanted.encode())
