"""Gemini REST routes. Thin: each one hands the request to :mod:`openbanana.api.gemini.adapter`.

The same router is mounted under ``/v1``, ``/v1beta`` and ``/v1alpha`` (SDK 3.x calls v1, SDK 1.x/2.x
and the curl docs call v1beta), so every version serves the identical surface.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from openbanana.api.auth import authenticate
from openbanana.api.caller import OPEN_ACCESS_ID, Caller, static_key_id
from openbanana.api.gemini import adapter


def require_key(request: Request) -> Caller:
    """Authenticate and remember the caller on ``request.state.caller`` for the platform services."""
    key = authenticate(request, adapter.services(request).settings)
    caller = Caller(OPEN_ACCESS_ID) if adapter.services(request).settings.open_access or key is None else (
        Caller(static_key_id(key))
    )
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
