"""Request + seed → :class:`ComposePlan`."""

from __future__ import annotations

import math
import random

from openbanana.engine.request import ImageRequest
from openbanana.generators.compose import colors as C
from openbanana.generators.compose import lexicon
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.intent import Intent, merge_turns
from openbanana.generators.compose.layout import TextSlot, compute_layout
from openbanana.generators.compose.plan import AssetPlacement, Background, Box, ComposePlan, TextElement

#: Vertical colour stops that describe each scene (also used to judge text contrast).
SCENE_STOPS: dict[str, tuple[str, ...]] = {
    "sky": ("#3d8fe0", "#8cc8f7", "#dff1ff"),
    "sea": ("#76bff5", "#d6efff", "#2a8fd8", "#0b4f8a"),
    "night": ("#070b1f", "#18204a", "#33306b"),
    "forest": ("#bfe6ff", "#e8f7e4", "#4f9a4a", "#27632d"),
    "sunset": ("#2e1f5e", "#c2456b", "#ff8a5b", "#ffd27a"),
    "snow": ("#b9d7f0", "#e6f1fb", "#ffffff"),
    "desert": ("#ffd7a1", "#ffe9c7", "#e8b463", "#c98a3e"),
}

MAX_SIZE = {"title": 0.17, "subtitle": 0.085, "label": 0.065}


def user_texts(request: ImageRequest) -> list[str]:
    texts = [t.text for t in request.turns if t.role == "user" and t.text.strip()]
    return texts or [request.prompt]


def _palette(intent: Intent, rng: random.Random) -> tuple[str, ...]:
    named = intent.background_colors or intent.palette_colors
    if len(named) >= 2:
        colors = tuple(named[:3])
    elif len(named) == 1:
        base = named[0]
        variant = rng.choice(("light", "deep", "hue"))
        if variant == "light":
            colors = (C.lighten(base, 0.35), base)
        elif variant == "deep":
            colors = (base, C.darken(base, 0.35))
        else:
            colors = (C.lighten(base, 0.15), C.rotate_hue(base, rng.choice((-28, 28))))
    else:
        colors = rng.choice(lexicon.PALETTES)
    styles = set(intent.styles)
    if "pastel" in styles:
        colors = tuple(C.lighten(c, 0.45) for c in colors)
    if "dark" in styles:
        colors = tuple(C.darken(c, 0.55) for c in colors)
    if "neon" in styles:
        colors = tuple(C.adjust(C.darken(c, 0.5), saturation=1.6) for c in colors)
    if "vibrant" in styles:
        colors = tuple(C.adjust(c, saturation=1.5) for c in colors)
    if "minimal" in styles and not named:
        colors = (C.lighten(colors[0], 0.7), C.lighten(colors[-1], 0.6))
    if "retro" in styles:
        colors = tuple(C.mix(c, "#d9b77e", 0.3) for c in colors)
    return colors


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


def _background(
    intent: Intent, rng: random.Random, avoid: list[Box] | None = None, width: int = 1024, height: int = 1024
) -> Background:
    """The backdrop; big soft decorations (glows, sun, moon) are kept away from the ``avoid`` boxes, since
    OCR (and people) can mistake a round blob behind text for a letter."""
    avoid = avoid or []
    short = min(width, height)
    decorations: list[tuple[float, float, float, float]] = []
    kind = intent.scene if intent.scene in SCENE_STOPS and not intent.background_colors else "gradient"
    if kind == "gradient":
        colors = _palette(intent, rng)
        angle = rng.choice((90.0, 135.0, 160.0, 180.0, 200.0, 225.0))
        if "minimal" not in intent.styles:
            for _ in range(rng.randint(2, 5)):
                r = rng.uniform(0.08, 0.3)
                cx, cy = _clear_spot(rng, avoid, width, height, r * math.hypot(width, height) / 1.6 * 0.6, (0.0, 1.0))
                decorations.append((cx, cy, r, rng.uniform(0.08, 0.2)))
        return Background("gradient", colors, angle, tuple(decorations))
    stops = SCENE_STOPS[kind]
    if kind == "night":
        for _ in range(rng.randint(40, 70)):
            decorations.append((rng.random(), rng.random() * 0.9, rng.uniform(0.0015, 0.004), rng.uniform(0.5, 1.0)))
        mx, my = _clear_spot(rng, avoid, width, height, 0.07 * short * 2.0, (0.08, 0.3))
        decorations.append((mx, my, 0.07, 1.0))  # moon
    elif kind in ("sky", "sea", "forest", "snow", "desert"):
        count = {"sky": rng.randint(3, 5), "snow": rng.randint(50, 80)}.get(kind, rng.randint(1, 3))
        for _ in range(count):
            if kind == "snow":
                decorations.append((rng.random(), rng.random(), rng.uniform(0.002, 0.006), rng.uniform(0.6, 1.0)))
            else:
                decorations.append((rng.random(), rng.uniform(0.05, 0.4), rng.uniform(0.05, 0.11), 0.95))
        sx, sy = _clear_spot(rng, avoid, width, height, 0.06 * short * 2.0, (0.08, 0.25))
        decorations.append((sx, sy, 0.06, 1.0))  # sun
    elif kind == "sunset":
        decorations.append((rng.uniform(0.25, 0.75), 0.62, 0.14, 1.0))
    return Background(kind, stops, 180.0, tuple(decorations))


