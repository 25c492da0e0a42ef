"""Styles and moods: one style table drives document themes and free scenes alike (palette, finishes,
typefaces, effects), and each style shows on the pixels."""

from __future__ import annotations

import colorsys
import io
import random

import numpy as np
import pytest
from PIL import Image

from openbanana.generators.compose import ComposeGenerator, ComposePlan
from openbanana.generators.compose import styles as S
from openbanana.generators.compose.colors import luminance, to_rgb
from openbanana.generators.compose.theme import build_theme

from .helpers import make_request

ALL_STYLES = [
    "flat", "minimal", "retro", "pop art", "pastel", "dark mode", "corporate", "playful", "vintage", "elegant",
    "cinematic", "neon", "watercolor", "hand-drawn",
]  # fmt: skip


@pytest.fixture(scope="module")
def generator() -> ComposeGenerator:
    return ComposeGenerator()


def _plan(generator: ComposeGenerator, prompt: str, seed: int = 1) -> ComposePlan:
    return generator.plan(make_request(prompt), seed, 0)


def _render(generator: ComposeGenerator, prompt: str, seed: int = 1) -> tuple[ComposePlan, np.ndarray]:
    request = make_request(prompt, "1:1", "512")
    plan = generator.plan(request, seed, 0)
    image = Image.open(io.BytesIO(generator.render(plan, request).png)).convert("RGB")
    return plan, np.asarray(image).astype(float) / 255


@pytest.mark.parametrize("style", ALL_STYLES)
def test_every_style_is_read_and_has_a_row(generator: ComposeGenerator, style: str) -> None:
    plan = _plan(generator, f'a {style} picture of a cat with the title "Hello"')
    assert plan.styles, style
    assert all(s in S.STYLES or s == "vibrant" for s in plan.styles)


@pytest.mark.parametrize("style", ALL_STYLES)
def test_scene_and_document_theme_agree(generator: ComposeGenerator, style: str) -> None:
    plan = _plan(generator, f'a {style} picture of a cat with the title "Hello" and the subtitle "World"')
    theme = build_theme(plan.styles, (), random.Random(0))
    assert plan.filters == theme.filters
    title = next(t for t in plan.texts if t.role == "title")
    subtitle = next(t for t in plan.texts if t.role == "subtitle")
    assert (title.font, title.effect) == (theme.title_font, theme.title_effect)
    assert subtitle.font == theme.body_font


@pytest.mark.parametrize(
    ("style", "font", "effect", "filters"),
    [
        ("retro", "display", "shadow", {"grain"}),
        ("vintage", "serif", "", {"grain", "vignette", "paper"}),
        ("pop art", "display", "outline", {"halftone"}),
        ("elegant", "serif", "", set()),
        ("playful", "handwritten", "", set()),
        ("hand-drawn", "handwritten", "", {"paper"}),
        ("watercolor", "cursive", "", {"paper"}),
        ("cinematic", "display", "", {"vignette", "grain"}),
        ("neon", "sans", "neon", set()),
    ],
)
def test_style_typography_and_finishes(
    generator: ComposeGenerator, style: str, font: str, effect: str, filters: set[str]
) -> None:
    plan = _plan(generator, f'a {style} image of a rocket with the title "Launch"')
    (title,) = plan.texts
    assert (title.font, title.effect) == (font, effect)
    assert set(plan.filters) == filters


def test_quote_font_beats_style_font(generator: ComposeGenerator) -> None:
    plan = _plan(generator, 'a retro image with the title "Launch" in a serif font')
    assert plan.texts[0].font == "serif"


def _mean_luminance(px: np.ndarray) -> float:
    return float((0.2126 * px[..., 0] + 0.7152 * px[..., 1] + 0.0722 * px[..., 2]).mean())


