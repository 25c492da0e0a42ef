"""Recognising image bytes before any decoder sees them, and walking PNG and JPEG structure.

The format is decided here from magic bytes alone (the request's ``mimeType`` is never trusted), and
Pillow is then opened with only that one plugin, so a polyglot cannot steer it to another parser. The
PNG and JPEG walks are cheap structural checks that run before any pixel is decoded: every PNG chunk's
CRC, the header's dimensions, the exact amount of image data the zlib stream inflates to (a zlib bomb
is caught without ever holding its output), the number of progressive JPEG scans (a CPU bomb), and
where the image really ends (so trailing payloads can be cut off without re-encoding).
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field

from openbanana.imaging.png import PNG_SIGNATURE

#: Supported formats: Pillow plugin name → MIME type.
SUPPORTED = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif", "BMP": "image/bmp"}
SUPPORTED_LIST = "PNG, JPEG, WebP, GIF or BMP"
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevx", b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
#: The next marker after entropy-coded data: 0xFF (plus fill bytes) not followed by 0x00 stuffing or RSTn.
_NEXT_MARKER = re.compile(rb"\xff+([^\x00\xd0-\xd7\xff])")
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
_INFLATE_STEP = 1 << 20
#: Bytes that occur in text (UTF-8 included): anything else in the first 4 KiB means binary.
_TEXT_BYTES = bytes([7, 8, 9, 10, 12, 13, 27, *range(0x20, 0x100)])


class FormatError(ValueError):
    """The bytes are not a usable image; the message says why, for the client."""


class CorruptImage(FormatError):
    """A supported format whose bytes are truncated or damaged."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the data is not a readable image: {detail}")


def sniff_format(data: bytes) -> str:
    """The Pillow plugin name for supported image bytes; FormatError naming what they are otherwise."""
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:2] == b"BM" and len(data) >= 26:
        return "BMP"
    kind = _unsupported_kind(data)
    if kind is None:
        raise FormatError(f"the data is not an image: its bytes match no supported format ({SUPPORTED_LIST}).")
    if kind == "text":
        raise FormatError(f"the data is text, not an image; send {SUPPORTED_LIST}.")
    raise FormatError(f"{kind} is not a supported input format; send {SUPPORTED_LIST}.")


def _unsupported_kind(data: bytes) -> str | None:
    """A name for well-known formats we refuse, so the message can say what was sent."""
    head = data[:32]
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "HEIC/HEIF"
        return "AVIF" if brand in _AVIF_BRANDS else "MP4/QuickTime video"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL ")):
        return "JPEG XL"
    if head.startswith((b"\x00\x00\x00\x0cjP  ", b"\xff\x4f\xff\x51")):
        return "JPEG 2000"
    if head.startswith((b"\x00\x00\x01\x00", b"\x00\x00\x02\x00")):
        return "ICO/CUR"
    if head.startswith(b"8BPS"):
        return "Photoshop (PSD)"
    if head.startswith(b"%!PS"):
        return "PostScript"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP"
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in data[:65536].lower():
        return "SVG"
    sample = data[:4096]
    return "text" if not sample.translate(None, _TEXT_BYTES) else None


# -- PNG ---------------------------------------------------------------------------------------------


