"""Recolouring illustrations ("a pink elephant", "a blue coffee mug"), judged on the rendered pixels."""

from __future__ import annotations

import colorsys
import io

import numpy as np
import pytest
from PIL import Image

from openbanana.generators.compose.plan import AssetPlacement, Background, Box, ComposePlan
from openbanana.generators.compose.render import build_svg, rasterize

SIDE = 256


def _render(icon: str, tint: str | None) -> np.ndarray:
    asset = AssetPlacement("a0", icon, icon, Box(0.0, 0.0, 1.0, 1.0), tint=tint, shadow=False)
    plan = ComposePlan("x", 1, 0, SIDE, SIDE, "t", Background("gradient", ("#ffffff", "#ffffff")), assets=(asset,))
    png = rasterize(build_svg(plan, SIDE, SIDE), SIDE, SIDE)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.float64) / 255


def _hue_share(pixels: np.ndarray, lo: float, hi: float) -> float:
    """Share of the drawn (not white) pixels whose hue (degrees) lies in [lo, hi] with real saturation."""
    drawn = pixels[(pixels < 0.97).any(axis=2)]
    hls = np.array([colorsys.rgb_to_hls(*p) for p in drawn[:: max(1, len(drawn) // 4000)]])
    hue = hls[:, 0] * 360
    inside = (hue >= lo) & (hue <= hi) if lo <= hi else (hue >= lo) | (hue <= hi)
    return float(np.mean(inside & (hls[:, 2] > 0.3)))


@pytest.mark.parametrize(
    ("icon", "tint", "hues"),
    [
        ("elephant", "#f06292", (320.0, 355.0)),  # all-grey artwork: the greys take the tint
        ("hot-beverage", "#1e88e5", (195.0, 225.0)),  # a white mug with coffee: the mug turns blue
        ("automobile", "#1e88e5", (195.0, 225.0)),  # a red car: its red body turns blue
    ],
)
def test_the_body_takes_the_tint(icon: str, tint: str, hues: tuple[float, float]) -> None:
    before, after = _render(icon, None), _render(icon, tint)
    assert _hue_share(before, *hues) < 0.15
    assert _hue_share(after, *hues) > 0.4


def test_details_of_another_colour_keep_it() -> None:
    """The coffee in a blue mug stays brown; an apple tinted yellow keeps its green leaf."""
    mug = _render("hot-beverage", "#1e88e5")
    assert _hue_share(mug, 5.0, 40.0) > 0.05  # coffee brown/orange hues survive
    apple = _render("red-apple", "#fdd835")
    assert _hue_share(apple, 70.0, 170.0) > 0.03  # the green leaf


def test_untinted_artwork_is_unchanged() -> None:
    assert np.array_equal(_render("dog", None), _render("dog", None))