def _border(px: np.ndarray) -> np.ndarray:
    """The outer 6% of the image: background only in these layouts (margins)."""
    h, w = px.shape[:2]
    m = max(2, int(min(w, h) * 0.04))
    return np.concatenate(
        [px[:m].reshape(-1, 3), px[-m:].reshape(-1, 3), px[:, :m].reshape(-1, 3), px[:, -m:].reshape(-1, 3)]
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dark_mode_and_neon_are_dark_and_pastel_is_light(generator: ComposeGenerator, seed: int) -> None:
    _plan_dark, dark = _render(generator, 'dark mode picture of a laptop "Ship It"', seed)
    _plan_neon, neon = _render(generator, 'neon picture of a guitar "Live"', seed)
    _plan_pastel, pastel = _render(generator, 'pastel picture of a bunny "Spring"', seed)
    assert _mean_luminance(_border(dark)) < 0.15
    assert _mean_luminance(_border(neon)) < 0.15
    border = _border(pastel)
    assert _mean_luminance(border) > 0.6
    sat = [colorsys.rgb_to_hls(*p)[2] for p in border[:: max(1, len(border) // 400)]]
    assert float(np.mean(sat)) < 0.75


def test_neon_title_glows_without_a_plate(generator: ComposeGenerator) -> None:
    plan = _plan(generator, 'a neon image of a guitar with the title "Live Tonight"')
    (title,) = plan.texts
    assert title.effect == "neon" and title.plate_opacity == 0


def test_vintage_vignette_darkens_the_corners(generator: ComposeGenerator) -> None:
    _p, plain = _render(generator, 'a minimal image of a bicycle "Ride"')
    plan, vintage = _render(generator, 'a vintage image of a bicycle "Ride"')
    assert "vignette" in plan.filters

    def corner_drop(px: np.ndarray) -> float:
        h, _w = px.shape[:2]
        k = h // 12
        corners = np.concatenate([px[:k, :k], px[:k, -k:], px[-k:, :k], px[-k:, -k:]]).reshape(-1, 3)
        middle_band = px[h // 2 - k : h // 2 + k, :k].reshape(-1, 3)  # left edge, mid height
        return _mean_luminance(middle_band) - _mean_luminance(corners)

    assert corner_drop(vintage) > corner_drop(plain) + 0.02


def test_flat_and_minimal_have_no_glows(generator: ComposeGenerator) -> None:
    for style in ("flat", "minimal", "corporate"):
        for seed in (1, 2, 3):
            plan = _plan(generator, f'a {style} image of a cat "Hi"', seed)
            assert not [d for d in plan.background.decorations if d.kind == "glow"], style


def test_named_colours_win_over_style_palettes(generator: ComposeGenerator) -> None:
    plan = _plan(generator, 'a pastel image with a blue background and a cat "Hi"')
    hue = colorsys.rgb_to_hls(*to_rgb(plan.background.colors[-1]))[0] * 360
    assert 180 <= hue <= 250 and luminance(plan.background.colors[0]) > 0.4


def test_theme_styles_for_documents() -> None:
    rng = random.Random(3)
    assert build_theme(("dark",), (), rng).dark
    assert build_theme(("neon",), (), rng).title_effect == "neon"
    corporate = build_theme(("corporate",), (), rng)
    assert corporate.background[0] == "#ffffff" and not corporate.glows
    named = build_theme(("pastel",), ("#1e88e5",), rng)
    assert named.accents[0] != "#1e88e5" and luminance(named.background[0]) > 0.6


def test_golden_hour_sunrise_and_neon_light(generator: ComposeGenerator) -> None:
    golden = _plan(generator, "a beach at golden hour with a palm tree")
    sunrise = _plan(generator, "a lake at sunrise with a canoe")
    neon = _plan(generator, "a neon city street with a taxi")
    top_hue = colorsys.rgb_to_hls(*to_rgb(golden.background.colors[0]))[0] * 360
    assert golden.background.time == "sunset" and 10 <= top_hue <= 45
    assert sunrise.background.colors != golden.background.colors and sunrise.background.time == "sunset"
    assert neon.background.time == "night" and luminance(neon.background.colors[0]) < 0.05
    assert "neon" in neon.styles
