"""Request + seed → :class:`ComposePlan`.

Document kinds (charts, UI mock-ups, posters …) are laid out by their templates; everything else is a
free scene: text blocks, illustrations and props placed by the layout and the relation solver, over a
gradient or an illustrated setting, with the style's palette, typefaces and finishes and the prompt's
weather and light.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from openbanana.engine.errors import InvalidArgument
from openbanana.engine.request import ImageRequest
from openbanana.generators.compose import documents
from openbanana.generators.compose import styles as S
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.intent import Intent, QuotedText, merge_turns
from openbanana.generators.compose.layout import compute_layout, layout_margin
from openbanana.generators.compose.layout_bands import Pinned, Rect, reserve
from openbanana.generators.compose.plan import AssetPlacement, Background, Box, ComposePlan, Decoration, Shape
from openbanana.generators.compose.scene import build_background
from openbanana.generators.compose.scene_text import NEON_BOARD, TextPlan, style_text, text_elements
from openbanana.generators.compose.scene_things import (
    SolvedScene,
    Things,
    grid_instances,
    needs_solver,
    place_on_grid,
)
from openbanana.generators.compose.subjects import SubjectSpec
from openbanana.generators.compose.theme import build_theme
from openbanana.generators.compose.weather import apply_weather

__all__ = ["MAX_QUOTED_CHARS", "MAX_QUOTED_STRINGS", "build_plan", "check_text_limits", "style_text", "user_texts"]

#: Limits on the text one image draws (the quoted strings of the prompt that is drawn): plenty for a
#: poster, a slide or an infographic, and they bound the time a request can hold a worker (shaping,
#: fitting and above all OCR grow with the amount of text). Characters are Unicode code points after
#: cleaning (see :func:`~openbanana.generators.compose.intent.clean_quoted`).
MAX_QUOTED_CHARS = 600
MAX_QUOTED_STRINGS = 40

#: Weather that takes a scene outdoors when the prompt names no setting.
_WEATHER_SETTING = {"snow": "snow", "rain": "park", "storm": "park", "fog": "park", "cloudy": "sky"}


def check_text_limits(texts: tuple[QuotedText, ...]) -> None:
    """Raise :class:`InvalidArgument` (HTTP 400) when the quoted text is over the limits."""
    if len(texts) > MAX_QUOTED_STRINGS:
        raise InvalidArgument(
            f"The prompt has {len(texts)} quoted strings; the compose generator draws at most "
            f"{MAX_QUOTED_STRINGS} quoted strings per image."
        )
    total = sum(len(q.text) for q in texts)
    if total > MAX_QUOTED_CHARS:
        raise InvalidArgument(
            f"The quoted text in the prompt is {total} characters long; the compose generator draws at most "
            f"{MAX_QUOTED_CHARS} characters of quoted text per image (all quoted strings together)."
        )


def user_texts(request: ImageRequest) -> list[str]:
    texts = [t.text for t in request.turns if t.role == "user" and t.text.strip()]
    return texts or [request.prompt]


def _clear_spot(
    rng: random.Random, avoid: list[Box], width: int, height: int, radius_px: float, y_range: tuple[float, float]
) -> tuple[float, float]:
    """A random centre (canvas fractions) whose circle of ``radius_px`` stays off every text box."""
    best = (rng.random(), rng.uniform(*y_range))
    for _ in range(24):
        cx, cy = rng.random(), rng.uniform(*y_range)
        px, py = cx * width, cy * height
        if all(
            not (
                b.x * width - radius_px < px < (b.x + b.w) * width + radius_px
                and b.y * height - radius_px < py < (b.y + b.h) * height + radius_px
            )
            for b in avoid
        ):
            return cx, cy
    return best


def scene_kind(intent: Intent) -> str | None:
    """The scene to draw, or None for a plain gradient (colours named for the background win). Weather
    without a setting takes the scene outdoors."""
    if intent.background_colors:
        return None
    if intent.scene in (None, "sky") and intent.time in ("night", "sunset"):
        return intent.time
    if intent.scene is None and intent.weather:
        return _WEATHER_SETTING.get(intent.weather[0])
    return intent.scene


def _styles(intent: Intent) -> tuple[str, ...]:
    """The prompt's styles, plus neon when the light is neon."""
    if intent.lighting == "neon" and "neon" not in intent.styles:
        return (*intent.styles, "neon")
    return intent.styles


