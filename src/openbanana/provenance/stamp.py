"""The engine's provenance step: watermark the pixels, sign Content Credentials, register the mark.

:class:`Provenance` implements the engine's :class:`~openbanana.engine.output.Stamper`; the engine calls
it for every output (and interim thought image) of every generator, so generate, stream, edit and batch
are all covered by the same code. A new image gets a fresh random mark id; an edit keeps its parent's
id when the parent is openbanana's, and keeps what it did not change (:mod:`.edit_marks`). The ``marks``
row written here ties the id, the exact bytes' SHA-256 and a thumbnail to the request's usage-ledger entry.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from openbanana.engine.output import Mark
from openbanana.engine.request import ImageRequest, InputImage
from openbanana.provenance import fingerprint
from openbanana.provenance.base import (
    RGB,
    ContentCredentials,
    Ingredient,
    ManifestSpec,
    MarkRecord,
    MarkStore,
    Watermarker,
)
from openbanana.provenance.edit_marks import Parent, mark_edit

_MAX_INGREDIENTS = 8
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}


@dataclass
class Provenance:
    """Watermark + C2PA + marks registry; either half may be switched off by the operator (None)."""

    watermarker: Watermarker | None
    credentials: ContentCredentials | None
    marks: MarkStore | None
    #: ``openbanana/<version> (<generator>)``: the model version written into every manifest.
    model_version: str

    def watermark(self, png: bytes, request: ImageRequest) -> tuple[bytes, Mark]:
        if self.watermarker is None:
            return png, Mark(None)
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
            rgb = _rgb(image)
        parent = self.parent(request)
        inherited = parent.mark_id if parent is not None else None
        mark_id = inherited if inherited is not None else secrets.randbelow(self.watermarker.id_space)
        if parent is None:
            pixels = self.watermarker.embed(rgb, mark_id)
        else:
            pixels = mark_edit(self.watermarker, rgb, parent, mark_id)
        marked = Image.fromarray(pixels, "RGB")
        if alpha is not None:
            marked.putalpha(alpha)
        out = io.BytesIO()
        marked.save(out, format="PNG", compress_level=4)
        return out.getvalue(), Mark(mark_id, fingerprint.thumbnail(pixels))

    def parent(self, request: ImageRequest) -> Parent | None:
        """The image ``request`` edits, decoded, with the openbanana mark id it carries: the one its exact
        bytes were registered under, else the one the detector reads (a re-encoded copy); None for a new
        image."""
        sources = _sources(request)
        if not sources or self.watermarker is None:
            return None
        source = sources[0]
        with Image.open(io.BytesIO(source.data)) as image:
            rgb = _rgb(image)
        registered = self.marks.by_sha256(hashlib.sha256(source.data).hexdigest()) if self.marks else None
        if registered is not None:
            mark_id = registered.mark_id
        else:
            detection = self.watermarker.detect(rgb)
            mark_id = detection.mark_id if detection.found else None
        return Parent(rgb, mark_id)

    def seal(self, data: bytes, mime_type: str, request: ImageRequest, mark: Mark, size: tuple[int, int]) -> bytes:
        mark_id = mark.mark_id
        spec = self.manifest_spec(request, mark_id)
        if self.credentials is not None:
            data = self.credentials.sign(data, mime_type, spec)
        if self.marks is not None:
            self.marks.add(
                MarkRecord(
                    mark_id=mark_id, usage_id=request.usage_id, model=request.model.id, action=spec.action,
                    sha256=hashlib.sha256(data).hexdigest(), mime_type=mime_type, width=size[0], height=size[1],
                    created_at=time.time(), thumbnail=mark.thumbnail,
                )
            )  # fmt: skip
        return data

    def manifest_spec(self, request: ImageRequest, mark_id: int | None) -> ManifestSpec:
        """``c2pa.edited`` with the inputs as ingredients when the output was made from images (sent in this
        turn, or the model's previous image in a chat), else ``c2pa.created``."""
        sources = _sources(request)
        ingredients = tuple(
            Ingredient(
                data=image.data,
                mime_type=image.mime_type,
                title=f"input-{number}.{image.mime_type.split('/')[-1]}",
                relationship="parentOf" if number == 1 else "componentOf",
            )
            for number, image in enumerate(sources[:_MAX_INGREDIENTS], start=1)
        )
        return ManifestSpec(
            action="c2pa.edited" if ingredients else "c2pa.created",
            model=request.model.id,
            model_version=self.model_version,
            title=f"openbanana-{request.usage_id or 'image'}.{_EXTENSIONS.get(request.output_format.mime_type, 'png')}",
            ingredients=ingredients,
            mark_id=mark_id,
            usage_id=request.usage_id,
        )


def _rgb(image: Image.Image) -> RGB:
    return np.asarray(image.convert("RGB"), dtype=np.uint8)


def _sources(request: ImageRequest) -> list[InputImage]:
    """The images an output is made from: this turn's, else the chat's latest model image."""
    current = list(request.input_images)
    if current:
        return current
    latest = request.latest_model_image()
    return [latest] if latest is not None else []
