"""Gemini REST routes. Thin: each one hands the request to :mod:`openbanana.api.gemini.adapter`.

The same router is mounted under ``/v1``, ``/v1beta`` and ``/v1alpha`` (SDK 3.x calls v1, SDK 1.x/2.x
and the curl docs call v1beta), so every version serves the identical surface.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from openbanana.api.auth import authenticate
from openbanana.api.caller import Caller
from openbanana.api.gemini import adapter
from openbanana.api.state import services


def require_key(request: Request) -> Caller:
    """Authenticate (static or managed key, or open mode) and remember the caller, with its rate limits,
    on ``request.state.caller`` for the platform services. A plain ``def``: FastAPI runs it on a worker
    thread, so the key lookup in the database never blocks the event loop."""
    svc = services(request)
    caller = authenticate(request, svc.settings, svc.keys)
    request.state.caller = caller
    return caller


router = APIRouter(dependencies=[Depends(require_key)])


@router.post("/models/{model}:generateContent")
async def generate_content(request: Request, model: str) -> JSONResponse:
    return await adapter.generate_content(request, model)


@router.post("/models/{model}:streamGenerateContent", response_model=None)
async def stream_generate_content(request: Request, model: str) -> Response:
    return await adapter.stream_generate_content(request, model)


@router.post("/models/{model}:countTokens")
async def count_tokens(request: Request, model: str) -> JSONResponse:
    return await adapter.count_tokens(request, model)


@router.get("/models")
async def list_models(request: Request) -> JSONResponse:
    return await adapter.list_models(request)


@router.get("/models/{model}")
async def get_model(request: Request, model: str) -> JSONResponse:
    return await adapter.get_model(request, model)