def _gradient(
    intent: Intent, rng: random.Random, avoid: list[Box] | None = None, width: int = 1024, height: int = 1024
) -> Background:
    """A colour gradient; its big soft glows are kept away from the ``avoid`` boxes, since OCR (and
    people) can mistake a round blob behind text for a letter."""
    avoid = avoid or []
    decorations: list[Decoration] = []
    styles = _styles(intent)
    colors = S.background_colors(styles, intent.background_colors or intent.palette_colors, rng)
    angle = rng.choice((90.0, 135.0, 160.0, 180.0, 200.0, 225.0))
    if S.glows(styles):
        for _ in range(rng.randint(2, 5)):
            r = rng.uniform(0.08, 0.3)
            cx, cy = _clear_spot(rng, avoid, width, height, r * math.hypot(width, height) / 1.6 * 0.6, (0.0, 1.0))
            decorations.append(Decoration("glow", cx, cy, r, rng.uniform(0.08, 0.2)))
    return Background("gradient", colors, angle, tuple(decorations))


def build_plan(request: ImageRequest, seed: int, variant: int) -> ComposePlan:
    rng = random.Random(seed * 1000 + variant)
    library = load_library()
    intent = merge_turns(user_texts(request), library, request.system_instruction)
    check_text_limits(intent.texts)
    width, height = request.output.width, request.output.height
    kind = documents.detect_kind(intent.unquoted)
    if kind is not None:
        build_document = documents.builder(kind)
        theme = build_theme(intent.styles, intent.background_colors or intent.palette_colors, rng)
        parts = build_document(documents.DocumentContext(intent, width, height, rng, theme, variant))
        return ComposePlan(
            prompt=request.prompt,
            seed=seed,
            variant=variant,
            width=width,
            height=height,
            layout=parts.layout,
            background=parts.background,
            texts=parts.texts,
            assets=requested_colours(parts.assets, intent),
            subjects=intent.subjects,
            styles=intent.styles,
            notes=parts.notes,
            kind=kind,
            shapes=parts.shapes,
            filters=parts.filters,
        )
    return _scene_plan(request, intent, rng, seed, variant)


def _px_box(r: Rect, width: int, height: int) -> Box:
    x, y, w, h = r
    return Box(round(x / width, 5), round(y / height, 5), round(w / width, 5), round(h / height, 5))


def _layout(
    texts: TextPlan,
    pinned: list[Pinned],
    count: int,
    rng: random.Random,
    margin: float,
    width: int,
    height: int,
) -> tuple[str, dict[str, Box], Rect | None, list[tuple[Box, float, bool]], dict[str, Rect]]:
    """(layout name, text boxes, illustration rectangle, grid placements, band rectangles). Pinned
    texts and things take bands along the edges; texts asked for "in the centre" take a band across the
    middle, with the other texts above it and the illustrations below."""
    gap = max(1.0, min(width, height) * 0.03)
    area: Rect = (margin, margin, width - 2 * margin, height - 2 * margin)
    bands: dict[str, Rect] = {}
    if pinned:
        area, bands = reserve(area, pinned, gap, width / height)
    boxes = {item.id: _px_box(bands[item.id], width, height) for item in pinned if item.kind == "text"}
    center = texts.center_slots()
    if not center:
        laid = compute_layout(width, height, texts.slots, count, rng, area if pinned else None, margin)
        return laid.name, {**boxes, **laid.boxes}, laid.asset_rect, laid.placements, bands
    x, y, w, h = area
    band_h = h * min(0.4, 0.16 + 0.08 * len(center))
    # Centred; a little higher when nothing but illustrations shares the canvas (they go below it).
    band_y = y + (h - band_h) * (0.5 if texts.slots or not count else 0.4)
    boxes.update(compute_layout(width, height, center, 0, rng, (x, band_y, w, band_h), margin).boxes)
    if texts.slots:
        upper = (x, y, w, max(1.0, band_y - gap - y))
        boxes.update(compute_layout(width, height, texts.slots, 0, rng, upper, margin).boxes)
    lower = (x, band_y + band_h + gap, w, max(1.0, y + h - band_y - band_h - gap))
    laid = compute_layout(width, height, [], count, rng, lower, margin)
    return "centered", boxes, laid.asset_rect, laid.placements, bands


