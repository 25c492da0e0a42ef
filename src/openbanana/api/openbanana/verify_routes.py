"""``POST /{v}/openbanana/verify``: is an image openbanana's, is its C2PA manifest valid, who made it.

The body is the image itself (``Content-Type: image/*`` or ``application/octet-stream``) or JSON with one
part as in ``generateContent``: ``{"inlineData": {"mimeType", "data"}}`` or ``{"fileData": {"fileUri"}}``
(the caller's uploaded files only). The answer is ``openbanana verify --json``'s report for one file.
Ledger details of the request that made the image are shown in full to the key that made it and to the
operator; anyone else learns only the model, the time and the entry id.
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from openbanana.api.body import read_json
from openbanana.api.caller import caller_of
from openbanana.api.gemini.routes import require_key
from openbanana.api.gemini.schemas import WireModel
from openbanana.api.openbanana.usage_routes import is_operator
from openbanana.api.state import services
from openbanana.engine.errors import InvalidArgument, PayloadTooLarge
from openbanana.files.base import FileResolver
from openbanana.imaging.decode import decode_base64

router = APIRouter(prefix="/openbanana", dependencies=[Depends(require_key)])

_RAW_TYPES = ("image/", "application/octet-stream")


class _InlineData(WireModel):
    mime_type: str | None = Field(None, description="Ignored: the type is sniffed from the bytes.")
    data: str = Field(..., description="The image, base64 (standard or URL-safe).")


class _FileData(WireModel):
    file_uri: str = Field(..., description="An uploaded file of the caller: its uri, 'files/<id>' or the id.")
    mime_type: str | None = Field(None, description="Ignored: the type is sniffed from the bytes.")


class VerifyRequest(WireModel):
    """One image, as a ``generateContent`` part."""

    inline_data: _InlineData | None = Field(None, description="The image inline.")
    file_data: _FileData | None = Field(None, description="An image uploaded with the Files API.")
    display_name: str | None = Field(None, max_length=512, description="A name to echo in the report.")


@router.post("/verify")
async def verify(request: Request) -> JSONResponse:
    svc = services(request)
    caller = caller_of(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    name = "image"
    if content_type.startswith(_RAW_TYPES):
        data = await _raw_body(request, svc.settings.max_request_bytes)
    else:
        body = await read_json(request, VerifyRequest, svc.settings.max_request_bytes)
        name = body.display_name or name
        if (body.inline_data is None) == (body.file_data is None):
            raise InvalidArgument("Send exactly one of 'inlineData' or 'fileData' (or the image bytes as the body).")
        if body.inline_data is not None:
            data = decode_base64(body.inline_data.data, "inline_data.data")
        else:
            assert body.file_data is not None
            resolve = FileResolver(svc.files, caller.key_id)
            resolved = await anyio.to_thread.run_sync(resolve, body.file_data.file_uri)
            data, name = resolved.data, body.display_name or resolved.name
    if not data:
        raise InvalidArgument("The image is empty.")
    owner, admin, verifier = caller.key_id, is_operator(caller), svc.provenance.verifier
    report = await anyio.to_thread.run_sync(lambda: verifier.verify(data, name, owner=owner, admin=admin))
    if report.error is not None:
        raise InvalidArgument(f"{name}: {report.error}.")
    return JSONResponse(report.as_dict())


async def _raw_body(request: Request, max_bytes: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"Request payload size exceeds the limit: {max_bytes} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)
