"""The Files API on the wire: resumable uploads, get, list, delete, download (reference §9).

Routes in :mod:`openbanana.api.gemini.files_routes` call these functions; the rules live in
:mod:`openbanana.files`. Uploads answer with the ``X-Goog-Upload-*`` headers the SDK reads: a start
must return ``X-Goog-Upload-URL`` (the SDK keeps its path and query and swaps in its own scheme and
host, so the path carries any prefix we are served under), and every chunk answer, errors included,
carries ``X-Goog-Upload-Status`` (without it the SDK re-sends the chunk three times, sleeping 7 s).
"""

from __future__ import annotations

import re
from typing import Any

import anyio.to_thread
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict
from starlette.requests import ClientDisconnect

from openbanana.api import paging
from openbanana.api.body import read_json
from openbanana.api.caller import caller_of
from openbanana.api.errors import body_for
from openbanana.api.state import services
from openbanana.engine.errors import InvalidArgument, NotFound, OpenBananaError
from openbanana.files.base import API_VERSIONS, FileRecord, FileResolver, to_wire
from openbanana.files.files_sql import DEFAULT_PAGE_SIZE
from openbanana.files.uploads import parse_meta

_PREFIX = re.compile(r"^(/[A-Za-z0-9._~-]+)+$")
#: The JSON body of an upload start is small metadata; anything larger is not a start request.
MAX_START_BODY = 64 * 1024


class _StartBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    file: dict[str, Any] | None = None


def _owner(request: Request) -> str:
    return caller_of(request).key_id


def _version(request: Request, version: str | None = None) -> str:
    if version is not None:
        if version not in API_VERSIONS:
            raise NotFound(f"Method not found: {request.method} {request.url.path}")
        return version
    for segment in request.url.path.split("/"):
        if segment in API_VERSIONS:
            return segment
    return "v1beta"


def check_version(request: Request, version: str) -> str:
    """``version`` from a path parameter, 404 (as an unknown path) unless it is one we serve."""
    return _version(request, version)


def base_url(request: Request) -> str:
    """Scheme, host and any path prefix: what clients used to reach us. The prefix is the ASGI root
    path (``uvicorn --root-path``) or, behind a proxy that strips it, ``X-Forwarded-Prefix``; the SDK
    keeps the path of the upload URL we return, so the prefix must be in it."""
    base = str(request.base_url).rstrip("/")
    prefix = request.headers.get("x-forwarded-prefix", "").strip().rstrip("/")
    if prefix and _PREFIX.match(prefix) and not base.endswith(prefix):
        base += prefix
    return base


def _wire(request: Request, record: FileRecord, version: str | None = None) -> dict[str, Any]:
    return to_wire(record, base_url(request), _version(request, version))


def file_resolver(request: Request) -> FileResolver:
    """The ``fileData.fileUri`` resolver for this request's caller (used by generate and count)."""
    return FileResolver(services(request).files, _owner(request))


# -- resumable upload ---------------------------------------------------------------------------


async def start_upload(request: Request, version: str, upload_path: str) -> Response:
    """``X-Goog-Upload-Command: start``: check the metadata, open the upload, return its URL."""
    protocol = request.headers.get("x-goog-upload-protocol", "").strip().lower()
    if protocol != "resumable":
        raise InvalidArgument(
            "Only the resumable upload protocol is supported: send X-Goog-Upload-Protocol: resumable with "
            "X-Goog-Upload-Command: start."
        )
    command = request.headers.get("x-goog-upload-command", "").strip().lower()
    if command != "start":
        raise InvalidArgument(
            f"Invalid X-Goog-Upload-Command {command!r} without an upload_id: the first request of an upload "
            "must be 'start'."
        )
    svc = services(request)
    body = await read_json(request, _StartBody, MAX_START_BODY)
    headers = {k.lower(): v for k, v in request.headers.items()}
    meta = parse_meta({"file": body.file}, headers)
    upload_id = await anyio.to_thread.run_sync(svc.uploads.start, _owner(request), meta)
    url = f"{base_url(request)}{upload_path}?upload_id={upload_id}&upload_protocol=resumable"
    return Response(
        status_code=200,
        headers={"X-Goog-Upload-Status": "active", "X-Goog-Upload-URL": url, "X-GUploader-UploadID": upload_id},
    )