def _specs(intent: Intent, texts: TextPlan) -> tuple[SubjectSpec, ...]:
    """The things to draw: the prompt's, plus a sign for text that goes on one when none is named."""
    specs = intent.specs
    boards = sum(s.count for s in specs if s.prop in ("sign", "chalkboard"))
    if texts.signs and not boards:
        specs = (*specs, SubjectSpec(noun="sign", icon="", count=1, prop="sign"))
    if any(texts.quotes[i].effect == "neon" for i in texts.signs):  # neon tubes glow on a dark board
        specs = tuple(replace(s, color=s.color or NEON_BOARD) if s.prop == "sign" else s for s in specs)
    return specs


def requested_colours(assets: tuple[AssetPlacement, ...], intent: Intent) -> tuple[AssetPlacement, ...]:
    """Templates place the prompt's things; a colour the prompt gave a thing ("a red handbag") is
    applied here, once for every template, unless the template already chose a tint."""
    colours = {s.icon: s.color for s in intent.specs if s.color and s.icon}
    if not colours:
        return assets
    return tuple(replace(a, tint=colours[a.icon]) if a.tint is None and a.icon in colours else a for a in assets)


def _scene_plan(request: ImageRequest, intent: Intent, rng: random.Random, seed: int, variant: int) -> ComposePlan:
    """A free composition: text blocks, illustrations and props over a gradient or an illustrated setting."""
    width, height = request.output.width, request.output.height
    styles = _styles(intent)
    # The theme draws from its own stream, so styles never shift the layout a seed gives.
    theme = build_theme(styles, intent.background_colors or intent.palette_colors, random.Random(seed * 7919 + variant))
    texts = TextPlan.from_intent(intent)
    specs = _specs(intent, texts)
    setting = scene_kind(intent)
    solved = SolvedScene(specs, intent.relations, rng) if needs_solver(specs, intent.relations) else None
    instances = grid_instances(specs, rng) if solved is None else []

    margin = layout_margin(width, height, rng)
    pinned = texts.pinned() + (solved.pinned(width, height) if solved is not None else [])
    count = solved.middle_count if solved is not None else len(instances)
    name, boxes, asset_rect, placements, bands = _layout(texts, pinned, count, rng, margin, width, height)
    if solved is not None:
        things = solved.finish(asset_rect, bands, setting, width, height)
    else:
        things = place_on_grid(specs, instances, placements, setting) if instances else Things()

    text_boxes = list(boxes.values())
    if setting is None:
        background = _gradient(intent, rng, text_boxes, width, height)
        shapes: list[Shape] = []
    else:
        time = "night" if setting in ("night", "space") else ("sunset" if setting == "sunset" else intent.time or "day")
        background = build_background(
            setting, time, rng, text_boxes, things.subjects, width, height, intent.lighting, intent.weather
        )
        avoid = text_boxes + [s.box for s in things.subjects]
        background, shapes = apply_weather(background, intent.weather, rng, width, height, avoid)
    force_plate = rng.random() < 0.3
    elements, text_shapes = text_elements(
        texts, boxes, things.signs, background, theme, intent, force_plate, (width, height)
    )
    return ComposePlan(
        prompt=request.prompt,
        seed=seed,
        variant=variant,
        width=width,
        height=height,
        layout=name,
        background=background,
        texts=tuple(elements),
        assets=tuple(things.assets),
        subjects=intent.subjects,
        styles=intent.styles,
        notes=tuple(things.notes),
        shapes=(*things.shapes, *shapes, *text_shapes),
        filters=theme.filters,
    )
