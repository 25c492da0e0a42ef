"""Verification: is this image openbanana's, is its manifest intact, and which request made it?

Both proofs are checked independently because they fail differently: a re-encode, a screenshot-like
resize or a metadata strip removes the C2PA manifest but leaves the watermark; a pixel edit of a signed
file keeps the manifest but breaks its hash (``invalid``). The mark id read from the pixels (or the exact
file hash, when the bytes are the original) leads to the ``marks`` row and from there to the usage
ledger entry. Ledger details (key, cost) are shown only to their owner; anyone may learn that the image
was made here, when, and by which model.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from openbanana.imaging.formats import SUPPORTED, FormatError, sniff_format
from openbanana.provenance import fingerprint
from openbanana.provenance.base import (
    ContentCredentials,
    CredentialsReport,
    Detection,
    MarkRecord,
    MarkStore,
    Watermarker,
)
from openbanana.usage.base import UsageEntry

#: Larger images are refused rather than decoded (a verifier must not be a decompression-bomb target).
MAX_VERIFY_PIXELS = 64_000_000


@dataclass(frozen=True)
class VerifyReport:
    """Everything found in one file."""

    name: str
    sha256: str
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    #: Why the file could not be checked (not an image, too large); None when it was.
    error: str | None = None
    watermark: Detection | None = None
    credentials: CredentialsReport | None = None
    #: True when these exact bytes are an output this server returned.
    original: bool = False
    #: The outputs stamped with the watermark's mark id (or with these exact bytes), newest first, except
    #: that the one this image was told to be (by its exact bytes or its thumbnail) comes first.
    marks: tuple[MarkRecord, ...] = ()
    #: The usage-ledger entry of the request that made the image (owner-only fields removed for others).
    ledger: dict[str, Any] | None = None

    @property
    def made_here(self) -> bool:
        return self.original or bool(self.watermark and self.watermark.found) or bool(self.marks)

    def as_dict(self) -> dict[str, Any]:
        watermark = None
        if self.watermark is not None:
            watermark = {"found": self.watermark.found, "markId": self.watermark.mark_id,
                         "confidence": round(self.watermark.confidence, 4)}  # fmt: skip
        credentials = None
        if self.credentials is not None:
            c = self.credentials
            credentials = {
                "state": c.state, "libraryState": c.library_state, "trusted": c.trusted,
                "validationStatus": list(c.validation_status), "actions": list(c.actions),
                "ingredients": list(c.ingredients), "claimGenerator": c.claim_generator, "markId": c.mark_id,
                "usageId": c.usage_id,
            }  # fmt: skip
        return {
            "name": self.name, "sha256": self.sha256, "mimeType": self.mime_type, "width": self.width,
            "height": self.height, "error": self.error, "madeByOpenbanana": self.made_here,
            "original": self.original, "watermark": watermark, "c2pa": credentials,
            "marks": [_mark_dict(m) for m in self.marks], "ledger": self.ledger,
        }  # fmt: skip


def _mark_dict(mark: MarkRecord) -> dict[str, Any]:
    data = asdict(mark)
    return {"markId": data["mark_id"], "usageId": data["usage_id"], "model": data["model"],
            "action": data["action"], "sha256": data["sha256"], "mimeType": data["mime_type"],
            "width": data["width"], "height": data["height"], "createdAt": data["created_at"]}  # fmt: skip


#: Ledger fields anyone may see; the rest (key, tokens, cost) only the entry's owner.
_PUBLIC_LEDGER = ("id", "model", "method", "created_at", "image_size", "aspect_ratio", "batch_id")


@dataclass
class Verifier:
    watermarker: Watermarker | None
    credentials: ContentCredentials | None
    marks: MarkStore | None
    #: Looks a usage entry up by id (``SqlUsageLedger.get``); None: no ledger (``verify`` without a data dir).
    ledger: Callable[[str], UsageEntry | None] | None = None

    def verify(self, data: bytes, name: str = "image", owner: str | None = None, admin: bool = False) -> VerifyReport:
        """Check ``data``. ``owner`` (an API key id) sees its own ledger entries in full; ``admin`` (the
        local CLI) sees every entry in full."""
        sha256 = hashlib.sha256(data).hexdigest()
        try:
            mime = _sniff(data)
        except ValueError as exc:
            return VerifyReport(name=name, sha256=sha256, error=str(exc))
        # The manifest is read even when the pixels do not decode: a damaged file may still say whose it was.
        credentials = self.credentials.read(data, mime) if self.credentials is not None else None
        try:
            rgb = _pixels(data)
        except ValueError as exc:
            return VerifyReport(name=name, sha256=sha256, mime_type=mime, error=str(exc), credentials=credentials)
        detection = self.watermarker.detect(rgb) if self.watermarker is not None else None
        marks: list[MarkRecord] = []
        original = identified = False
        if self.marks is not None:
            exact = self.marks.by_sha256(sha256)
            if exact is not None:
                marks, original, identified = [exact], True, True
            elif detection is not None and detection.found and detection.mark_id is not None:
                marks, identified = _identify(self.marks.find(detection.mark_id), rgb)
        usage_id = marks[0].usage_id if marks else (credentials.usage_id if credentials else None)
        return VerifyReport(
            name=name, sha256=sha256, mime_type=mime, width=rgb.shape[1], height=rgb.shape[0],
            watermark=detection, credentials=credentials, original=original, marks=tuple(marks),
            ledger=self._ledger(usage_id, owner, admin) if identified or not marks else None,
        )  # fmt: skip

    def _ledger(self, usage_id: str | None, owner: str | None, admin: bool) -> dict[str, Any] | None:
        if usage_id is None or self.ledger is None:
            return None
        entry = self.ledger(usage_id)
        if entry is None:
            return None
        full = asdict(entry)
        if admin or (owner is not None and entry.key_id == owner):
            return {**full, "owned": True}
        return {**{k: full[k] for k in _PUBLIC_LEDGER}, "owned": False}


def _identify(rows: list[MarkRecord], rgb: np.ndarray[Any, np.dtype[np.uint8]]) -> tuple[list[MarkRecord], bool]:
    """The rows sharing a mark id, the one this image is first, and whether it is known which one that is:
    the only row, or the row whose thumbnail is clearly the nearest (an image and its edits share an id)."""
    if len(rows) <= 1:
        return rows, bool(rows)
    index = fingerprint.nearest(fingerprint.thumbnail(rgb), [row.thumbnail for row in rows])
    if index is None:
        return rows, False
    return [rows[index], *rows[:index], *rows[index + 1 :]], True


def _sniff(data: bytes) -> str:
    """The MIME type of ``data``, told from its magic bytes like every input image's, or ValueError."""
    if not data:
        raise ValueError("the file is empty")
    try:
        fmt = sniff_format(data)
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            width, height = image.size
    except FormatError as exc:
        raise ValueError(str(exc).rstrip(".")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"not a readable image ({exc.__class__.__name__})") from exc
    if width * height > MAX_VERIFY_PIXELS:
        raise ValueError(f"the image is {width}x{height}; at most {MAX_VERIFY_PIXELS} pixels are checked")
    return SUPPORTED[fmt]


def _pixels(data: bytes) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """The RGB pixels of ``data`` (first frame), or ValueError with a reason."""
    try:
        with Image.open(io.BytesIO(data), formats=[sniff_format(data)]) as image:
            return np.asarray(image.convert("RGB"), dtype=np.uint8)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValueError(f"the pixels do not decode ({exc.__class__.__name__})") from exc
