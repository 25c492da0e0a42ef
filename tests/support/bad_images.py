"""A corpus of hostile, broken and awkward input images, generated in code at test time.

Each :class:`Case` carries the bytes, the ``mimeType`` a client would declare, and what the server
must do with it: a 400 whose message contains ``message``, or acceptance with the stated upright size,
handed-on type and colour probes. Most accepted images are :func:`quad` — four coloured quadrants —
so any wrong rotation, flip or colour conversion shows up at the probe points.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from PIL import Image, ImageCms

RGB = tuple[int, int, int]
#: Quadrant colours: top-left, top-right, bottom-left, bottom-right.
QUAD = ((220, 40, 40), (40, 180, 60), (40, 70, 200), (230, 200, 40))
QUAD_POINTS = ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))
PNG_SIG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes] = field(repr=False)
    declared: str = "image/png"
    status: int = 200
    #: For 400s: a (lower-case) piece of the error message.
    message: str = ""
    #: For 200s: the upright size, the type handed on, whether the bytes pass unchanged.
    size: tuple[int, int] | None = None
    mime: str | None = None
    unchanged: bool | None = None
    #: (x, y) as fractions of the image → expected sRGB colour.
    probes: tuple[tuple[tuple[float, float], RGB], ...] = ()
    tolerance: int = 3

    @property
    def data(self) -> bytes:
        return self.make()


# -- builders ---------------------------------------------------------------------------------------


def quad(width: int, height: int, colors: tuple[RGB, ...] = QUAD) -> Image.Image:
    img = Image.new("RGB", (width, height), colors[0])
    img.paste(colors[1], (width // 2, 0, width, height // 2))
    img.paste(colors[2], (0, height // 2, width // 2, height))
    img.paste(colors[3], (width // 2, height // 2, width, height))
    return img


def encode(img: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **options)
    return out.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_raw(width: int, height: int, depth: int, color: int, idat: bytes, interlace: int = 0) -> bytes:
    """A PNG from parts: IHDR as given, one IDAT holding ``idat`` as is, IEND."""
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, interlace)
    return PNG_SIG + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def repeated_zlib(unit: bytes, times: int) -> bytes:
    """A zlib stream of ``unit`` × ``times`` built in O(len(unit)): one fully flushed deflate block
    (no back-references out of it) repeated, then the stream end and the Adler-32 of the whole."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(unit) + raw.flush(zlib.Z_FULL_FLUSH)
    end = raw.flush(zlib.Z_FINISH)
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(unit, adler)
    return b"\x78\xda" + block * times + end + struct.pack(">I", adler)


def png_16bit(img: Image.Image, alpha: int | None = None) -> bytes:
    """A 16-bit RGB (or RGBA) PNG of an 8-bit image: each sample ``v`` stored as ``v * 257``."""
    rows = []
    for y in range(img.height):
        row = bytearray(b"\x00")
        for x in range(img.width):
            px = img.getpixel((x, y))
            assert isinstance(px, tuple)
            samples = (*px[:3], alpha) if alpha is not None else px[:3]
            row += struct.pack(">" + "H" * len(samples), *(v * 257 for v in samples))
        rows.append(bytes(row))
    return png_raw(img.width, img.height, 16, 6 if alpha is not None else 2, zlib.compress(b"".join(rows)))