def _samples(box: Box) -> list[tuple[float, float]]:
    xs = (box.x, box.x + box.w / 2, box.x + box.w)
    ys = (box.y, box.y + box.h / 2, box.y + box.h)
    return [(x, y) for x in xs for y in ys]


def style_text(element: TextElement, background: Background, requested: str | None, force_plate: bool) -> TextElement:
    """Pick text colour and (when contrast is short or the background is busy) a backing plate."""
    under = [C.gradient_at(background.colors, background.angle, x, y) for x, y in _samples(element.box)]
    candidates = [requested] if requested else ["#111111", "#ffffff", C.darken(background.colors[0], 0.75)]
    best = max(candidates, key=lambda c: min(C.contrast(c, u) for u in under))
    worst = min(C.contrast(best, u) for u in under)
    plate = force_plate or background.kind != "gradient" or worst < 4.5
    plate_color = "#ffffff"
    if plate:
        plate_color = "#ffffff" if C.contrast(best, "#ffffff") >= C.contrast(best, "#101010") else "#101010"
    return TextElement(
        id=element.id,
        text=element.text,
        role=element.role,
        box=element.box,
        bold=element.bold,
        color=best,
        plate=plate_color,
        plate_opacity=0.92 if plate else 0.0,
        scale=element.scale,
        max_size=element.max_size,
        requested_color=requested,
    )


def build_plan(request: ImageRequest, seed: int, variant: int) -> ComposePlan:
    rng = random.Random(seed * 1000 + variant)
    library = load_library()
    intent = merge_turns(user_texts(request), library, request.system_instruction)
    width, height = request.output.width, request.output.height

    slots: list[TextSlot] = []
    roles_seen: set[str] = set()
    ordered = list(intent.texts)
    for i, q in enumerate(ordered):
        role = q.role or ("title" if i == 0 else ("subtitle" if "subtitle" not in roles_seen else "label"))
        if role == "title" and "title" in roles_seen:
            role = "subtitle"
        roles_seen.add(role)
        slots.append(TextSlot(f"text{i}", role, q.text))
    # Title first in the stacking order, then the rest in prompt order.
    slots.sort(key=lambda s: (s.role != "title", s.role == "label", int(s.id[4:])))

    instances: list[tuple[str, str]] = []
    for noun, icon, count in intent.subjects:
        instances.extend([(noun, icon)] * count)
    instances = instances[: lexicon.MAX_INSTANCES]
    if len({icon for _n, icon in instances}) > 1:
        rng.shuffle(instances)

    layout_name, boxes, placements = compute_layout(width, height, slots, len(instances), rng)
    background = _background(intent, rng, list(boxes.values()), width, height)
    force_plate = rng.random() < 0.3
    texts: list[TextElement] = []
    by_id = {f"text{i}": q for i, q in enumerate(ordered)}
    for slot in slots:
        q = by_id[slot.id]
        base = TextElement(
            id=slot.id,
            text=q.text,
            role=slot.role,
            box=boxes[slot.id],
            bold=q.bold or intent.bold_text or slot.role == "title",
            max_size=MAX_SIZE.get(slot.role, 0.065),
        )
        texts.append(style_text(base, background, q.color or intent.text_color, force_plate))
    assets = tuple(
        AssetPlacement(f"asset{i}", icon, noun, box, rotation, flip)
        for i, ((noun, icon), (box, rotation, flip)) in enumerate(zip(instances, placements, strict=False))
    )
    return ComposePlan(
        prompt=request.prompt,
        seed=seed,
        variant=variant,
        width=width,
        height=height,
        layout=layout_name,
        background=background,
        texts=tuple(texts),
        assets=assets,
        subjects=intent.subjects,
        styles=intent.styles,
    )
