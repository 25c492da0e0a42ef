"""Batch API routes (reference §10), mounted beside the Gemini routes under every API version.

Thin: each hands the request to :mod:`openbanana.api.gemini.batches_adapter`. Every success is HTTP
200 exactly, cancel and delete included (``200 {}``), since the SDK treats anything else as an error.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from openbanana.api.gemini import batches_adapter
from openbanana.api.gemini.routes import require_key

router = APIRouter(dependencies=[Depends(require_key)])


@router.post("/models/{model}:batchGenerateContent")
async def create_batch(request: Request, model: str) -> JSONResponse:
    return await batches_adapter.create_batch(request, model)


@router.get("/batches")
async def list_batches(request: Request) -> JSONResponse:
    return await batches_adapter.list_batches(request)


@router.post("/batches/{batch_id}:cancel")
async def cancel_batch(request: Request, batch_id: str) -> JSONResponse:
    return await batches_adapter.cancel_batch(request, batch_id)


@router.get("/batches/{batch_id}")
async def get_batch(request: Request, batch_id: str) -> JSONResponse:
    return await batches_adapter.get_batch(request, batch_id)


@router.delete("/batches/{batch_id}")
async def delete_batch(request: Request, batch_id: str) -> JSONResponse:
    return await batches_adapter.delete_batch(request, batch_id)