def png_interlaced(img: Image.Image) -> bytes:
    """An Adam7-interlaced 8-bit RGB PNG (Pillow reads these but cannot write them)."""
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
    rgb = img.convert("RGB")
    data = bytearray()
    for x0, y0, dx, dy in passes:
        xs = range(x0, img.width, dx)
        for y in range(y0, img.height, dy):
            if len(xs):
                data += b"\x00" + b"".join(bytes(rgb.getpixel((x, y))) for x in xs)  # type: ignore[arg-type]
    return png_raw(img.width, img.height, 8, 2, zlib.compress(bytes(data)), interlace=1)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def matrix_profile(description: str, colorants: tuple[tuple[float, float, float], ...], gamma: float) -> bytes:
    """A minimal ICC v2 RGB display profile (matrix + gamma curves), enough for LittleCMS."""

    def xyz(v: tuple[float, float, float]) -> bytes:
        return b"XYZ \x00\x00\x00\x00" + b"".join(_s15(c) for c in v)

    text = description.encode("ascii") + b"\x00"
    desc = b"desc\x00\x00\x00\x00" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00\x00"
    tags = [(b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249))), (b"cprt", b"text\x00\x00\x00\x00none\x00")]
    tags += [(b"rXYZ", xyz(colorants[0])), (b"gXYZ", xyz(colorants[1])), (b"bXYZ", xyz(colorants[2]))]
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, blobs = struct.pack(">I", len(tags)), b""
    for sig, blob in tags:
        blob += bytes(-len(blob) % 4)
        table += sig + struct.pack(">II", offset + len(blobs), len(blob))
        blobs += blob
    size = offset + len(blobs)
    header = struct.pack(">I4sI4s4s4s", size, b"lcms", 0x02100000, b"mntr", b"RGB ", b"XYZ ") + bytes(12)
    header += b"acsp" + bytes(4 + 4 + 4 + 4 + 8 + 4) + _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    header += bytes(128 - len(header))
    return header + table + blobs


DISPLAY_P3 = ((0.515121, 0.241196, -0.001053), (0.291977, 0.692245, 0.041885), (0.157104, 0.066574, 0.784073))
ADOBE_RGB = ((0.609741, 0.311111, 0.019470), (0.205276, 0.625671, 0.060867), (0.149185, 0.063217, 0.744568))


@cache
def p3_profile() -> bytes:
    return matrix_profile("Display P3 (test)", DISPLAY_P3, 2.2)


@cache
def adobe_profile() -> bytes:
    return matrix_profile("Adobe RGB (1998) (test)", ADOBE_RGB, 563 / 256)


def srgb_of(colors: tuple[RGB, ...], icc: bytes) -> tuple[RGB, ...]:
    """What ``colors``, meant in the profile ``icc``, look like in sRGB (LittleCMS, perceptual)."""
    probe = Image.new("RGB", (len(colors), 1))
    probe.putdata(list(colors))
    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    out = ImageCms.profileToProfile(probe, src, ImageCms.createProfile("sRGB"), outputMode="RGB")
    assert out is not None
    return tuple(tuple(out.getpixel((i, 0))) for i in range(len(colors)))  # type: ignore[misc, arg-type]


def exif_jpeg(orientation: int, upright: Image.Image, fmt: str = "JPEG") -> bytes:
    """An image whose stored pixels are ``upright`` turned so that applying EXIF ``orientation`` restores it
    (JPEG APP1, or the PNG ``eXIf`` / WebP ``EXIF`` chunk for ``fmt`` PNG / WEBP)."""
    undo = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    exif = Image.Exif()
    exif[0x0112] = orientation
    options: dict[str, object] = {"quality": 95} if fmt == "JPEG" else {"lossless": True} if fmt == "WEBP" else {}
    return encode(upright.transpose(undo[orientation]), fmt, exif=exif, **options)


def _noise(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _progressive_scan_bomb(scans: int) -> bytes:
    """SOI, a progressive SOF2 for 64×64 greyscale, then ``scans`` tiny scans and EOI (never decoded)."""
    sof = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, 64, 64, 1) + b"\x01\x11\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x00\x00" + b"\x00\x00"
    return b"\xff\xd8" + sof + sos * scans + b"\xff\xd9"


def _gif_screen(width: int, height: int) -> bytes:
    """A tiny 1×1 GIF whose logical screen claims ``width`` × ``height``."""
    gif = bytearray(encode(Image.new("P", (1, 1)), "GIF"))
    gif[6:10] = struct.pack("<HH", width, height)
    return bytes(gif)


def _bmp_header(width: int, height: int) -> bytes:
    bmp = bytearray(encode(Image.new("RGB", (2, 2)), "BMP"))
    bmp[18:26] = struct.pack("<ii", width, height)
    return bytes(bmp)


