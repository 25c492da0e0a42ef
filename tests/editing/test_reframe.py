"""Reframing photos: exact sizes, the original pasted unchanged, margins that look like photo, no seams."""

from __future__ import annotations

import time

import numpy as np
import pytest
from skimage import data

from openbanana.editing import photo
from openbanana.editing.photo import RGB
from openbanana.editing.reframe import contain_box, crop_to, outpaint_to, reframe
from openbanana.engine.errors import InvalidArgument


def _photo(name: str) -> RGB:
    return np.ascontiguousarray(getattr(data, name)())


@pytest.mark.parametrize(
    ("src", "size", "box"),
    [
        ((512, 512), (1024, 576), (224, 0, 576, 576)),
        ((1024, 576), (576, 1024), (0, 350, 576, 324)),
        ((400, 600), (1344, 576), (480, 0, 384, 576)),
        ((300, 200), (300, 200), (0, 0, 300, 200)),
        ((10, 1000), (100, 100), (49, 0, 1, 100)),
    ],
)
def test_contain_box_fits_inside_and_centres(
    src: tuple[int, int], size: tuple[int, int], box: tuple[int, int, int, int]
) -> None:
    assert contain_box(*src, *size) == box


def _margin_mask(size: tuple[int, int], box: tuple[int, int, int, int]) -> np.ndarray:
    x, y, w, h = box
    mask = np.ones((size[1], size[0]), bool)
    mask[y : y + h, x : x + w] = False
    return mask


CASES = [
    ("astronaut", None, (1024, 576)),  # 1:1 → 16:9
    ("coffee", (slice(None), slice(100, 367)), (1344, 576)),  # 2:3 → 21:9
    ("chelsea", None, (576, 1024)),  # landscape → 9:16
    ("coffee", None, (400, 400)),  # 4:3 → 1:1
]


@pytest.mark.parametrize(("name", "region", "size"), CASES)
def test_outpaint_keeps_the_photo_exact_and_fills_the_margins_plausibly(
    name: str, region: tuple[slice, slice] | None, size: tuple[int, int]
) -> None:
    src = _photo(name)
    if region is not None:
        src = np.ascontiguousarray(src[region])
    out = outpaint_to(src, *size)
    assert out.shape == (size[1], size[0], 3) and out.dtype == np.uint8

    x, y, w, h = box = contain_box(src.shape[1], src.shape[0], *size)
    assert np.array_equal(out[y : y + h, x : x + w], photo.resize(src, w, h))

    margins = out[_margin_mask(size, box)].astype(float)
    assert margins.std() > 12, "margins are flat"
    assert (margins.max(axis=1) < 20).mean() < 0.5, "margins are black bars"
    # The margins carry the photo's colours: their mean is near the mean of the photo's edge band.
    band = out[y : y + h, x : x + max(1, w // 8)] if x > 0 else out[y : y + max(1, h // 8), x : x + w]
    assert np.abs(margins.mean(axis=0) - band.reshape(-1, 3).mean(axis=0)).max() < 45

    # Soft seam: across the photo's edge, neighbouring pixels differ no more than neighbours inside.
    inside = out[y : y + h, x : x + w].astype(float)
    if x > 0:
        across = np.abs(out[y : y + h, x - 1].astype(float) - inside[:, 0]).mean()
        within = np.abs(np.diff(inside[:, :8], axis=1)).mean()
    else:
        across = np.abs(out[y - 1, x : x + w].astype(float) - inside[0]).mean()
        within = np.abs(np.diff(inside[:8], axis=0)).mean()
    assert across <= within + 2.0


def test_outpaint_is_deterministic_and_a_same_shape_request_is_a_plain_resize() -> None:
    src = _photo("chelsea")
    assert np.array_equal(outpaint_to(src, 600, 300), outpaint_to(src, 600, 300))
    same = outpaint_to(src, src.shape[1] // 2, src.shape[0] // 2)
    assert np.array_equal(same, photo.resize(src, src.shape[1] // 2, src.shape[0] // 2))


def test_outpaint_handles_extreme_shapes() -> None:
    src = _photo("astronaut")
    assert outpaint_to(src, 1000, 20).shape == (20, 1000, 3)
    assert outpaint_to(src, 8, 300).shape == (300, 8, 3)
    assert outpaint_to(src, 1, 1).shape == (1, 1, 3)


@pytest.mark.slow
def test_outpaint_is_fast_at_1024_px() -> None:
    src = photo.resize(_photo("astronaut"), 1024, 1024)
    outpaint_to(src, 640, 360)  # warm the PatchMatch library
    start = time.perf_counter()
    out = outpaint_to(src, 1820, 1024)
    elapsed = time.perf_counter() - start
    print(f"outpaint 1024² → 1820×1024: {elapsed:.2f} s")
    assert out.shape == (1024, 1820, 3)
    assert elapsed < 3.0  # ~0.7 s alone; slack for a shared CI machine


@pytest.mark.parametrize(("size"), [(1024, 576), (576, 1024), (333, 777), (512, 512), (7, 3)])
def test_crop_gives_the_exact_size_without_stretching(size: tuple[int, int]) -> None:
    src = _photo("coffee")  # 600 × 400
    out = crop_to(src, *size)
    assert out.shape == (size[1], size[0], 3)
    if size == (512, 512):  # centre crop of the middle 400 × 400, scaled up
        ref = photo.resize(np.ascontiguousarray(src[:, 100:500]), 512, 512)
        assert np.abs(out.astype(int) - ref.astype(int)).mean() < 2


def test_crop_follows_the_focus_point() -> None:
    src = _photo("coffee")
    left = crop_to(src, 200, 400, focus=(0.0, 0.5))
    right = crop_to(src, 200, 400, focus=(1.0, 0.5))
    assert np.abs(left.astype(int) - src[:, :200].astype(int)).mean() < 1
    assert np.abs(right.astype(int) - src[:, 400:].astype(int)).mean() < 1
    with pytest.raises(InvalidArgument):
        crop_to(src, 200, 400, focus=(1.5, 0.5))


def test_reframe_dispatches_by_mode_and_rejects_unknown_modes() -> None:
    src = _photo("chelsea")
    assert np.array_equal(reframe(src, 300, 300, mode="crop"), crop_to(src, 300, 300))
    assert np.array_equal(reframe(src, 300, 300), outpaint_to(src, 300, 300))
    with pytest.raises(InvalidArgument, match="outpaint"):
        reframe(src, 300, 300, mode="stretch")
    with pytest.raises(InvalidArgument):
        reframe(src, 0, 300)
