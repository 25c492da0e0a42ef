"""Extension routes: the version history of a conversation.

``GET /v1beta/openbanana/conversations/{id}/versions`` lists the images the server returned in a
conversation (the id is in every output PNG's ``openbanana`` iTXt chunk and in the
``x-openbanana-conversation`` response header); ``.../versions/{n}`` returns version ``n`` itself.
Thin: the store lives on ``app.state.services``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from openbanana.api.gemini.routes import require_key
from openbanana.api.state import services
from openbanana.engine.errors import NotFound
from openbanana.imaging.decode import encode_base64
from openbanana.versions.base import VersionRecord

router = APIRouter(prefix="/openbanana", dependencies=[Depends(require_key)])


def _wire(record: VersionRecord) -> dict[str, Any]:
    return {
        "version": record.version,
        "imageSha256": record.image_sha256,
        "parentSha256": record.parent_sha256,
        "instruction": record.instruction,
        "createTime": record.created,
        "width": record.width,
        "height": record.height,
        "mimeType": record.mime_type,
    }


def _records(request: Request, conversation: str) -> list[VersionRecord]:
    records = services(request).versions.versions(conversation)
    if not records:
        raise NotFound(f"Conversation {conversation!r} is not known to this server.")
    return records


@router.get("/conversations/{conversation}/versions")
async def list_versions(request: Request, conversation: str) -> JSONResponse:
    records = _records(request, conversation)
    return JSONResponse({"conversation": conversation, "versions": [_wire(r) for r in records]})


@router.get("/conversations/{conversation}/versions/{number}")
async def get_version(request: Request, conversation: str, number: int) -> JSONResponse:
    records = _records(request, conversation)
    record = next((r for r in reversed(records) if r.version == number), None)
    image = services(request).versions.image(record.image_sha256) if record else None
    if record is None or image is None:
        raise NotFound(f"Conversation {conversation!r} has no version {number}.")
    return JSONResponse({**_wire(record), "inlineData": {"mimeType": record.mime_type, "data": encode_base64(image)}})