@dataclass
class PngInfo:
    width: int
    height: int
    bit_depth: int
    color_type: int
    interlaced: bool
    #: Offset just past IEND: anything after it is a trailing payload.
    end: int
    #: Chunk types present.
    kinds: set[bytes] = field(default_factory=set)
    #: acTL says more than one frame (APNG).
    animated: bool = False
    idat: list[tuple[int, int]] = field(default_factory=list)

    @property
    def image_data_bytes(self) -> int:
        """How many bytes the IDAT stream must inflate to: per row, a filter byte plus the packed pixels."""
        bits = _PNG_CHANNELS[self.color_type] * self.bit_depth
        passes = _ADAM7 if self.interlaced else ((0, 0, 1, 1),)
        total = 0
        for x0, y0, dx, dy in passes:
            w = (self.width - x0 + dx - 1) // dx
            h = (self.height - y0 + dy - 1) // dy
            if w > 0 and h > 0:
                total += h * (1 + (w * bits + 7) // 8)
        return total


def walk_png(data: bytes, max_chunks: int) -> PngInfo:
    """Check every chunk (length, CRC, IHDR first, IEND present) without inflating anything."""
    pos, info = 8, None
    for count in range(max_chunks + 1):
        if count == max_chunks:
            raise FormatError(f"the PNG has more than {max_chunks} chunks.")
        if pos + 12 > len(data):
            raise CorruptImage("the PNG is truncated (it ends before its IEND chunk).")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise CorruptImage(f"the PNG is truncated (its {kind.decode('latin-1')!r} chunk is cut off).")
        body = data[pos + 8 : end - 4]
        if zlib.crc32(kind + body) & 0xFFFFFFFF != struct.unpack(">I", data[end - 4 : end])[0]:
            raise CorruptImage(f"the PNG is corrupt (bad CRC in its {kind.decode('latin-1')!r} chunk).")
        if info is None:
            info = _ihdr(kind, body, data)
        elif kind == b"IDAT":
            info.idat.append((pos + 8, end - 4))
        elif kind == b"acTL" and len(body) >= 4:
            info.animated = struct.unpack(">I", body[:4])[0] > 1
        info.kinds.add(kind)
        pos = end
        if kind == b"IEND":
            break
    assert info is not None
    if not info.idat:
        raise CorruptImage("the PNG has no image data (no IDAT chunk).")
    info.end = pos
    return info


def _ihdr(kind: bytes, body: bytes, data: bytes) -> PngInfo:
    if kind != b"IHDR" or len(body) != 13:
        raise CorruptImage("the PNG is corrupt (it does not start with a valid IHDR chunk).")
    width, height, depth, color, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
    if width == 0 or height == 0 or width >= 2**31 or height >= 2**31:
        raise CorruptImage(f"the PNG header gives an impossible size, {width}x{height}.")
    if depth not in _PNG_DEPTHS.get(color, ()) or compression or filtering or interlace > 1:
        raise CorruptImage(f"the PNG header is invalid (bit depth {depth}, colour type {color}).")
    return PngInfo(width, height, depth, color, bool(interlace), end=len(data))


def check_png_image_data(data: bytes, info: PngInfo, slack: int = 65536) -> None:
    """Inflate the IDAT stream in 1 MiB steps, keeping nothing, to check it holds the header's image:
    too little is a truncated/corrupt file, and much more (a zlib bomb) is refused as soon as it passes
    the expected size plus ``slack``, so the work is bounded by the (already limited) pixel count."""
    expected = info.image_data_bytes
    inflater = zlib.decompressobj()
    produced = 0
    try:
        for start, end in info.idat:
            chunk = data[start:end]
            while chunk:
                produced += len(inflater.decompress(chunk, _INFLATE_STEP))
                chunk = inflater.unconsumed_tail
                if produced > expected + slack:
                    raise FormatError(
                        f"the PNG's image data inflates to more than the {info.width}x{info.height} pixels its "
                        "header declares (a decompression bomb)."
                    )
            if inflater.eof:
                break
        produced += len(inflater.flush())
    except zlib.error as exc:
        raise CorruptImage(f"the PNG's image data is corrupt ({exc}).") from exc
    if produced < expected:
        raise CorruptImage(
            f"the PNG's image data is truncated ({produced} of {expected} bytes for {info.width}x{info.height})."
        )


# -- JPEG --------------------------------------------------------------------------------------------


@dataclass
class JpegInfo:
    width: int = 0
    height: int = 0
    scans: int = 0
    #: Offset just past EOI.
    end: int = 0


def walk_jpeg(data: bytes, max_scans: int) -> JpegInfo:
    """Walk the marker segments to EOI: frame size, number of scans, where the image ends."""
    info = JpegInfo()
    pos, size = 2, len(data)
    while True:
        while pos < size and data[pos] == 0xFF and pos + 1 < size and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos + 2 > size:
            raise CorruptImage("the JPEG is truncated (it ends before its end-of-image marker).")
        if data[pos] != 0xFF:
            raise CorruptImage(f"the JPEG is corrupt (expected a marker at byte {pos}).")
        marker = data[pos + 1]
        if marker == 0xD9:
            info.end = pos + 2
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if marker == 0xD8 or pos + 4 > size:
            raise CorruptImage("the JPEG is corrupt or truncated.")
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > size:
            raise CorruptImage("the JPEG is truncated (a marker segment is cut off).")
        if marker in _JPEG_SOF and length >= 8:
            info.height, info.width = struct.unpack(">HH", data[pos + 5 : pos + 9])
        pos += 2 + length
        if marker == 0xDA:
            info.scans += 1
            if info.scans > max_scans:
                raise FormatError(f"the JPEG has more than {max_scans} scans (a decoding-time bomb).")
            found = _NEXT_MARKER.search(data, pos)
            if found is None:
                raise CorruptImage("the JPEG is truncated (its image data is cut off before the end marker).")
            pos = found.start(1) - 1
    if info.width == 0 or info.height == 0 or info.scans == 0:
        raise CorruptImage(f"the JPEG has no usable frame (size {info.width}x{info.height}, {info.scans} scans).")
    return info
