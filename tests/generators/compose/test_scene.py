"""Scene backgrounds: a ground plane for common settings, subjects standing on it, sky decorations off
the text."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from openbanana.generators.compose import ComposeGenerator, ComposePlan
from openbanana.generators.compose.colors import luminance
from openbanana.generators.compose.plan import Box
from openbanana.generators.compose.scene import decoration_box

from .helpers import make_request


@pytest.fixture(scope="module")
def generator() -> ComposeGenerator:
    return ComposeGenerator()


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def _bottom(box: Box) -> float:
    return box.y + box.h


@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "4:3"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_beach_has_sea_and_sand_and_the_boat_floats(generator: ComposeGenerator, ratio: str, seed: int) -> None:
    request = make_request("A sunny beach with palm trees and a sailboat", ratio)
    plan = generator.plan(request, seed, 0)
    bg = plan.background
    assert bg.kind == "beach"
    sea, sand = bg.layer("sea"), bg.layer("sand")
    assert sea is not None and sand is not None and sea.top < sand.top
    boats = [a for a in plan.assets if a.icon == "sailboat"]
    palms = [a for a in plan.assets if a.icon == "palm-tree"]
    assert len(boats) == 1 and len(palms) == 3
    # The boat's hull is on the water band, not up among the clouds and not on the sand.
    assert sea.top < _bottom(boats[0].box) < sand.top
    for palm in palms:  # palms stand on the sand
        assert _bottom(palm.box) > sand.top
    image = generator.render(plan, request)
    assert generator.check(plan, image, request, thorough=False).passed


@pytest.mark.parametrize(
    ("prompt", "kind", "layers"),
    [
        ("A sunny beach with a dog", "beach", {"sea", "sand"}),
        ("The ocean with a whale", "sea", {"sea"}),
        ("A lake with two ducks", "lake", {"treeline", "water"}),
        ("A city street with a taxi", "city", {"skyline", "street"}),
        ("A forest with a fox", "forest", {"treeline", "grass"}),
        ("A park with a dog", "park", {"hills", "trees", "grass"}),
        ("Snowy mountains with a snowman", "snow", {"mountains", "snowfield"}),
        ("A desert with a camel", "desert", {"dunes", "sand"}),
        ("A kitchen with a cat", "kitchen", {"tiles", "floor"}),
        ("An office with a laptop", "office", {"floor"}),
        ("A photo studio with a camera", "studio", {"floor"}),
        ("A cozy room with a cat", "room", {"floor"}),
    ],
)
def test_settings_have_a_ground_plane_subjects_stand_on(
    generator: ComposeGenerator, prompt: str, kind: str, layers: set[str]
) -> None:
    for ratio in ("1:1", "16:9", "9:16"):
        plan = generator.plan(make_request(prompt, ratio), 5, 0)
        bg = plan.background
        assert bg.kind == kind
        assert {layer.kind for layer in bg.layers} == layers
        assert 0.15 < bg.horizon < 0.9
        assert plan.assets
        for asset in plan.assets:
            # Feet below the horizon: on the ground (nearer rows lower down).
            assert _bottom(asset.box) > bg.horizon, (asset, bg.horizon)
        # The farthest row stands across the horizon line rather than below a band of empty ground.
        assert any(a.box.y < bg.horizon for a in plan.assets)


def test_space_has_stars_and_no_ground(generator: ComposeGenerator) -> None:
    plan = generator.plan(make_request('Outer space with a rocket "Mission 2049"', "16:9"), 1, 0)
    bg = plan.background
    assert bg.kind == "space" and not bg.layers and bg.horizon == 1.0
    assert sum(1 for d in bg.decorations if d.kind == "star") >= 40


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [("A city at night with a bus", "city"), ("A beach at night with a crab", "beach"), ("A night sky", "night")],
)
def test_night_variants(generator: ComposeGenerator, prompt: str, kind: str) -> None:
    plan = generator.plan(make_request(prompt), 2, 0)
    bg = plan.background
    assert bg.kind == kind and bg.time == "night"
    kinds = [d.kind for d in bg.decorations]
    assert "star" in kinds and "sun" not in kinds and "cloud" not in kinds
    stars = [d for d in bg.decorations if d.kind == "star"]
    if bg.layers:
        assert all(d.y <= bg.horizon for d in stars)  # stars only in the sky


PROMPTS_WITH_TEXT = [
    'A sunny beach picture "Summer Vibes" with palm trees and a sailboat',
    'A city skyline scene "Downtown Days" with a taxi',
    'A cloudy sky with a kite and the title "Fly High"',
    'A night sky picture "Dream Big" with an owl',
    'A lake at sunset "Golden Hour" with a canoe',
    'An office scene "We Are Hiring" with a laptop',
    'Outer space "To The Stars" with a rocket',
]


@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "8:1", "1:8"])
@pytest.mark.parametrize("prompt", PROMPTS_WITH_TEXT, ids=[p[:24] for p in PROMPTS_WITH_TEXT])
def test_sun_moon_clouds_never_overlap_text_or_subjects(generator: ComposeGenerator, prompt: str, ratio: str) -> None:
    for seed in (1, 2, 3, 4):
        request = make_request(prompt, ratio)
        plan = generator.plan(request, seed, 0)
        w, h = request.output.width, request.output.height
        for d in plan.background.decorations:
            box = decoration_box(plan.background, d, w, h)
            if box is None:
                continue
            for t in plan.texts:
                assert not _overlap(box, t.box), (d, t.box)
            for a in plan.assets:
                assert not _overlap(box, a.box), (d, a.box)


def _render_key(plan: ComposePlan) -> tuple[object, ...]:
    return (plan.background, tuple(a.box for a in plan.assets))


def test_scenes_are_deterministic_per_seed(generator: ComposeGenerator) -> None:
    request = make_request('A beach "Hello" with a sailboat and a crab', "16:9")
    a, b = generator.plan(request, 7, 0), generator.plan(request, 7, 0)
    assert a == b
    assert generator.render(a, request).png == generator.render(b, request).png
    keys = {_render_key(generator.plan(request, seed, 0)) for seed in range(5)}
    assert len(keys) == 5


@pytest.mark.parametrize("ratio", ["8:1", "1:8"])
@pytest.mark.parametrize("size", ["512", "1K"])
def test_extreme_ratios_stay_strips_with_exact_sizes(generator: ComposeGenerator, ratio: str, size: str) -> None:
    # (Scenes: "banner" or "poster" would ask for those document templates.)
    for prompt in ('Beach strip "Summer Vibes" with dolphins', 'A forest strip "Go Outside" with two foxes'):
        request = make_request(prompt, ratio, size)
        plan = generator.plan(request, 3, 0)
        assert plan.layout.startswith("strip")
        assert plan.background.layers
        image = generator.render(plan, request)
        assert (image.width, image.height) == (request.output.width, request.output.height)
        assert generator.check(plan, image, request, thorough=False).passed


def test_describe_mentions_the_setting(generator: ComposeGenerator) -> None:
    request = make_request("A city at night with a bus")
    text = generator.describe(generator.plan(request, 1, 0), request)
    assert "city" in text and "night" in text


# -- weather and light -------------------------------------------------------------------------------


def _sky_pixels(generator: ComposeGenerator, prompt: str, seed: int = 2) -> tuple[ComposePlan, np.ndarray]:
    request = make_request(prompt, "16:9", "512")
    plan = generator.plan(request, seed, 0)
    image = Image.open(io.BytesIO(generator.render(plan, request).png)).convert("RGB")
    px = np.asarray(image).astype(float) / 255
    return plan, px[: max(4, int(px.shape[0] * 0.08))]  # a strip along the top: sky, above any text plate


def _saturation(px: np.ndarray) -> float:
    hi, lo = px.max(axis=-1), px.min(axis=-1)
    return float(((hi - lo) / np.maximum(hi, 1e-3)).mean())


@pytest.mark.parametrize(
    ("weather", "shape_prefix", "layer"), [("rainy", "rain", 1), ("snowy", "snow", 1), ("foggy", "fog", 0)]
)
def test_weather_overlays(generator: ComposeGenerator, weather: str, shape_prefix: str, layer: int) -> None:
    plan = generator.plan(make_request(f"a {weather} city street with a taxi", "16:9"), 2, 0)
    assert plan.background.kind == "city"
    drops = [s for s in plan.shapes if s.id.startswith(shape_prefix)]
    assert len(drops) >= 3 and {s.layer for s in drops} == {layer}
    assert "sun" not in {d.kind for d in plan.background.decorations} or weather == "snowy"


def test_rain_greys_the_sky_and_draws_streaks(generator: ComposeGenerator) -> None:
    _plan, clear = _sky_pixels(generator, "a city street with a taxi")
    plan, rainy = _sky_pixels(generator, "a rainy city street with a taxi")
    assert _saturation(rainy) < _saturation(clear) - 0.1
    streaks = [s for s in plan.shapes if s.kind == "line" and s.id.startswith("rain")]
    assert len(streaks) >= 60 and all(s.box.h > 0 for s in streaks)


def test_storm_is_dark_with_lightning(generator: ComposeGenerator) -> None:
    for seed in (1, 2, 3):
        plan = generator.plan(make_request("a stormy sea with a small boat", "16:9"), seed, 0)
        assert plan.background.kind == "sea"
        assert max(luminance(c) for c in plan.background.colors) < 0.25
        assert any(s.id.startswith("rain") for s in plan.shapes)
    bolts = [
        s for seed in range(1, 7) for s in generator.plan(make_request("a stormy sky", "16:9"), seed, 0).shapes
        if s.id == "lightning"
    ]  # fmt: skip
    assert bolts and all(s.kind == "polygon" and len(s.points) >= 8 for s in bolts)


def test_snow_falls_in_front(generator: ComposeGenerator) -> None:
    plan = generator.plan(make_request("a snowy day in the park with a dog", "1:1"), 1, 0)
    assert plan.background.kind == "park"
    assert sum(1 for d in plan.background.decorations if d.kind == "flake") >= 30
    assert sum(1 for s in plan.shapes if s.id.startswith("snow") and s.layer == 1) >= 20


def test_weather_alone_takes_the_scene_outdoors(generator: ComposeGenerator) -> None:
    assert generator.plan(make_request("a cat in the rain"), 1, 0).background.kind == "park"
    assert generator.plan(make_request("snowfall"), 1, 0).background.kind == "snow"
    assert generator.plan(make_request("a cat in the rain on a pink background"), 1, 0).background.kind == "gradient"


def test_golden_hour_is_warm(generator: ComposeGenerator) -> None:
    _plan, day = _sky_pixels(generator, "a beach with a palm tree")
    plan, golden = _sky_pixels(generator, "a beach at golden hour with a palm tree")
    assert plan.background.time == "sunset"
    assert golden[..., 0].mean() - golden[..., 2].mean() > 0.3 > day[..., 0].mean() - day[..., 2].mean()


@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "8:1", "1:8"])
def test_weather_renders_at_every_ratio(generator: ComposeGenerator, ratio: str) -> None:
    request = make_request('a stormy night in the city with a bus "Stay Dry"', ratio, "512")
    plan = generator.plan(request, 4, 0)
    image = generator.render(plan, request)
    assert (image.width, image.height) == (request.output.width, request.output.height)
    assert generator.check(plan, image, request, thorough=False).passed


def test_a_neon_city_glows_in_sign_colours(generator: ComposeGenerator) -> None:
    """Neon light is more than a purple sky: the lit windows shine magenta, cyan, violet and amber."""
    import colorsys

    pixels: dict[str, float] = {}
    for prompt in ("a neon city street at night", "a city street at night"):
        request = make_request(prompt, "16:9", "512")
        plan = generator.plan(request, 1, 0)
        rgb = np.asarray(Image.open(io.BytesIO(generator.render(plan, request).png)).convert("RGB")) / 255
        flat = rgb.reshape(-1, 3)[::3]
        bright = [p for p in flat if (hls := colorsys.rgb_to_hls(*p))[1] > 0.5 and hls[2] > 0.8]
        pixels[prompt] = len(bright) / len(flat)
    assert pixels["a neon city street at night"] > 0.01 > pixels["a city street at night"], pixels