def _jpeg_sof(width: int, height: int) -> bytes:
    jpeg = bytearray(encode(quad(16, 16), "JPEG"))
    at = jpeg.index(b"\xff\xc0")
    jpeg[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(jpeg)


def _bad_crc() -> bytes:
    png = bytearray(encode(quad(40, 30), "PNG"))
    at = png.index(b"IEND") - 5  # last byte of the IDAT chunk's CRC
    png[at] ^= 0xFF
    return bytes(png)


def _animated(fmt: str) -> bytes:
    frames = [quad(80, 60), Image.new("RGB", (80, 60), (0, 0, 0)), Image.new("RGB", (80, 60), (255, 255, 255))]
    extra = {"lossless": True} if fmt == "WEBP" else {}
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0, **extra)


def _with_icc(fmt: str, icc: bytes, **options: object) -> bytes:
    return encode(quad(80, 60), fmt, icc_profile=icc, **options)


def _probes(colors: tuple[RGB, ...] = QUAD) -> tuple[tuple[tuple[float, float], RGB], ...]:
    return tuple(zip(QUAD_POINTS, colors, strict=True))


def _gray_probes(levels: tuple[int, ...]) -> tuple[tuple[tuple[float, float], RGB], ...]:
    return tuple(zip(QUAD_POINTS, ((v, v, v) for v in levels), strict=True))


def _gray16() -> bytes:
    """A 16-bit greyscale PNG with quadrant levels 10000, 30000, 50000 and 65535."""
    levels = np.zeros((60, 80), dtype=np.uint16)
    levels[:30, :40], levels[:30, 40:], levels[30:, :40], levels[30:, 40:] = 10000, 30000, 50000, 65535
    return encode(Image.fromarray(levels), "PNG")


