"""Removing and filling masked regions, checked on the pixels."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest
import skimage.data
from PIL import Image, ImageDraw, ImageFont

from openbanana.editing.inpaint import TEXTURES, _split_thin, fill_region, parse_color, remove_region
from openbanana.editing.masks import dilate
from openbanana.engine.errors import InvalidArgument


def _box(shape: tuple[int, ...], y: int, x: int, h: int, w: int) -> np.ndarray:
    mask = np.zeros(shape[:2], bool)
    mask[y : y + h, x : x + w] = True
    return mask


def _gradient(h: int = 240, w: int = 320) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    rgb = np.stack([60 + 120 * xx / w, 80 + 100 * yy / h, 200 - 80 * xx / w], -1)
    return np.asarray(rgb.round(), dtype=np.uint8)


def _err(a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> float:
    return float(np.abs(a[mask].astype(np.float32) - b[mask].astype(np.float32)).mean())


def test_red_box_removed_from_coffee_and_nothing_else_changes() -> None:
    original = skimage.data.coffee()
    img = original.copy()
    mask = _box(img.shape, 60, 430, 90, 110)
    img[mask] = (230, 20, 20)
    out = remove_region(img, mask)
    assert out.shape == img.shape and out.dtype == np.uint8
    assert np.array_equal(out[~mask], img[~mask])
    hole = out[mask].astype(int)
    assert (np.abs(hole - (230, 20, 20)).max(axis=1) < 40).mean() < 0.002
    # Filled with the table's wood: close in colour to what was there before the box.
    assert np.abs(hole.mean(axis=0) - original[mask].mean(axis=0)).max() < 25


def test_hole_in_a_smooth_gradient_continues_it() -> None:
    img = _gradient()
    mask = _box(img.shape, 90, 130, 60, 60)
    damaged = img.copy()
    damaged[mask] = 0
    out = remove_region(damaged, mask)
    assert np.array_equal(out[~mask], img[~mask])
    assert _err(out, img, mask) < 8


def test_hole_in_a_photo_backdrop_matches_the_backdrop() -> None:
    img = skimage.data.astronaut()
    mask = _box(img.shape, 50, 320, 40, 40)
    damaged = img.copy()
    damaged[mask] = (0, 255, 0)
    out = remove_region(damaged, mask)
    assert np.array_equal(out[~mask], img[~mask])
    assert _err(out, img, mask) < 14


def _text_mask(h: int, w: int) -> np.ndarray:
    canvas = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(canvas)
    draw.text((20, h // 2 - 20), "HELLO 2024", fill=255, font=ImageFont.load_default(size=40))
    return dilate(np.asarray(canvas) > 127, 1)


def test_thin_text_strokes_take_the_telea_path() -> None:
    img = _gradient()
    mask = _text_mask(*img.shape[:2])
    thin, thick = _split_thin(mask)
    assert thin.sum() == mask.sum() and not thick.any()
    damaged = img.copy()
    damaged[mask] = (255, 255, 255)
    start = time.perf_counter()
    out = remove_region(damaged, mask)
    assert time.perf_counter() - start < 0.5
    assert np.array_equal(out[~mask], img[~mask])
    assert _err(out, img, mask) < 4


def test_text_and_a_box_together_each_get_their_method() -> None:
    img = _gradient()
    mask = _text_mask(*img.shape[:2])
    mask[180:230, 200:260] = True
    thin, thick = _split_thin(mask)
    assert thin.any() and thick[200, 230] and not thick[:170].any()
    out = remove_region(np.where(mask[..., None], 0, img).astype(np.uint8), mask)
    assert np.array_equal(out[~mask], img[~mask]) and _err(out, img, mask) < 8


def test_1024_image_with_200px_hole_is_fast() -> None:
    img = cv2.resize(skimage.data.astronaut(), (1024, 1024), interpolation=cv2.INTER_CUBIC)
    mask = _box(img.shape, 40, 620, 200, 200)
    remove_region(img, _box(img.shape, 0, 0, 20, 20))  # load the library outside the timing
    start = time.perf_counter()
    out = remove_region(img, mask)
    assert time.perf_counter() - start < 2.0
    assert np.array_equal(out[~mask], img[~mask])


def test_large_neighbourhood_is_worked_on_downscaled() -> None:
    img = cv2.resize(skimage.data.coffee(), (1800, 1200), interpolation=cv2.INTER_CUBIC)
    mask = _box(img.shape, 690, 1500, 450, 270)  # wood only, right of the saucer
    damaged = img.copy()
    damaged[mask] = (230, 20, 20)
    start = time.perf_counter()
    out = remove_region(damaged, mask)
    assert time.perf_counter() - start < 3.0
    assert np.array_equal(out[~mask], img[~mask])
    hole = out[mask].astype(int)
    assert (np.abs(hole - (230, 20, 20)).max(axis=1) < 40).mean() < 0.002
    assert np.abs(hole.mean(axis=0) - img[mask].mean(axis=0)).max() < 25


def test_empty_and_full_masks() -> None:
    img = skimage.data.chelsea()
    assert np.array_equal(remove_region(img, np.zeros(img.shape[:2], bool)), img)
    full = remove_region(img, np.ones(img.shape[:2], bool))
    assert full.shape == img.shape and len(np.unique(full.reshape(-1, 3), axis=0)) == 1


def test_fill_with_colour_keeps_shading_and_outside() -> None:
    img = skimage.data.coffee()
    mask = _box(img.shape, 0, 0, 110, 600)
    out = fill_region(img, mask, "#2563eb")
    assert np.array_equal(out[~mask], img[~mask])
    inner = out[5:105, 5:595].reshape(-1, 3).astype(float)
    assert inner[:, 2].mean() > inner[:, 0].mean() + 80  # blue now
    # Not a flat sheet: the table's light and grain still show as shading.
    assert inner[:, 2].std() > 8
    assert np.abs(inner.mean(axis=0) - np.array(parse_color("#2563eb"))).max() < 45


def test_fill_soft_edge_stays_inside_the_mask() -> None:
    img = np.full((100, 100, 3), 200, np.uint8)
    mask = _box(img.shape, 20, 20, 60, 60)
    out = fill_region(img, mask, (255, 0, 0))
    assert np.array_equal(out[~mask], img[~mask])
    assert tuple(out[50, 50]) == (255, 0, 0)
    assert 200 < out[20, 50, 0] < 255 and out[20, 50, 1] > 0  # blended edge pixel


@pytest.mark.parametrize("texture", sorted(TEXTURES))
def test_textures_fill_only_the_mask_and_have_structure(texture: str) -> None:
    img = skimage.data.chelsea()
    mask = _box(img.shape, 40, 60, 200, 300)
    out = fill_region(img, mask, "gray", texture=texture)
    assert np.array_equal(out[~mask], img[~mask])
    assert out[mask].std(axis=0).max() > 4
    assert np.array_equal(out, fill_region(img, mask, "gray", texture=texture))  # deterministic


def test_texture_colours_read_right() -> None:
    img = np.full((200, 200, 3), 128, np.uint8)
    mask = np.ones((200, 200), bool)
    mean = {name: fill_region(img, mask, "gray", texture=name).reshape(-1, 3).mean(axis=0) for name in TEXTURES}
    assert mean["grass"][1] > mean["grass"][0] + 30
    assert mean["water"][2] > mean["water"][0] + 60
    assert mean["sky"][2] > mean["sky"][0] + 30
    assert mean["brick"][0] > mean["brick"][2] + 50
    assert mean["snow"].min() > 215


def test_bad_colour_is_a_clear_400() -> None:
    img = np.zeros((10, 10, 3), np.uint8)
    with pytest.raises(InvalidArgument, match="not a colour"):
        fill_region(img, np.ones((10, 10), bool), "blurple")
    with pytest.raises(ValueError, match="unknown texture"):
        fill_region(img, np.ones((10, 10), bool), "red", texture="lava")
