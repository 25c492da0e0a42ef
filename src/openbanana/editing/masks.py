"""Edit masks: reading the client's mask image, telling a mask from a photo, and shaping masks.

A mask is a ``bool`` array (H, W): True where the edit may change pixels. An *alpha* is a ``float32``
array (H, W) in 0..1, used where an edge has to blend (feathered fills, cut-outs).

Clients send masks two ways and both are accepted: white-on-black (Gemini and most editors: bright =
edit) and OpenAI's convention (a transparent hole in an otherwise opaque image: transparent = edit).
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import UnidentifiedImageError

from openbanana.editing.photo import decode
from openbanana.engine.errors import InvalidArgument

Mask = NDArray[np.bool_]
Alpha = NDArray[np.float32]

#: A channel value at or below this counts as "black" in :func:`looks_like_mask`, at or above 255 minus it "white".
_NEAR = 40
#: Share of pixels that must be near black or near white for an image to be a mask.
_MASK_SHARE = 0.97
#: Each of black and white must cover at least this share (a mask marks something and keeps something).
_MIN_SIDE_SHARE = 0.002
#: Max − min channel above this is "coloured"; masks have (nearly) none.
_CHROMA = 30


def _luma(rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Rec. 601 luminance, the one every image editor shows as "grey"."""
    f = rgb[..., :3].astype(np.float32)
    return np.asarray(0.299 * f[..., 0] + 0.587 * f[..., 1] + 0.114 * f[..., 2], dtype=np.float32)


def _is_uniform(rgb: NDArray[np.uint8]) -> bool:
    """Whether the pixels are (nearly) one colour: such an image's only information is its alpha."""
    return rgb.size == 0 or float(rgb.reshape(-1, rgb.shape[-1])[:, :3].astype(np.float32).std(axis=0).max()) < 8.0


def _marked(arr: NDArray[np.uint8]) -> Mask:
    """The edit area of a decoded mask (see :func:`mask_from_bytes` for the conventions)."""
    if arr.shape[-1] == 4 and bool((arr[..., 3] < 128).any()):
        opaque = arr[..., 3] >= 128
        if _is_uniform(arr[opaque]) or not looks_like_mask(arr[..., :3]):
            return np.asarray(~opaque, dtype=np.bool_)
        # A black/white drawing with transparent parts: transparent counts as black (keep).
        return np.asarray((_luma(arr) > 127) & opaque, dtype=np.bool_)
    return np.asarray(_luma(arr) > 127, dtype=np.bool_)


def mask_from_bytes(data: bytes, width: int, height: int, field: str) -> Mask:
    """Decode a client's mask image into a bool mask for an image of ``width`` × ``height``.

    ``width``/``height`` are the ORIGINAL size of the image the mask belongs to: the mask must match it,
    because stretching a mask that was drawn for another size would edit pixels the user did not mark.
    White/bright = edit. With transparency the OpenAI convention wins (transparent = edit) when the opaque
    part carries no black/white drawing of its own (one flat colour, or the photo itself with a hole).
    """
    try:
        img = decode(data)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InvalidArgument(f"{field}: the mask is not an image that can be decoded ({exc}).") from exc
    w, h = img.size
    if (w, h) != (width, height):
        raise InvalidArgument(
            f"{field}: the mask is {w}x{h} but the image it masks is {width}x{height}; send a mask of the same size."
        )
    arr = np.asarray(img, dtype=np.uint8)
    mask = _marked(arr)
    if not mask.any():
        raise InvalidArgument(
            f"{field}: the mask marks nothing to edit; paint the area to change white (or transparent) "
            "and the rest black."
        )
    return mask


def looks_like_mask(image: NDArray[np.uint8]) -> bool:
    """Whether a decoded image (RGB or RGBA) is a mask rather than a photo.

    The engine uses it to tell that the second image of a request is a mask for the first. A mask is
    nearly all pure black and pure white (≥ 97 %, anti-aliased edges aside), has both, and has no colour;
    or it is one flat colour with a transparent hole (OpenAI style). Photos, even black-and-white ones,
    have far too many mid-tones.
    """
    if image.ndim != 3 or image.shape[-1] not in (3, 4) or image.size == 0:
        return False
    if image.shape[-1] == 4:
        alpha = image[..., 3]
        clear = alpha < 128
        hard = (alpha <= _NEAR) | (alpha >= 255 - _NEAR)
        if clear.any() and (~clear).any() and hard.mean() >= _MASK_SHARE and _is_uniform(image[~clear]):
            return True
    rgb = image[..., :3]
    hi = rgb.max(axis=-1)
    lo = rgb.min(axis=-1)
    black = hi <= _NEAR
    white = lo >= 255 - _NEAR
    coloured = (hi.astype(np.int16) - lo) > _CHROMA
    return bool(
        (black | white).mean() >= _MASK_SHARE
        and black.mean() >= _MIN_SIDE_SHARE
        and white.mean() >= _MIN_SIDE_SHARE
        and coloured.mean() <= 1.0 - _MASK_SHARE
    )


def scale_mask(mask: Mask, width: int, height: int) -> Mask:
    """The mask at another size (nearest neighbour, so it stays a hard mask)."""
    if mask.shape == (height, width):
        return mask.copy()
    out = cv2.resize(mask.astype(np.uint8), (width, height), interpolation=cv2.INTER_NEAREST)
    return np.asarray(out, dtype=np.uint8) > 0


def _disc(px: int) -> NDArray[np.uint8]:
    return np.asarray(cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * px + 1, 2 * px + 1)), dtype=np.uint8)


def dilate(mask: Mask, px: int) -> Mask:
    """Grow the mask by ``px`` pixels in every direction (a round brush), e.g. to catch an object's
    anti-aliased edge or its shadow before inpainting."""
    if px <= 0:
        return mask.copy()
    return np.asarray(cv2.dilate(mask.astype(np.uint8), _disc(px)), dtype=np.uint8) > 0


def distance_outside(mask: Mask) -> NDArray[np.float32]:
    """Euclidean distance of every pixel to the nearest masked pixel (0 inside)."""
    if not mask.any():
        return np.full(mask.shape, np.inf, dtype=np.float32)
    d = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return np.asarray(d, dtype=np.float32)


def distance_inside(mask: Mask) -> NDArray[np.float32]:
    """Euclidean distance of every masked pixel to the nearest unmasked one (0 outside)."""
    d = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return np.asarray(d, dtype=np.float32)


def _smoothstep(t: NDArray[np.float32]) -> NDArray[np.float32]:
    t = np.clip(t, 0.0, 1.0)
    return np.asarray(t * t * (3.0 - 2.0 * t), dtype=np.float32)


def feather(mask: Mask, px: float) -> Alpha:
    """A soft alpha from a hard mask: 1 everywhere inside it, falling smoothly to 0 over ``px`` pixels
    outside it, so a fill or paste has no hard seam and never weakens inside the marked area."""
    if px <= 0:
        return mask.astype(np.float32)
    return _smoothstep(1.0 - distance_outside(mask) / np.float32(px))


def feather_inside(mask: Mask, px: float) -> Alpha:
    """A soft alpha that stays inside the mask: 0 outside, rising to 1 over ``px`` pixels inward.
    For edits whose outside must stay exactly unchanged."""
    if px <= 0:
        return mask.astype(np.float32)
    return _smoothstep(distance_inside(mask) / np.float32(px))
