"""Decoding client-supplied bytes: base64 in either alphabet, and image headers.

The SDK sends URL-safe base64 (``-``/``_``) while curl users send standard base64, sometimes without
padding; both must decode. The image type is sniffed from the bytes, never taken from ``mimeType``.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from openbanana.engine.errors import InvalidArgument

_B64_CHARS = re.compile(rb"^[A-Za-z0-9+/\-_]*={0,2}$")

#: Formats accepted as input images, by Pillow format name → MIME type.
SUPPORTED_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "BMP": "image/bmp",
}
MAX_INPUT_PIXELS = 64_000_000


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
    """Identify an image from its bytes and check that it decodes completely."""
    if not data:
        raise InvalidArgument(f"{field}: the image is empty.")
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or ""
            width, height = img.size
            mime = SUPPORTED_FORMATS.get(fmt)
            if mime is None:
                allowed = ", ".join(sorted(SUPPORTED_FORMATS.values()))
                raise InvalidArgument(f"{field}: unsupported image format {fmt or 'unknown'}; use one of {allowed}.")
            if width <= 0 or height <= 0 or width * height > MAX_INPUT_PIXELS:
                raise InvalidArgument(
                    f"{field}: image is {width}x{height}; at most {MAX_INPUT_PIXELS} pixels are accepted."
                )
            img.load()  # decode fully now: a truncated or corrupt file is a 400 here, not a 500 later
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise InvalidArgument(f"{field}: the data is not a readable image ({exc.__class__.__name__}).") from exc
    return ImageHeader(mime, width, height)
