"""Decoding client-supplied bytes: base64 in either alphabet, and image headers.

The SDK sends URL-safe base64 (``-``/``_``) while curl users send standard base64, sometimes without
padding; both must decode. Images themselves are checked and normalised in :mod:`openbanana.imaging.normalize`.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from openbanana.engine.errors import InvalidArgument
from openbanana.imaging.normalize import normalize_image

_B64_CHARS = re.compile(rb"^[A-Za-z0-9+/\-_]*={0,2}$")


def decode_base64(data: str | bytes, field: str) -> bytes:
    """Decode standard or URL-safe base64, tolerating missing padding and whitespace."""
    raw = data.encode("ascii", "replace") if isinstance(data, str) else data
    raw = b"".join(raw.split())
    if not _B64_CHARS.match(raw):
        raise InvalidArgument(f"Invalid value at '{field}' (TYPE_BYTES), Base64 decoding failed.")
    raw = raw.rstrip(b"=")
    raw += b"=" * (-len(raw) % 4)
    try:
        return base64.b64decode(raw.replace(b"-", b"+").replace(b"_", b"/"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidArgument(f"Invalid value at '{field}' (TYPE_BYTES), Base64 decoding failed.") from exc


def encode_base64(data: bytes) -> str:
    """Standard base64, as the real API answers."""
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class ImageHeader:
    mime_type: str
    width: int
    height: int


def sniff_image(data: bytes, field: str) -> ImageHeader:
    """Type and upright size of an image, through the same gate as every input
    (:func:`openbanana.imaging.normalize.normalize_image`): a 400 for anything it refuses."""
    image = normalize_image(data, field)
    return ImageHeader(image.mime_type, image.width, image.height)
