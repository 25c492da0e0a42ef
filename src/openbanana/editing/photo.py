"""Photos as arrays: decoding client bytes, fitting them to the output size, encoding PNG.

Every pixel edit starts from :func:`fit`: the photo scaled (and, if its shape differs from the
output's aspect ratio by a little, centre-cropped) to exactly the requested output size, the same way
``PIL.ImageOps.fit`` does. Everything outside an edit is then that image, unchanged, so a client can
check "only the masked region changed" by fitting the original the same way.
"""

from __future__ import annotations

import io

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps

RGB = NDArray[np.uint8]
#: Resampling used whenever a photo changes size.
RESAMPLE = Image.Resampling.LANCZOS


def decode(data: bytes) -> Image.Image:
    """Decode image bytes to an upright RGB (or RGBA) Pillow image: EXIF rotation applied, palettes,
    greyscale and 16-bit modes converted."""
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        upright = ImageOps.exif_transpose(img) or img
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
        return upright.convert("RGBA" if has_alpha else "RGB")


def to_rgb(data: bytes, background: tuple[int, int, int] = (255, 255, 255)) -> RGB:
    """Decode to an RGB array; transparent pixels are laid on ``background``."""
    img = decode(data)
    if img.mode == "RGBA":
        base = Image.new("RGB", img.size, background)
        base.paste(img, mask=img.getchannel("A"))
        img = base
    return np.asarray(img, dtype=np.uint8).copy()


def fit(rgb: RGB, width: int, height: int) -> RGB:
    """Scale (and centre-crop the excess of) a photo to exactly ``width`` × ``height``."""
    if rgb.shape[1] == width and rgb.shape[0] == height:
        return rgb
    return np.asarray(ImageOps.fit(Image.fromarray(rgb), (width, height), RESAMPLE), dtype=np.uint8)


def resize(rgb: RGB, width: int, height: int) -> RGB:
    """Scale without cropping (the aspect ratio may change)."""
    if rgb.shape[1] == width and rgb.shape[0] == height:
        return rgb
    return np.asarray(Image.fromarray(rgb).resize((width, height), RESAMPLE), dtype=np.uint8)


def encode_png(rgb: NDArray[np.uint8]) -> bytes:
    """PNG bytes of an RGB or RGBA array (fast settings: these are served, not archived)."""
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="PNG", compress_level=3)
    return out.getvalue()
