"""Background swaps and placing cut-outs, checked on the pixels."""

from __future__ import annotations

import cv2
import numpy as np
import skimage.data

from openbanana.editing.composite import contact_shadow, place, replace_background
from openbanana.editing.segment import cutout, subject_mask


def _disc_alpha(h: int, w: int, cy: int, cx: int, r: int) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w]
    d = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
    return np.clip(r + 0.5 - d, 0, 1).astype(np.float32)


def _sky(h: int, w: int) -> np.ndarray:
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    return np.broadcast_to(np.array([70, 130, 220]) + t * np.array([110, 85, 25]), (h, w, 3)).astype(np.uint8).copy()


def test_swap_keeps_subject_and_shows_new_background() -> None:
    img = skimage.data.coffee()
    alpha = subject_mask(img)
    bg = _sky(*img.shape[:2])
    out = replace_background(img, alpha, bg, shadow=False)
    assert out.shape == img.shape and out.dtype == np.uint8
    solid = alpha >= 254.5 / 255
    assert solid.mean() > 0.25 and np.array_equal(out[solid], img[solid])
    far = cv2.dilate((alpha > 0).astype(np.uint8), np.ones((9, 9), np.uint8)) == 0
    assert far.mean() > 0.3 and np.array_equal(out[far], bg[far])


def test_swap_edge_is_blended_and_decontaminated() -> None:
    h, w = 200, 200
    alpha = _disc_alpha(h, w, 100, 100, 60)
    alpha = cv2.GaussianBlur(alpha, (0, 0), 2)
    subject, old_bg = np.array([30, 60, 200.0]), np.array([0, 255, 0.0])
    img = (subject * alpha[..., None] + old_bg * (1 - alpha[..., None])).round().astype(np.uint8)
    new_bg = np.full((h, w, 3), (250, 250, 250), np.uint8)
    out = replace_background(img, alpha, new_bg, shadow=False)
    edge = (alpha > 0.3) & (alpha < 0.7)
    naive = (img * alpha[..., None] + new_bg * (1 - alpha[..., None]))[edge]
    # Less of the old green screen shows in the edge than with a plain alpha blend.
    assert out[edge][:, 1].astype(float).mean() < naive[:, 1].mean() - 10


def test_swap_fits_a_background_of_another_size() -> None:
    img = skimage.data.chelsea()
    alpha = np.zeros(img.shape[:2], np.float32)
    alpha[50:250, 100:300] = 1
    out = replace_background(img, alpha, _sky(600, 900), shadow=False)
    assert out.shape == img.shape
    assert np.array_equal(out[50:250, 100:300], img[50:250, 100:300])


def test_contact_shadow_darkens_under_the_base_only() -> None:
    h, w = 300, 400
    alpha = np.zeros((h, w), np.float32)
    alpha[80:200, 150:250] = 1
    bg = np.full((h, w, 3), 200, np.uint8)
    img = np.full((h, w, 3), 50, np.uint8)
    out = replace_background(img, alpha, bg, shadow=True).astype(int)
    assert out[203, 200, 0] < 170  # just under the base, in the middle
    assert out[203, 200, 0] < out[203, 140, 0]  # fades out sideways
    assert (out[:60] == 200).all() and (out[:, :100] == 200).all()  # nothing above or far away
    # A subject cut by the frame's bottom stands on nothing visible: no shadow.
    cut = np.zeros((h, w), np.float32)
    cut[150:, 150:250] = 1
    assert contact_shadow(cut).max() == 0


def test_place_puts_the_cutout_in_the_box() -> None:
    cup = skimage.data.coffee()
    rgba = cutout(cup, subject_mask(cup))
    canvas = np.asarray(_sky(480, 720))
    box = (400, 100, 260, 300)
    out = place(canvas, rgba, box, shadow=False)
    assert out.shape == canvas.shape
    ch, cw = rgba.shape[:2]
    scale = min(box[2] / cw, box[3] / ch)
    nw, nh = round(cw * scale), round(ch * scale)
    left, top = box[0] + (box[2] - nw) // 2, box[1] + box[3] - nh
    # Everything outside the placed rectangle is the canvas, unchanged.
    outside = np.ones(canvas.shape[:2], bool)
    outside[top : top + nh, left : left + nw] = False
    assert np.array_equal(out[outside], canvas[outside])
    # Template-match the scaled cup (its solid middle) in the result: found exactly where it was put.
    scaled = cv2.resize(rgba[..., :3], (nw, nh), interpolation=cv2.INTER_AREA)
    patch = scaled[nh // 4 : nh // 2, nw // 3 : 2 * nw // 3]
    res = cv2.matchTemplate(out, patch, cv2.TM_CCOEFF_NORMED)
    _, best, _, (mx, my) = cv2.minMaxLoc(res)
    assert best > 0.9
    assert abs(mx - (left + nw // 3)) <= 2 and abs(my - (top + nh // 4)) <= 2
    # Bottom-centred: the cut-out's base touches the box's bottom and it is centred horizontally.
    assert top + nh == box[1] + box[3] and abs((left + nw / 2) - (box[0] + box[2] / 2)) <= 1


def test_place_clips_at_the_canvas_edge_and_adds_a_shadow() -> None:
    rgba = np.zeros((50, 40, 4), np.uint8)
    rgba[..., :3] = (200, 30, 30)
    rgba[..., 3] = 255
    canvas = np.full((100, 100, 3), 220, np.uint8)
    out = place(canvas, rgba, (80, 20, 40, 50), shadow=False)
    assert (out[20:70, 80:100] == (200, 30, 30)).all() and (out[:, :80] == 220).all()
    shaded = place(canvas, rgba, (30, 10, 40, 50), shadow=True)
    assert (shaded[10:60, 30:70] == (200, 30, 30)).all()
    assert shaded[62, 50, 0] < 200 and (shaded[:5] == 220).all()
