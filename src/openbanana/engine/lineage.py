"""Lineage: where an output image came from, carried inside the image and kept in the version store.

Every PNG the server returns holds one compressed ``iTXt`` chunk (keyword ``openbanana``) with the
generator's plan, the conversation id, the version number, the parent image's hash and the turn's
instruction, sealed with an HMAC under the server's signing secret. When an image comes back — as a
model turn in a chat, or uploaded again by a user — a verified chunk lets the generator edit the plan
instead of the pixels, so everything not asked for stays identical. A chunk that fails verification
(edited by hand, made by another server) is ignored and the image is edited from its pixels.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from openbanana.imaging.png_text import add_text, read_text

if TYPE_CHECKING:
    from openbanana.engine.request import ImageRequest, InputImage
    from openbanana.engine.signatures import Signer
    from openbanana.versions.base import VersionStore

KEYWORD = "openbanana"
FORMAT = 1


@dataclass(frozen=True)
class Lineage:
    conversation: str
    version: int
    parent: str | None
    instruction: str
    plan: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "conversation": self.conversation,
            "version": self.version,
            "parent": self.parent,
            "instruction": self.instruction,
            "plan": self.plan,
        }


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_conversation_id() -> str:
    return "c" + secrets.token_hex(8)


class LineageKeeper:
    """Seals lineage into outputs, reads it back from inputs, and records versions."""

    def __init__(self, signer: Signer, store: VersionStore | None = None) -> None:
        self.signer = signer
        self.store = store

    def seal(self, png: bytes, lineage: Lineage) -> bytes:
        payload = lineage.payload()
        mac = self.signer.sign("lineage", _canonical(payload))
        return add_text(png, KEYWORD, json.dumps({**payload, "mac": base64.b64encode(mac).decode()}))

    def read(self, data: bytes) -> Lineage | None:
        """The verified lineage inside ``data`` (a PNG), or None."""
        text = read_text(data, KEYWORD)
        if text is None:
            return None
        try:
            payload = json.loads(text)
            mac = base64.b64decode(payload.pop("mac"))
            if payload.get("format") != FORMAT or not self.signer.verify("lineage", _canonical(payload), mac):
                return None
            return Lineage(
                conversation=str(payload["conversation"]),
                version=int(payload["version"]),
                parent=payload["parent"] if isinstance(payload["parent"], str) else None,
                instruction=str(payload["instruction"]),
                plan=dict(payload["plan"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def resolve(self, request: ImageRequest) -> ImageRequest:
        """The request with each PNG input image's verified lineage attached."""
        turns = []
        changed = False
        for turn in request.turns:
            images = tuple(self.resolve_image(image) for image in turn.images)
            changed = changed or any(a is not b for a, b in zip(images, turn.images, strict=True))
            turns.append(replace(turn, images=images))
        return replace(request, turns=tuple(turns)) if changed else request

    def resolve_image(self, image: InputImage) -> InputImage:
        """``image`` with its verified lineage attached (unchanged when it has none)."""
        if image.mime_type != "image/png" or image.lineage is not None:
            return image
        lineage = self.read(image.data)
        return replace(image, lineage=lineage) if lineage is not None else image

    def prepare(self, plan: dict[str, Any], request: ImageRequest) -> Lineage:
        """The lineage of an output of ``request``: the parent's conversation (or a new one) and the next
        version number."""
        parent = _parent(request)
        model_images = sum(len(t.images) for t in request.history if t.role == "model")
        conversation = parent.lineage.conversation if parent and parent.lineage else new_conversation_id()
        version = max(parent.lineage.version if parent and parent.lineage else 0, model_images) + 1
        return Lineage(
            conversation=conversation,
            version=version,
            parent=sha256_hex(parent.data) if parent else None,
            instruction=request.prompt,
            plan=plan,
        )

    def record(self, data: bytes, lineage: Lineage, request: ImageRequest, size: tuple[int, int]) -> None:
        """Record ``data`` (the exact bytes the client gets) as the conversation's next version."""
        if self.store is None:
            return
        from openbanana.versions.base import VersionRecord

        self.store.add(
            VersionRecord(
                conversation=lineage.conversation,
                version=lineage.version,
                image_sha256=sha256_hex(data),
                parent_sha256=lineage.parent,
                instruction=request.prompt,
                created=time.time(),
                width=size[0],
                height=size[1],
                mime_type=request.output_format.mime_type,
            ),
            data,
        )


def _parent(request: ImageRequest) -> InputImage | None:
    """The image an output descends from: the current turn's first image with lineage, else the latest
    model image of the chat, else the current turn's first image."""
    current = request.input_images
    for image in current:
        if image.lineage is not None:
            return image
    return request.latest_model_image() or (current[0] if current else None)