def _commands(request: Request) -> set[str]:
    raw = request.headers.get("x-goog-upload-command", "")
    return {c.strip().lower() for c in raw.split(",") if c.strip()}


async def upload_chunk(request: Request, version: str, upload_id: str) -> Response:
    """A chunk, a query or a cancel of an open upload, authorised by ``upload_id`` alone."""
    try:
        return await _chunk(request, version, upload_id)
    except OpenBananaError as exc:
        # "final": the SDK stops sending and raises the error instead of retrying the chunk.
        return JSONResponse(body_for(exc), status_code=exc.http_code, headers={"X-Goog-Upload-Status": "final"})


async def _chunk(request: Request, version: str, upload_id: str) -> Response:
    svc = services(request)
    commands = _commands(request)
    if commands == {"query"}:
        received = await anyio.to_thread.run_sync(svc.uploads.query, upload_id)
        return Response(headers={"X-Goog-Upload-Status": "active", "X-Goog-Upload-Size-Received": str(received)})
    if commands == {"cancel"}:
        await anyio.to_thread.run_sync(svc.uploads.query, upload_id)  # unknown ids are still an error
        await anyio.to_thread.run_sync(svc.uploads.abort, upload_id)
        return Response(headers={"X-Goog-Upload-Status": "cancelled"})
    if not commands or not commands <= {"upload", "finalize"}:
        raise InvalidArgument(
            f"Invalid X-Goog-Upload-Command {request.headers.get('x-goog-upload-command', '')!r}: expected "
            "'upload', 'upload, finalize', 'finalize', 'query' or 'cancel'."
        )
    raw_offset = request.headers.get("x-goog-upload-offset", "").strip()
    if not raw_offset.isdigit():
        raise InvalidArgument(f"Invalid or missing X-Goog-Upload-Offset {raw_offset!r}: expected a byte offset.")
    finalize = "finalize" in commands
    try:
        result = await svc.uploads.chunk(upload_id, int(raw_offset), request.stream(), finalize=finalize)
    except ClientDisconnect as exc:  # nothing was committed: the chunk can be sent again at the same offset
        raise InvalidArgument("The chunk was not received completely; send it again at the same offset.") from exc
    headers = {"X-Goog-Upload-Size-Received": str(result.received)}
    if result.file is None:
        return Response(headers=headers | {"X-Goog-Upload-Status": "active"})
    final = headers | {"X-Goog-Upload-Status": "final"}
    return JSONResponse({"file": _wire(request, result.file, version)}, headers=final)


# -- get, list, delete, download ----------------------------------------------------------------


async def get_file(request: Request, file_id: str) -> JSONResponse:
    record = await anyio.to_thread.run_sync(services(request).files.get, _owner(request), file_id)
    return JSONResponse(_wire(request, record))


async def delete_file(request: Request, file_id: str) -> JSONResponse:
    await anyio.to_thread.run_sync(services(request).files.delete, _owner(request), file_id)
    return JSONResponse({})  # 200 {} exactly: the SDK raises on 204


async def list_files(request: Request) -> JSONResponse:
    token = paging.page_token(request) or None
    records, next_token = await anyio.to_thread.run_sync(
        services(request).files.list, _owner(request), paging.page_size(request, DEFAULT_PAGE_SIZE), token
    )
    body: dict[str, Any] = {}
    if records:  # proto3 JSON, as Google answers: an empty list is omitted (the SDK pager reads None as [])
        body["files"] = [_wire(request, r) for r in records]
    if next_token:
        body["nextPageToken"] = next_token
    return JSONResponse(body)


async def download_file(request: Request, file_id: str, version: str | None = None) -> Response:
    """Raw bytes streamed from the blob store (``alt=media``, which is also what we answer without it)."""
    _version(request, version)
    alt = request.query_params.get("alt", "media").lower()
    if alt not in ("media", ""):
        raise InvalidArgument(f"Invalid alt={alt!r} for a download: use alt=media.")
    record, blocks = await anyio.to_thread.run_sync(services(request).files.open, _owner(request), file_id)
    return StreamingResponse(
        blocks,
        media_type=record.mime_type,
        headers={
            "Content-Length": str(record.size_bytes),
            "Content-Disposition": f'attachment; filename="{record.id}"',
        },
    )
