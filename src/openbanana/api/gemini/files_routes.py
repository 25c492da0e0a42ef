"""Files API routes (thin; the work is in :mod:`openbanana.api.gemini.files_adapter`).

``router`` is mounted under each ``/{v}`` like the other Gemini routes and requires an API key.
``upload_router`` is mounted at the root: it serves ``/upload/{v}/files`` (and ``/{v}/upload/files``,
where the SDK posts with ``base_url_resource_scope=COLLECTION``), whose chunk requests carry no key and
are authorised by their ``upload_id`` (reference gotcha 10), plus ``/download/{v}/files/{id}:download``.
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from openbanana.api.gemini import files_adapter
from openbanana.api.gemini.routes import require_key

router = APIRouter(dependencies=[Depends(require_key)])
upload_router = APIRouter()


@router.get("/files/{file_id}:download", response_model=None)
async def download_file(request: Request, file_id: str) -> Response:
    return await files_adapter.download_file(request, file_id)


@router.get("/files/{file_id}")
async def get_file(request: Request, file_id: str) -> JSONResponse:
    return await files_adapter.get_file(request, file_id)


@router.delete("/files/{file_id}")
async def delete_file(request: Request, file_id: str) -> JSONResponse:
    return await files_adapter.delete_file(request, file_id)


@router.get("/files")
async def list_files(request: Request) -> JSONResponse:
    return await files_adapter.list_files(request)


async def _upload(request: Request, version: str, path: str) -> Response:
    files_adapter.check_version(request, version)
    upload_id = request.query_params.get("upload_id")
    if upload_id:
        return await files_adapter.upload_chunk(request, version, upload_id)
    # Only the start needs the key; the upload id it returns authorises the rest. (require_key may
    # look the key up in the database: off the event loop.)
    await anyio.to_thread.run_sync(require_key, request)
    return await files_adapter.start_upload(request, version, path)


@upload_router.post("/upload/{version}/files", response_model=None)
async def upload(request: Request, version: str) -> Response:
    return await _upload(request, version, f"/upload/{version}/files")


@upload_router.post("/{version}/upload/files", response_model=None)
async def upload_collection_scope(request: Request, version: str) -> Response:
    return await _upload(request, version, f"/{version}/upload/files")


@upload_router.get("/download/{version}/files/{file_id}:download", response_model=None)
async def download(request: Request, version: str, file_id: str) -> Response:
    files_adapter.check_version(request, version)
    await anyio.to_thread.run_sync(require_key, request)
    return await files_adapter.download_file(request, file_id, version)
