"""Changing a photo's aspect ratio without stretching it: outpainting new margins, or cropping.

"Make it 16:9" on a square photo either keeps everything and invents the missing sides (``outpaint``,
the default, what Gemini does) or cuts the photo down to the new shape (``crop``). Outpainting pastes
the photo, scaled with :func:`openbanana.editing.photo.resize` into :func:`contain_box`, *unchanged*,
so a client can verify that nothing of the original moved; only the margins are new.

There is no generative model on board, so the margins are built from the photo's own edges in three
layers blended by distance from the photo:

1. right at the seam, the photo mirrored across its edge (so the first new pixels continue the last
   old ones exactly and there is no visible seam);
2. a short way out, PatchMatch texture synthesised from a thin band along the photo's edge on a
   downscaled working copy (continues wood grain, sky, walls; a thin band rather than the whole
   photo, so faces and objects are not cloned into the margin);
3. further out, the edge colours smeared outwards and heavily blurred: a soft, out-of-focus backdrop
   that stays plausible however wide the margin gets (21:9 from a portrait), never black bars.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from numpy.typing import NDArray
from patchmatch import patch_match
from PIL import Image

from openbanana.editing.photo import RESAMPLE, RGB, resize
from openbanana.engine.errors import InvalidArgument

F32 = NDArray[np.float32]

#: Largest output side accepted (keeps a typo like 160000 from allocating gigabytes).
MAX_SIDE = 16384
#: Long side of the PatchMatch working copy: ~0.3–0.5 s, whatever the output size.
_WORK_SIDE = 320
#: Fraction of the photo (along the margin axis) used as PatchMatch source, next to each margin.
_SOURCE_BAND = 0.12
#: Blend distances as fractions of the output's long side: mirror → texture, texture → soft backdrop.
_MIRROR_FADE = 0.02
_BACKDROP_FROM, _BACKDROP_TO = 0.04, 0.22


def _check_size(width: int, height: int) -> None:
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise InvalidArgument(f"output size {width}×{height} is out of range (1…{MAX_SIDE} px a side)")


def contain_box(src_w: int, src_h: int, width: int, height: int) -> tuple[int, int, int, int]:
    """Where a ``src_w`` × ``src_h`` photo lands when scaled to fit inside ``width`` × ``height`` and
    centred: ``(x, y, w, h)``. One side always fills the output exactly."""
    if src_w < 1 or src_h < 1:
        raise InvalidArgument("the photo is empty")
    _check_size(width, height)
    if width / src_w <= height / src_h:  # width-bound: full width, bands above and below
        w, h = width, min(height, max(1, round(src_h * width / src_w)))
    else:
        w, h = min(width, max(1, round(src_w * height / src_h))), height
    return (width - w) // 2, (height - h) // 2, w, h


def outpaint_to(rgb: RGB, width: int, height: int) -> RGB:
    """The photo scaled to fit ``width`` × ``height`` and centred, unchanged, with the margins it does
    not cover filled from its own edges (see the module docstring)."""
    x, y, w, h = contain_box(rgb.shape[1], rgb.shape[0], width, height)
    inner = resize(np.ascontiguousarray(rgb), w, h)
    if (w, h) == (width, height):
        return inner
    out = _u8(_margins(inner, (x, y, w, h), width, height))
    out[y : y + h, x : x + w] = inner
    return out


def crop_to(rgb: RGB, width: int, height: int, focus: tuple[float, float] | None = None) -> RGB:
    """Scale the photo to cover ``width`` × ``height`` and crop the excess, keeping the point ``focus``
    (fractions of the photo's width and height; default the centre) as central as the edges allow."""
    _check_size(width, height)
    src_h, src_w = rgb.shape[:2]
    fx, fy = focus if focus is not None else (0.5, 0.5)
    if not (0.0 <= fx <= 1.0 and 0.0 <= fy <= 1.0):
        raise InvalidArgument(f"focus {focus} must be fractions between 0 and 1")
    scale = max(width / src_w, height / src_h)
    cw, ch = width / scale, height / scale  # the crop window in source pixels (fractional)
    left = min(max(fx * src_w - cw / 2, 0.0), src_w - cw)
    top = min(max(fy * src_h - ch / 2, 0.0), src_h - ch)
    box = (left, top, left + cw, top + ch)
    return np.asarray(Image.fromarray(np.ascontiguousarray(rgb)).resize((width, height), RESAMPLE, box=box))


#: Reframe modes → how the new shape is reached.
MODES: dict[str, Callable[[RGB, int, int], RGB]] = {"outpaint": outpaint_to, "crop": crop_to}


def reframe(rgb: RGB, width: int, height: int, mode: str = "outpaint") -> RGB:
    """Give the photo the shape ``width`` × ``height`` without stretching it, by ``mode`` (see :data:`MODES`)."""
    fn = MODES.get(mode)
    if fn is None:
        raise InvalidArgument(f"unknown reframe mode {mode!r}; use one of: {', '.join(MODES)}")
    return fn(rgb, width, height)


# --------------------------------------------------------------------------------------------- margins


def _u8(img: F32) -> RGB:
    return np.asarray(np.clip(np.rint(img), 0, 255), dtype=np.uint8)


def _ramp(dist: F32, start: float, end: float) -> F32:
    """Smoothstep from 0 at ``dist == start`` to 1 at ``dist == end``, as an (H, W, 1) weight."""
    t = np.clip((dist - start) / max(end - start, 1e-6), 0.0, 1.0)
    return np.asarray((t * t * (3.0 - 2.0 * t))[:, :, None], dtype=np.float32)


def _margins(inner: RGB, box: tuple[int, int, int, int], width: int, height: int) -> F32:
    """A full ``width`` × ``height`` float canvas whose margins (outside ``box``) are filled."""
    x, y, w, h = box
    pads = (y, height - y - h, x, width - x - w)  # top, bottom, left, right
    long_side = float(max(width, height))
    mirror = cv2.copyMakeBorder(inner, *pads, cv2.BORDER_REFLECT).astype(np.float32)
    outside = np.ones((height, width), np.uint8)
    outside[y : y + h, x : x + w] = 0
    dist = np.asarray(cv2.distanceTransform(outside, cv2.DIST_L2, 3), dtype=np.float32)

    # Blurred a touch to hide the working copy's pixels.
    texture = np.asarray(cv2.GaussianBlur(_texture(mirror, box, width, height), (0, 0), 0.004 * long_side))
    canvas = mirror + _ramp(dist, 0.0, _MIRROR_FADE * long_side) * (texture - mirror)
    backdrop = _backdrop(inner, pads, width, height, long_side)
    return np.asarray(
        canvas + _ramp(dist, _BACKDROP_FROM * long_side, _BACKDROP_TO * long_side) * (backdrop - canvas),
        dtype=np.float32,
    )


def _texture(mirror: F32, box: tuple[int, int, int, int], width: int, height: int) -> F32:
    """PatchMatch fill of the margins on a downscaled copy, sourced only from a band along the photo's
    edges that face a margin, scaled back up to full size."""
    x, y, w, h = box
    s = min(1.0, _WORK_SIDE / max(width, height))
    ww, wh = max(1, round(width * s)), max(1, round(height * s))
    small = cv2.resize(_u8(mirror), (ww, wh), interpolation=cv2.INTER_AREA)
    x0, y0 = int(np.ceil(x * s)), int(np.ceil(y * s))
    x1, y1 = min(ww, int((x + w) * s)), min(wh, int((y + h) * s))
    if x1 - x0 < 8 or y1 - y0 < 8:  # the photo is a sliver in the working copy: nothing to learn from
        return mirror
    hole = np.full((wh, ww), 255, np.uint8)
    hole[y0:y1, x0:x1] = 0
    # Sources: only the band next to the margins; the photo's middle is neither filled nor copied.
    bx = int(_SOURCE_BAND * (x1 - x0)) if x > 0 else 0
    by = int(_SOURCE_BAND * (y1 - y0)) if y > 0 else 0
    unused = np.zeros_like(hole)
    unused[y0 + by : y1 - by, x0 + bx : x1 - bx] = 255
    filled = patch_match.inpaint(small, hole, global_mask=unused if unused.any() else None, patch_size=3)
    return np.asarray(cv2.resize(filled, (width, height), interpolation=cv2.INTER_CUBIC), dtype=np.float32)


def _backdrop(inner: RGB, pads: tuple[int, int, int, int], width: int, height: int, long_side: float) -> F32:
    """The photo's edge colours smeared outwards and blurred: a soft out-of-focus backdrop (computed at
    quarter size; it has no detail to lose)."""
    q = 4
    small = cv2.resize(inner, (max(1, inner.shape[1] // q), max(1, inner.shape[0] // q)), interpolation=cv2.INTER_AREA)
    top, bottom, left, right = (p // q for p in pads)
    smear = cv2.copyMakeBorder(small, top, bottom, left, right, cv2.BORDER_REPLICATE).astype(np.float32)
    soft = cv2.GaussianBlur(smear, (0, 0), 0.04 * long_side / q)
    return np.asarray(cv2.resize(soft, (width, height), interpolation=cv2.INTER_LINEAR), dtype=np.float32)
