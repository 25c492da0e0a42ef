"""Real-ESRGAN upscaling: exact sizes, sharper than Lanczos while as faithful, no tile seams."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import pytest
from skimage import data

from openbanana.editing import photo, upscale
from openbanana.editing.photo import RGB
from openbanana.engine.errors import InvalidArgument

pytestmark = pytest.mark.skipif(not upscale.available(), reason="ncnn or the Real-ESRGAN models are missing")


def _psnr(a: RGB, b: RGB) -> float:
    mse = float(((a.astype(float) - b.astype(float)) ** 2).mean())
    return 10 * np.log10(255.0**2 / mse)


def _edge_energy(rgb: RGB) -> float:
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(float)
    return float((cv2.Sobel(g, cv2.CV_64F, 1, 0) ** 2 + cv2.Sobel(g, cv2.CV_64F, 0, 1) ** 2).mean())


@pytest.fixture(scope="module")
def astronaut() -> RGB:
    return np.ascontiguousarray(data.astronaut())


@pytest.mark.parametrize("factor", [2, 4])
def test_upscale_multiplies_the_size_exactly(factor: int) -> None:
    src = np.ascontiguousarray(data.coffee()[:37, :53])
    out = upscale.upscale(src, factor)
    assert out.shape == (37 * factor, 53 * factor, 3) and out.dtype == np.uint8


@pytest.mark.parametrize("factor", [2, 4])
def test_upscaled_photo_is_as_faithful_as_lanczos_and_much_sharper(astronaut: RGB, factor: int) -> None:
    small = photo.resize(astronaut, 512 // factor, 512 // factor)
    ours = upscale.upscale(small, factor)
    lanczos = photo.resize(small, 512, 512)
    assert _psnr(ours, astronaut) > _psnr(lanczos, astronaut) - 0.5
    assert _edge_energy(ours) > 1.25 * _edge_energy(lanczos)
    assert _edge_energy(ours) < 1.2 * _edge_energy(astronaut)  # sharp, not noisy
    # And it is the same picture: scaled back down it matches the input closely.
    assert _psnr(photo.resize(ours, small.shape[1], small.shape[0]), small) > 35


def test_tiles_leave_no_seams(astronaut: RGB) -> None:
    small = np.ascontiguousarray(astronaut[::4, ::4])  # 128²: 9 tiles of 48 vs one tile
    for factor in (2, 4):
        tiled = upscale.upscale(small, factor, tile=48).astype(int)
        whole = upscale.upscale(small, factor, tile=1024).astype(int)
        assert np.abs(tiled - whole).max() <= 2


def test_concurrent_calls_agree(astronaut: RGB) -> None:
    small = np.ascontiguousarray(astronaut[::8, ::8])
    with ThreadPoolExecutor(4) as pool:
        outs = list(pool.map(lambda f: upscale.upscale(small, f), [4, 2, 4, 2]))
    assert np.array_equal(outs[0], outs[2]) and np.array_equal(outs[1], outs[3])


@pytest.mark.parametrize(("size"), [(300, 200), (150, 100), (1000, 667), (80, 60)])
def test_upscale_to_reaches_the_exact_size(size: tuple[int, int]) -> None:
    src = np.ascontiguousarray(data.coffee()[::6, ::6])  # 100 × 67
    out = upscale.upscale_to(src, *size)
    assert out.shape == (size[1], size[0], 3)


def test_upscale_to_uses_no_model_when_the_target_is_not_larger(astronaut: RGB) -> None:
    assert np.array_equal(upscale.upscale_to(astronaut, 300, 300), photo.resize(astronaut, 300, 300))
    assert upscale.upscale_to(astronaut, 512, 512) is astronaut


def test_upscale_to_picks_the_smallest_model_chain(astronaut: RGB, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    real = upscale.upscale

    def spy(rgb: RGB, factor: int, **kw: int) -> RGB:
        calls.append((rgb.shape[1], factor))
        return real(rgb, factor, **kw)

    monkeypatch.setattr(upscale, "upscale", spy)
    src = np.ascontiguousarray(astronaut[::8, ::8])  # 64²
    for target, chain in [(100, [(64, 2)]), (200, [(64, 4)]), (500, [(64, 4), (125, 4)])]:
        calls.clear()
        assert upscale.upscale_to(src, target, target).shape == (target, target, 3)
        assert calls == chain


def test_bad_arguments_are_client_errors(astronaut: RGB) -> None:
    with pytest.raises(InvalidArgument):
        upscale.upscale(astronaut, 3)
    with pytest.raises(InvalidArgument):
        upscale.upscale_to(astronaut, 0, 100)
    with pytest.raises(InvalidArgument):
        upscale.upscale(np.zeros((4, 4), np.uint8), 2)


@pytest.mark.slow
def test_256_to_1024_is_quick(astronaut: RGB) -> None:
    small = photo.resize(astronaut, 256, 256)
    upscale.upscale_to(small, 512, 512)  # load the models
    start = time.perf_counter()
    out = upscale.upscale_to(small, 1024, 1024)
    elapsed = time.perf_counter() - start
    print(f"upscale_to 256² → 1024²: {elapsed:.2f} s")
    assert out.shape == (1024, 1024, 3)
    assert elapsed < 5.0  # ~0.35 s on two cores; slack for a busy machine
