"""The last step of every output: watermark, lineage, encoding, Content Credentials, version record.

The order matters and is the same for every generator, candidate and path (generate, stream, batch):

1. the **watermark** goes into the pixels first, so everything after describes the marked image;
2. the **lineage** chunk (plan, conversation, version) is sealed into the PNG;
3. the image is **encoded** in the requested format (a JPEG carries no lineage chunk);
4. the **C2PA manifest** is signed over the final bytes (it hashes everything, chunks included);
5. the **version** is recorded under the hash of exactly the bytes the client receives.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Protocol

from openbanana.engine.lineage import LineageKeeper
from openbanana.engine.request import ImageRequest


@dataclass(frozen=True)
class Mark:
    """What the watermark step tells the seal step about the pixels it marked."""

    #: The mark id the pixels carry (None: not watermarked).
    mark_id: int | None
    #: A tiny RGB thumbnail of the marked pixels: tells apart outputs that share a mark id.
    thumbnail: bytes | None = None


class Stamper(Protocol):
    """Marks outputs as openbanana's (implemented by :class:`openbanana.provenance.stamp.Provenance`)."""

    def watermark(self, png: bytes, request: ImageRequest) -> tuple[bytes, Mark]:
        """``png`` with the invisible watermark embedded, and what it was marked with."""
        ...

    def seal(self, data: bytes, mime_type: str, request: ImageRequest, mark: Mark, size: tuple[int, int]) -> bytes:
        """``data`` with Content Credentials embedded; the output is registered under ``mark``."""
        ...


@dataclass(frozen=True)
class FinishedOutput:
    data: bytes
    mime_type: str
    conversation: str | None


def finish_output(
    png: bytes,
    plan: dict[str, Any] | None,
    request: ImageRequest,
    size: tuple[int, int],
    lineage: LineageKeeper | None,
    stamper: Stamper | None,
) -> FinishedOutput:
    """Turn a generator's PNG into the bytes the client receives (see the module docstring). ``plan`` is
    None for interim (thought) images, which get provenance but no lineage or version."""
    mark = Mark(None)
    if stamper is not None:
        png, mark = stamper.watermark(png, request)
    record = lineage.prepare(plan, request) if lineage is not None and plan is not None else None
    if lineage is not None and record is not None:
        png = lineage.seal(png, record)
    fmt = request.output_format
    data = png if fmt.mime_type == "image/png" else encode_jpeg(png, fmt.quality)
    if stamper is not None:
        data = stamper.seal(data, fmt.mime_type, request, mark, size)
    conversation = None
    if lineage is not None and record is not None:
        lineage.record(data, record, request, size)
        conversation = record.conversation
    return FinishedOutput(data, fmt.mime_type, conversation)


def encode_jpeg(png: bytes, quality: int | None) -> bytes:
    """A PNG re-encoded as a baseline JPEG (quality 75 when not given, as Vertex's default)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=75 if quality is None else quality, optimize=True)
    return out.getvalue()
