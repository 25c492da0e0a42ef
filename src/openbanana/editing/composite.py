"""Putting a subject on a new background, or a cut-out into a scene.

Both keep the subject's own pixels exactly where its alpha is (nearly) 1, blend only the soft edge,
and can lay a soft contact shadow under the subject's base so it stands on the new ground instead of
floating over it.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from openbanana.editing.masks import Alpha
from openbanana.editing.photo import RGB, fit

F32 = NDArray[np.float32]

#: Alpha at or above this is "the subject": those pixels are copied unchanged.
SOLID = 254.5 / 255
#: How far the edge colour is pulled toward the estimated pure subject colour (0: not at all).
DECONTAMINATE = 0.6
#: Darkness of the contact shadow at its centre.
SHADOW_STRENGTH = 0.45


def _old_background(rgb: RGB, alpha: F32) -> F32:
    """The colour of the background the subject stood on, near every pixel: a blur of the photo that
    only counts pixels outside the subject."""
    sigma = max(3.0, 0.01 * max(alpha.shape))
    weight = 1.0 - alpha
    num = cv2.GaussianBlur(rgb.astype(np.float32) * weight[..., None], (0, 0), sigma)
    den = cv2.GaussianBlur(weight, (0, 0), sigma)[..., None]
    return np.asarray(num / np.maximum(den, 1e-3), dtype=np.float32)


def _decontaminate(rgb: RGB, alpha: F32) -> F32:
    """Subject colours at the soft edge with part of the old background's tint removed.

    An edge pixel is ``a·F + (1−a)·B``; solving for F with the estimated old background B keeps a
    green-screen-like fringe of the old background from showing against the new one.
    """
    img = rgb.astype(np.float32)
    edge = (alpha > 0.02) & (alpha < SOLID)
    if not edge.any():
        return img
    a = np.maximum(alpha, 0.3)[..., None]
    pure = np.clip((img - (1.0 - a) * _old_background(rgb, alpha)) / a, 0, 255)
    return np.asarray(np.where(edge[..., None], img + (pure - img) * DECONTAMINATE, img), dtype=np.float32)


def contact_shadow(alpha: F32, *, strength: float = SHADOW_STRENGTH) -> F32:
    """A soft elliptical shadow (0..1 darkening) under the base of the subject in ``alpha``.

    None when the subject runs off the bottom of the frame (its base is not in the picture) or there is
    no subject.
    """
    h, w = alpha.shape
    solid = alpha > 0.5
    rows = np.nonzero(solid.any(axis=1))[0]
    if len(rows) == 0 or rows[-1] >= h - max(2, int(0.02 * h)):
        return np.zeros((h, w), np.float32)
    top, bottom = int(rows[0]), int(rows[-1])
    height = bottom - top + 1
    foot = solid[max(top, bottom - max(2, int(0.05 * height))) : bottom + 1]
    cols = np.nonzero(foot.any(axis=0))[0]
    cx, half_w = (cols[0] + cols[-1]) / 2.0, (cols[-1] - cols[0]) / 2.0 * 1.15 + 2
    half_h = max(2.0, 0.05 * height, 0.12 * half_w)
    shadow = np.zeros((h, w), np.float32)
    cv2.ellipse(shadow, (round(cx), bottom), (round(half_w), round(half_h)), 0, 0, 360, 1.0, -1, cv2.LINE_AA)
    shadow = np.asarray(cv2.GaussianBlur(shadow, (0, 0), 0.6 * half_h + 1), dtype=np.float32)
    return np.asarray(shadow * np.float32(strength), dtype=np.float32)


def _blend(fg: F32, alpha: F32, bg: F32) -> RGB:
    a = alpha[..., None]
    return np.asarray(np.clip(fg * a + bg * (1.0 - a) + 0.5, 0, 255), dtype=np.uint8)


def replace_background(rgb: RGB, alpha: Alpha, background: RGB, *, shadow: bool = True) -> RGB:
    """The subject (``alpha``) of ``rgb`` on ``background`` (fitted to the photo's size).

    Pixels where alpha ≈ 1 are the photo's, unchanged; the rest is the new background, with the soft
    edge blended (and its old-background tint reduced) and, when ``shadow``, a contact shadow under
    the subject's base.
    """
    h, w = rgb.shape[:2]
    a = np.clip(alpha.astype(np.float32), 0.0, 1.0)
    bg = fit(np.ascontiguousarray(background[..., :3]), w, h).astype(np.float32)
    if shadow:
        bg *= (1.0 - contact_shadow(a))[..., None]
    out = _blend(_decontaminate(rgb, a), a, bg)
    solid = a >= SOLID
    out[solid] = rgb[solid]
    return out


def _scaled_rgba(rgba: NDArray[np.uint8], width: int, height: int) -> tuple[F32, F32]:
    """(colour, alpha) of a cut-out at another size, resampled premultiplied so no dark fringe appears."""
    a = rgba[..., 3].astype(np.float32) / 255.0
    pre = rgba[..., :3].astype(np.float32) * a[..., None]
    shrinking = width * height < rgba.shape[0] * rgba.shape[1]
    interp = cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC
    pre = cv2.resize(pre, (width, height), interpolation=interp)
    a2 = np.clip(cv2.resize(a, (width, height), interpolation=interp), 0.0, 1.0)
    colour = np.clip(pre / np.maximum(a2, 1e-4)[..., None], 0, 255)
    return np.asarray(colour, dtype=np.float32), np.asarray(a2, dtype=np.float32)


def place(canvas: RGB, rgba: NDArray[np.uint8], box: tuple[int, int, int, int], *, shadow: bool = True) -> RGB:
    """Paste an RGBA cut-out into ``canvas`` inside ``box`` = (x, y, w, h).

    The cut-out keeps its aspect ratio, is as large as fits the box, and stands bottom-centred in it
    (things rest on the ground); parts outside the canvas are clipped. Returns a new image.
    """
    out = np.ascontiguousarray(canvas[..., :3], dtype=np.uint8).copy()
    x, y, bw, bh = box
    ch, cw = rgba.shape[:2]
    if bw <= 0 or bh <= 0 or ch == 0 or cw == 0:
        return out
    scale = min(bw / cw, bh / ch)
    nw, nh = max(1, round(cw * scale)), max(1, round(ch * scale))
    colour, a = _scaled_rgba(rgba, nw, nh)
    left, top = x + (bw - nw) // 2, y + bh - nh
    H, W = out.shape[:2]
    x0, y0, x1, y1 = max(0, left), max(0, top), min(W, left + nw), min(H, top + nh)
    if x0 >= x1 or y0 >= y1:
        return out
    full_a = np.zeros((H, W), np.float32)
    full_a[y0:y1, x0:x1] = a[y0 - top : y1 - top, x0 - left : x1 - left]
    bg = out.astype(np.float32)
    if shadow:
        bg *= (1.0 - contact_shadow(full_a))[..., None]
    full_c = bg.copy()
    full_c[y0:y1, x0:x1] = colour[y0 - top : y1 - top, x0 - left : x1 - left]
    return _blend(full_c, full_a, bg)