def _palette_quad() -> Image.Image:
    """:func:`quad` as a 5-entry palette image; index 4 (magenta) fills a 4×4 corner, to be made transparent."""
    img = Image.new("P", QUAD_43, 0)
    img.putpalette([c for rgb in (*QUAD, (255, 0, 255)) for c in rgb])
    w, h = QUAD_43
    img.paste(1, (w // 2, 0, w, h // 2))
    img.paste(2, (0, h // 2, w // 2, h))
    img.paste(3, (w // 2, h // 2, w, h))
    img.paste(4, (0, 0, 4, 4))
    return img


def _gif_transparent() -> bytes:
    return encode(_palette_quad(), "GIF", transparency=4)


def _palette_trns() -> bytes:
    return encode(_palette_quad(), "PNG", transparency=4, bits=4)


def _bw() -> bytes:
    img = Image.new("1", (80, 60), 0)
    img.paste(1, (40, 0, 80, 30))
    img.paste(1, (0, 30, 40, 60))
    return encode(img, "PNG")


def _solid_gray(width: int, height: int) -> bytes:
    return png_raw(width, height, 8, 0, repeated_zlib(b"\x00" + b"\x80" * width, height))


# -- the corpus -------------------------------------------------------------------------------------

QUAD_43 = (80, 60)
PORTRAIT = (90, 120)


def good(
    name: str,
    make: Callable[[], bytes],
    declared: str = "image/png",
    *,
    mime: str,
    unchanged: bool,
    size: tuple[int, int] = QUAD_43,
    probes: tuple[tuple[tuple[float, float], RGB], ...] | None = None,
    tolerance: int = 3,
) -> Case:
    """An image the server must accept (probes default to the four quadrants of :func:`quad`)."""
    probes = _probes() if probes is None else probes
    return Case(name, make, declared, 200, "", size, mime, unchanged, probes, tolerance)


def kept(name: str, make: Callable[[], bytes], declared: str = "image/png", mime: str = "image/png", **kw: Any) -> Case:
    """Accepted and handed on byte for byte."""
    return good(name, make, declared, mime=mime, unchanged=True, **kw)


def fixed(name: str, make: Callable[[], bytes], declared: str = "image/png", **kw: Any) -> Case:
    """Accepted after a lossless re-encode to PNG."""
    return good(name, make, declared, mime="image/png", unchanged=False, **kw)


def bad(name: str, make: Callable[[], bytes], declared: str = "image/png", *, message: str) -> Case:
    """An image the server must refuse with a 400 whose message contains ``message``."""
    return Case(name, make, declared, 400, message)


def corpus() -> list[Case]:
    """Every case; names are stable test ids."""
    p3, adobe = srgb_of(QUAD, p3_profile()), srgb_of(QUAD, adobe_profile())
    srgb_icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

    def png() -> bytes:
        return encode(quad(*QUAD_43), "PNG")

    def jpeg() -> bytes:
        return encode(quad(*QUAD_43), "JPEG", quality=95)

    return [
        # -- accepted, handed on unchanged
        kept("plain-png", png),
        kept("plain-jpeg", jpeg, "image/jpeg", mime="image/jpeg", tolerance=12),
        good(
            "webp-lossy",
            lambda: encode(quad(*QUAD_43), "WEBP", quality=90),
            "image/webp",
            mime="image/webp",
            unchanged=True,
            tolerance=14,
        ),
        kept("png-declared-as-jpeg", png, "image/jpeg"),
        kept("jpeg-declared-as-png", jpeg, "image/png", mime="image/jpeg", tolerance=12),
        kept("png-declared-octet-stream", png, "application/octet-stream"),
        kept("png-srgb-icc", lambda: _with_icc("PNG", srgb_icc)),
        kept("png-palette-4bit-transparent", _palette_trns),
        kept("png-la", lambda: encode(quad(*QUAD_43).convert("LA"), "PNG"), probes=()),
        kept(
            "jpeg-grayscale",
            lambda: encode(quad(*QUAD_43).convert("L"), "JPEG"),
            "image/jpeg",
            mime="image/jpeg",
            probes=(),
        ),
        kept("png-interlaced", lambda: png_interlaced(quad(*QUAD_43))),
        kept(
            "tiny-1x1",
            lambda: encode(Image.new("RGB", (1, 1), (10, 200, 30)), "PNG"),
            size=(1, 1),
            probes=(((0.5, 0.5), (10, 200, 30)),),
        ),
        # -- accepted, normalised (re-encoded once, losslessly, as PNG)
        fixed("exif-orientation-3", lambda: exif_jpeg(3, quad(*QUAD_43)), "image/jpeg", tolerance=12),
        fixed(
            "exif-orientation-6",
            lambda: exif_jpeg(6, quad(*PORTRAIT)),
            "image/jpeg",
            size=PORTRAIT,
            tolerance=12,
        ),
        fixed("png-exif-orientation-6", lambda: exif_jpeg(6, quad(*PORTRAIT), "PNG"), size=PORTRAIT),
        fixed("webp-exif-orientation-6", lambda: exif_jpeg(6, quad(*PORTRAIT), "WEBP"), "image/webp", size=PORTRAIT),
        fixed(
            "exif-orientation-8",
            lambda: exif_jpeg(8, quad(*PORTRAIT)),
            "image/jpeg",
            size=PORTRAIT,
            tolerance=12,
        ),
        fixed(
            "cmyk-jpeg",
            lambda: encode(quad(*QUAD_43).convert("CMYK"), "JPEG", quality=95),
            "image/jpeg",
            tolerance=12,
        ),
        fixed("png-16bit-rgb", lambda: png_16bit(quad(*QUAD_43))),
        fixed("png-16bit-rgba", lambda: png_16bit(quad(*QUAD_43), alpha=65535 // 257)),
        fixed("png-16bit-gray", _gray16, probes=_gray_probes((39, 117, 195, 255)), tolerance=1),
        fixed("png-1bit", _bw, probes=_gray_probes((0, 255, 255, 0)), tolerance=1),
        fixed("png-display-p3-icc", lambda: _with_icc("PNG", p3_profile()), probes=_probes(p3)),
        fixed(
            "jpeg-adobe-rgb-icc",
            lambda: _with_icc("JPEG", adobe_profile(), quality=95),
            "image/jpeg",
            probes=_probes(adobe),
            tolerance=12,
        ),
        fixed("gif-animated", lambda: _animated("GIF"), "image/gif"),
        fixed("apng-animated", lambda: _animated("PNG")),
        fixed("webp-animated", lambda: _animated("WEBP"), "image/webp"),
        fixed("gif-transparent", _gif_transparent, "image/gif"),
        fixed("bmp", lambda: encode(quad(*QUAD_43), "BMP"), "image/bmp"),
        good("polyglot-png-zip", lambda: png() + b"PK\x03\x04" + _noise(3000, 1), mime="image/png", unchanged=False),
        good(
            "jpeg-trailing-video",
            lambda: jpeg() + b"\x00\x00\x00\x18ftypmp42" + _noise(20000, 2),
            "image/jpeg",
            mime="image/jpeg",
            unchanged=False,
            tolerance=12,
        ),
        # -- refused: bombs and limits
        bad(
            "png-huge-header-100000",
            lambda: png_raw(100_000, 100_000, 8, 2, zlib.compress(bytes(64))),
            message="pixels",
        ),
        bad(
            "png-pixel-bomb-10000-1bit",
            lambda: png_raw(10_000, 10_000, 1, 0, repeated_zlib(bytes(1251), 10_000)),
            message="pixels",
        ),
        bad("png-20000-solid", lambda: _solid_gray(20_000, 20_000), message="20000x20000"),
        bad(
            "png-zlib-bomb",
            lambda: png_raw(1, 1, 8, 2, repeated_zlib(bytes(1 << 20), 64)),
            message="decompression bomb",
        ),
        bad("jpeg-huge-sof-60000", lambda: _jpeg_sof(60_000, 60_000), "image/jpeg", message="pixels"),
        bad("jpeg-scan-bomb", lambda: _progressive_scan_bomb(5000), "image/jpeg", message="scans"),
        bad("gif-huge-screen", lambda: _gif_screen(65_535, 65_535), "image/gif", message="pixels"),
        bad("bmp-huge-header", lambda: _bmp_header(30_000, 30_000), "image/bmp", message="pixels"),
        bad("png-zero-width", lambda: png_raw(0, 10, 8, 2, zlib.compress(bytes(31))), message="impossible size"),
        # -- refused: truncated and corrupt
        bad("empty", lambda: b"", message="empty"),
        bad("png-truncated-half", lambda: png()[: len(png()) // 2], message="truncated"),
        bad("png-without-iend", lambda: png()[:-12], message="truncated"),
        bad("png-bad-crc", _bad_crc, message="bad crc"),
        bad("png-magic-random", lambda: PNG_SIG + _noise(2000, 3), message="not a readable image"),
        bad("png-idat-garbage", lambda: png_raw(40, 30, 8, 2, _noise(500, 4)), message="corrupt"),
        bad("png-idat-short", lambda: png_raw(40, 30, 8, 2, zlib.compress(bytes(100))), message="truncated"),
        bad("jpeg-truncated-half", lambda: jpeg()[: len(jpeg()) // 2], "image/jpeg", message="truncated"),
        bad("jpeg-magic-random", lambda: b"\xff\xd8\xff" + _noise(2000, 5), "image/jpeg", message="not a readable"),
        bad("gif-truncated", lambda: _animated("GIF")[:300], "image/gif", message="not a readable image"),
        bad("webp-truncated", lambda: encode(quad(*QUAD_43), "WEBP")[:120], "image/webp", message="not a readable"),
        bad("bmp-truncated", lambda: encode(quad(*QUAD_43), "BMP")[:5000], "image/bmp", message="not a readable"),
        # -- refused: not a supported image, whatever was declared
        bad("text-declared-as-png", lambda: b"hello, this is not an image\n" * 10, message="text"),
        bad("random-bytes", lambda: b"\x00\x01" + _noise(4000, 6), message="not an image"),
        bad("tiff", lambda: encode(quad(*QUAD_43), "TIFF"), "image/tiff", message="tiff"),
        bad(
            "svg",
            lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>',
            "image/svg+xml",
            message="svg",
        ),
        bad(
            "heic-magic",
            lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + _noise(500, 7),
            "image/heic",
            message="heic",
        ),
        bad(
            "avif-magic",
            lambda: b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + _noise(500, 8),
            "image/avif",
            message="avif",
        ),
        bad("pdf-declared-as-png", lambda: b"%PDF-1.7\n" + _noise(500, 9), message="pdf"),
    ]


def by_name() -> dict[str, Case]:
    return {case.name: case for case in corpus()}
