"""Request + seed → :class:`ComposePlan`."""

from __future__ import annotations

import math
import random

from openbanana.engine.errors import InvalidArgument
from openbanana.engine.request import ImageRequest
from openbanana.generators.compose import colors as C
from openbanana.generators.compose import documents, lexicon
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.intent import Intent, QuotedText, merge_turns
from openbanana.generators.compose.layout import TextSlot, compute_layout
from openbanana.generators.compose.plan import AssetPlacement, Background, Box, ComposePlan, Decoration, TextElement
from openbanana.generators.compose.scene import Subject, build_background, placement
from openbanana.generators.compose.theme import build_theme

MAX_SIZE = {"title": 0.17, "subtitle": 0.085, "label": 0.065}

#: Limits on the text one image draws (the quoted strings of the prompt that is drawn): plenty for a
#: poster, a slide or an infographic, and they bound the time a request can hold a worker (shaping,
#: fitting and above all OCR grow with the amount of text). Characters are Unicode code points after
#: cleaning (see :func:`~openbanana.generators.compose.intent.clean_quoted`).
MAX_QUOTED_CHARS = 600
MAX_QUOTED_STRINGS = 40


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


def scene_kind(intent: Intent) -> str | None:
    """The scene to draw, or None for a plain gradient (colours named for the background win)."""
    if intent.background_colors:
        return None
    if intent.scene in (None, "sky") and intent.time in ("night", "sunset"):
        return intent.time
    return intent.scene


def _gradient(
    intent: Intent, rng: random.Random, avoid: list[Box] | None = None, width: int = 1024, height: int = 1024
) -> Background:
    """A colour gradient; its big soft glows are kept away from the ``avoid`` boxes, since OCR (and
    people) can mistake a round blob behind text for a letter."""
    avoid = avoid or []
    decorations: list[Decoration] = []
    colors = _palette(intent, rng)
    angle = rng.choice((90.0, 135.0, 160.0, 180.0, 200.0, 225.0))
    if "minimal" not in intent.styles:
        for _ in range(rng.randint(2, 5)):
            r = rng.uniform(0.08, 0.3)
            cx, cy = _clear_spot(rng, avoid, width, height, r * math.hypot(width, height) / 1.6 * 0.6, (0.0, 1.0))
            decorations.append(Decoration("glow", cx, cy, r, rng.uniform(0.08, 0.2)))
    return Background("gradient", colors, angle, tuple(decorations))


def _place_subjects(
    kind: str, instances: list[tuple[str, str]], placements: list[tuple[Box, float, bool]]
) -> tuple[list[tuple[str, str]], list[tuple[Box, float, bool]], list[Subject]]:
    """Match illustrations to layout slots so they sit where they belong: things that float take the
    farthest (highest) slots, and on a beach a boat that shares a row with things on the sand is drawn
    smaller and higher, out on the water band."""
    n = min(len(instances), len(placements))
    instances, placements = list(instances[:n]), list(placements[:n])
    where = [placement(icon, kind) for _noun, icon in instances]
    if "water" in where and "ground" in where:
        slots = sorted(range(n), key=lambda i: placements[i][0].y + placements[i][0].h)
        water = [i for i in range(n) if where[i] == "water"]
        others = [i for i in range(n) if where[i] != "water"]
        order = water + others
        instances = [instances[i] for i in order]
        where = [where[i] for i in order]
        placements = [placements[slots[k]] for k in range(n)]
        if kind == "beach":
            ground_feet = min(placements[k][0].y + placements[k][0].h for k in range(n) if where[k] == "ground")
            for k in range(n):
                box, rotation, flip = placements[k]
                if where[k] == "water" and box.y + box.h > ground_feet - box.h * 0.2:
                    small = Box(
                        round(box.x + box.w * 0.14, 5), round(box.y + box.h * 0.06, 5),
                        round(box.w * 0.72, 5), round(box.h * 0.72, 5),
                    )  # fmt: skip
                    placements[k] = (small, rotation * 0.3, flip)
    subjects = [Subject(box, w) for (box, _r, _f), w in zip(placements, where, strict=True)]
    return instances, placements, subjects


def _samples(box: Box) -> list[tuple[float, float]]:
    xs = (box.x, box.x + box.w / 2, box.x + box.w)
    ys = (box.y, box.y + box.h / 2, box.y + box.h)
    return [(x, y) for x in xs for y in ys]


def style_text(element: TextElement, background: Background, requested: str | None, force_plate: bool) -> TextElement:
    """Pick text colour and (when contrast is short or the background is busy) a backing plate."""
    under = [background.color_at(x, y) for x, y in _samples(element.box)]
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
    check_text_limits(intent.texts)
    width, height = request.output.width, request.output.height
    kind = documents.detect_kind(intent.unquoted)
    build_document = documents.builder(kind) if kind else None
    if kind and build_document is not None:
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
            assets=parts.assets,
            subjects=intent.subjects,
            styles=intent.styles,
            notes=parts.notes,
            kind=kind,
            shapes=parts.shapes,
            filters=parts.filters,
        )
    return _scene_plan(request, intent, rng, seed, variant, kind or "scene")


def _scene_plan(
    request: ImageRequest, intent: Intent, rng: random.Random, seed: int, variant: int, kind: str
) -> ComposePlan:
    """A free composition: text blocks and illustrations over a gradient or an illustrated setting."""
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
    setting = scene_kind(intent)
    if setting is None:
        background = _gradient(intent, rng, list(boxes.values()), width, height)
    else:
        instances, placements, subjects = _place_subjects(setting, instances, placements)
        time = (
            "night" if setting in ("night", "space") else ("sunset" if setting == "sunset" else intent.time or "day")
        )
        background = build_background(setting, time, rng, list(boxes.values()), subjects, width, height)
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
        kind=kind,
    )
