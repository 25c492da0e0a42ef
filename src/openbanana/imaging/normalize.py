"""The one gate every input image passes: sniff, bound, decode, and normalise only when needed.

Every place an image enters the server (``inlineData``, ``fileData`` from the Files API, batch requests,
chat history, reference images) calls :func:`normalize_image`. It

1. identifies the format from the bytes (the declared ``mimeType`` is never used) and refuses anything
   but PNG, JPEG, WebP, GIF and BMP with a message naming what was sent;
2. bounds the work *before* decoding: encoded bytes, width × height and side length read from the
   header, PNG chunk CRCs and the exact inflated size of the PNG image data (zlib bombs), the number of
   progressive JPEG scans;
3. decodes the first frame completely (a truncated or corrupt file is a 400 here, not a 500 later);
4. hands the bytes on **unchanged** when they are already what the rest of the server assumes: upright,
   sRGB (no profile, or one that is sRGB in effect), 8 bits per channel, one frame, PNG/JPEG/WebP.
   This matters: the server's own outputs come back as inputs in multi-turn edits, and their signed
   lineage chunk, C2PA manifest and SHA-256 must survive. Trailing bytes after a PNG's IEND or a JPEG's
   EOI are cut off without re-encoding;
5. otherwise re-encodes once, losslessly, as PNG: EXIF orientation applied, the ICC profile converted to
   sRGB, 16-bit/1-bit/palette/CMYK modes converted, only the first frame of an animation kept, GIF and
   BMP turned into PNG. ``mime_type`` always describes the bytes handed on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from openbanana.engine.errors import InvalidArgument
from openbanana.imaging import color
from openbanana.imaging.formats import (
    SUPPORTED,
    CorruptImage,
    FormatError,
    PngInfo,
    check_png_image_data,
    sniff_format,
    walk_jpeg,
    walk_png,
)


@dataclass(frozen=True)
class Limits:
    """What one input image may cost. The pixel limit also bounds decoded memory (64 MP RGBA = 256 MB)."""

    max_bytes: int = 64 * 1024 * 1024
    max_pixels: int = 64_000_000
    max_side: int = 32_768
    max_png_chunks: int = 100_000
    max_jpeg_scans: int = 256


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class NormalizedImage:
    """Bytes safe to hand to any decoder in the server, with their real type and upright size."""

    data: bytes
    mime_type: str
    width: int
    height: int
    #: The format the client's bytes were in (``PNG``, ``JPEG``, ``WEBP``, ``GIF``, ``BMP``).
    source_format: str
    #: What was done, for logs and tests; empty when the bytes were handed on exactly as received.
    changes: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        return not self.changes


def normalize_image(data: bytes, field: str, limits: Limits = DEFAULT_LIMITS) -> NormalizedImage:
    """The image in ``data``, checked and normalised; InvalidArgument (400) naming ``field`` otherwise."""
    try:
        return _normalize(data, limits)
    except FormatError as exc:
        raise InvalidArgument(f"{field}: {exc}") from exc


def _normalize(data: bytes, limits: Limits) -> NormalizedImage:
    if not data:
        raise FormatError("the image is empty (0 bytes).")
    if len(data) > limits.max_bytes:
        raise FormatError(f"the image is {len(data)} bytes; at most {limits.max_bytes} bytes are accepted.")
    fmt = sniff_format(data)
    changes: list[str] = []
    png: PngInfo | None = None
    end = len(data)
    if fmt == "PNG":
        png = walk_png(data, limits.max_png_chunks)
        _check_size(png.width, png.height, limits)
        check_png_image_data(data, png)
        end = png.end
    elif fmt == "JPEG":
        jpeg = walk_jpeg(data, limits.max_jpeg_scans)
        _check_size(jpeg.width, jpeg.height, limits)
        end = jpeg.end
    if end < len(data):
        changes.append(f"dropped {len(data) - end} trailing bytes after the end of the {fmt}")
        data = data[:end]
    try:
        with Image.open(io.BytesIO(data), formats=[fmt]) as img:
            _check_size(*img.size, limits)
            animated = bool(getattr(img, "is_animated", False)) or bool(png and png.animated)
            img.load()  # the first frame only; later frames are never decoded
            _check_size(*img.size, limits)  # a GIF frame may be larger than its logical screen
            return _finish(img, data, fmt, png, animated, changes)
    except FormatError:
        raise
    except Image.DecompressionBombError as exc:
        raise FormatError(f"the image has too many pixels; at most {limits.max_pixels} are accepted.") from exc
    except Exception as exc:  # any failure of a third-party decoder on hostile bytes is the client's 400
        detail = str(exc).splitlines()[0][:160] if str(exc) else exc.__class__.__name__
        raise CorruptImage(f"the {fmt} data is truncated or corrupt and cannot be decoded ({detail}).") from exc


def _check_size(width: int, height: int, limits: Limits) -> None:
    if width <= 0 or height <= 0:
        raise FormatError(f"the image has an impossible size, {width}x{height}.")
    if width * height > limits.max_pixels or max(width, height) > limits.max_side:
        raise FormatError(
            f"the image is {width}x{height} ({width * height} pixels); at most {limits.max_pixels} pixels and "
            f"{limits.max_side} pixels per side are accepted."
        )


def _finish(
    img: Image.Image, data: bytes, fmt: str, png: PngInfo | None, animated: bool, changes: list[str]
) -> NormalizedImage:
    """Hand ``data`` on unchanged if nothing needs doing, else re-encode the converted frame as PNG."""
    reasons: list[str] = []
    if fmt in ("GIF", "BMP"):
        reasons.append(f"{fmt} re-encoded as PNG")
    if animated:
        reasons.append("first frame of an animation kept")
    turn = color.orientation(img)
    if turn != 1:
        reasons.append(f"EXIF orientation {turn} applied")
    if png is not None and png.bit_depth == 16:
        reasons.append("16 bits per channel reduced to 8")
    if img.mode not in color.PLAIN_MODES and not (fmt == "PNG" and img.mode == "P"):
        reasons.append(f"mode {img.mode} converted")
    icc = img.info.get("icc_profile")
    profile = color.read_profile(icc) if icc else None
    space = color.profile_space(profile) if profile is not None else ""
    srgb = profile is not None and color.is_srgb(profile)
    convert_profile = profile is not None and not srgb and color.profile_matches(img, space)
    if convert_profile:
        reasons.append(f"{space} ICC profile converted to sRGB")
    elif icc and not srgb and space != "GRAY":
        reasons.append("unusable ICC profile dropped")
    width, height = img.size
    if not reasons:
        return NormalizedImage(data, SUPPORTED[fmt], width, height, fmt, tuple(changes))
    frame: Image.Image = img
    if convert_profile and profile is not None:
        frame = color.to_srgb(frame, profile)
    frame = color.to_plain_mode(frame)
    if turn != 1:
        frame = frame.transpose(color.ORIENTATION[turn])
    out = io.BytesIO()
    level = 1 if frame.width * frame.height > 4_000_000 else 6
    frame.save(out, format="PNG", compress_level=level)
    return NormalizedImage(out.getvalue(), "image/png", frame.width, frame.height, fmt, tuple(changes + reasons))
