"""Turning any decoded frame into upright 8-bit sRGB (RGB, RGBA, L or LA) pixels.

Pillow decodes faithfully but leaves colour semantics to the caller: a CMYK JPEG, a Display-P3 photo,
a 16-bit greyscale PNG or a palette with a transparent index all need converting before the rest of the
server (which assumes sRGB, 8 bits) can treat their pixels as colours. Each helper here reports whether
the image needs its conversion, so images that need none are never re-encoded.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageCms

#: EXIF orientation → the transpose that makes the image upright.
ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
#: Modes handed on as they are (after any profile conversion).
PLAIN_MODES = frozenset({"RGB", "RGBA", "L", "LA"})
_SIXTEEN_BIT = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I"})
#: Colours that any profile claiming to be sRGB must map (almost) to themselves.
_PROBE = [(0, 0, 0), (255, 255, 255), (128, 128, 128), (255, 0, 0), (0, 255, 0), (0, 0, 255), (200, 120, 40),
          (40, 160, 220), (90, 30, 140), (250, 220, 60), (30, 30, 30), (60, 200, 90)]  # fmt: skip


def orientation(img: Image.Image) -> int:
    """The EXIF orientation (1 when absent, unreadable or out of range)."""
    try:
        value = img.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not fail the image; it is just ignored
        return 1
    return value if isinstance(value, int) and value in ORIENTATION else 1


def read_profile(icc: bytes) -> ImageCms.ImageCmsProfile | None:
    """The embedded ICC profile, or None when LittleCMS cannot read it."""
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
        return None


def profile_space(profile: ImageCms.ImageCmsProfile) -> str:
    """``RGB``, ``GRAY``, ``CMYK`` … (the ICC header's data colour space)."""
    return str(profile.profile.xcolor_space).strip().upper()


def is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    """True when converting through ``profile`` to sRGB moves no probe colour by more than 2 levels, so
    the bytes can be handed on unchanged (an sRGB profile under any name, in any ICC version)."""
    if profile_space(profile) != "RGB":
        return False
    probe = Image.new("RGB", (len(_PROBE), 1))
    probe.putdata(_PROBE)
    try:
        out = ImageCms.profileToProfile(probe, profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except ImageCms.PyCMSError:
        return False
    assert out is not None
    diff = np.abs(np.asarray(out, dtype=np.int16) - np.asarray(probe, dtype=np.int16))
    return int(diff.max()) <= 2


def to_srgb(img: Image.Image, profile: ImageCms.ImageCmsProfile) -> Image.Image:
    """``img`` (RGB, RGBA or CMYK, described by ``profile``) converted to sRGB; alpha is kept as is."""
    alpha = img.getchannel("A") if img.mode == "RGBA" else None
    base = img.convert("RGB") if img.mode == "RGBA" else img
    out = ImageCms.profileToProfile(base, profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
    assert out is not None
    if alpha is not None:
        out.putalpha(alpha)
    return out


def profile_matches(img: Image.Image, space: str) -> bool:
    """Whether a profile of colour ``space`` can describe ``img``'s channels."""
    return (space == "RGB" and img.mode in ("RGB", "RGBA")) or (space == "CMYK" and img.mode == "CMYK")


def to_plain_mode(img: Image.Image) -> Image.Image:
    """8-bit RGB, RGBA, L or LA: 16-bit greyscale scaled (not clipped), palettes expanded (RGBA when
    they have a transparent entry), 1-bit to L, CMYK without a profile by the naive formula."""
    if img.mode in PLAIN_MODES:
        return img
    if img.mode in _SIXTEEN_BIT:
        # 16-bit range scaled to 8 bits; Pillow's own convert("L") clips everything above 255 to white
        wide = (np.asarray(img).astype(np.int64) * 255 + 32767) // 65535
        return Image.fromarray(np.clip(wide, 0, 255).astype(np.uint8), "L")
    if img.mode == "1":
        return img.convert("L")
    if img.mode in ("P", "PA"):
        transparent = img.mode == "PA" or "transparency" in img.info
        return img.convert("RGBA" if transparent else "RGB")
    if img.mode in ("La",):
        return img.convert("LA")
    return img.convert("RGBA" if "A" in img.mode or "a" in img.mode else "RGB")
