"""The text of a free scene: which quote is the title, which goes on a sign, a button or an edge of the
canvas, and how each is drawn (colour, plate, typeface, effect, alignment)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.intent import Intent, QuotedText
from openbanana.generators.compose.layout import TextSlot
from openbanana.generators.compose.layout_bands import Pinned
from openbanana.generators.compose.plan import Background, Box, Shape, TextElement
from openbanana.generators.compose.theme import Theme

#: Largest font size per role, as a fraction of the canvas' short side.
MAX_SIZE = {"title": 0.17, "subtitle": 0.085, "label": 0.065, "caption": 0.045, "sign": 0.2, "button": 0.06}
#: Placements that pin a text to an edge of the canvas.
EDGES = frozenset({"top-left", "top", "top-right", "left", "right", "bottom-left", "bottom", "bottom-right"})
#: Board colour of a neon sign, and the tube colour when the theme has no neon accent.
NEON_BOARD = "#17122b"
NEON_TUBE = "#ff4fd8"
_ALIGN = {"top-left": "left", "bottom-left": "left", "left": "left", "top-right": "right", "bottom-right": "right"}


@dataclass
class TextPlan:
    """The quotes by id (``text<n>`` in prompt order) with their roles and where they go."""

    quotes: dict[str, QuotedText] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    #: Laid out by the layout (titles first).
    slots: list[TextSlot] = field(default_factory=list)
    #: Pinned to an edge: id → placement.
    edges: dict[str, str] = field(default_factory=dict)
    #: Stacked in the middle of the canvas.
    center: list[str] = field(default_factory=list)
    #: Written on signs, in order.
    signs: list[str] = field(default_factory=list)

    @classmethod
    def from_intent(cls, intent: Intent) -> TextPlan:
        plan = cls()
        seen: set[str] = set()
        for i, q in enumerate(intent.texts):
            ident = f"text{i}"
            plan.quotes[ident] = q
            if q.placement == "sign":
                plan.roles[ident] = "sign"
                plan.signs.append(ident)
                continue
            role = q.role if q.role not in (None, "sign") else None
            if role is None:
                role = "title" if "title" not in seen else ("subtitle" if "subtitle" not in seen else "label")
            elif role == "title" and "title" in seen:
                role = "subtitle"
            seen.add(role)
            plan.roles[ident] = role
            placement = q.placement or ("bottom" if role == "caption" else None)
            if placement in EDGES:
                plan.edges[ident] = placement
            elif placement == "center":
                plan.center.append(ident)
        order = sorted(
            (i for i in plan.roles if i not in plan.edges and i not in plan.signs and i not in plan.center),
            key=lambda i: (plan.roles[i] != "title", plan.roles[i] in ("label", "caption"), int(i[4:])),
        )
        plan.slots = [TextSlot(i, plan.roles[i], plan.quotes[i].text) for i in order]
        return plan

    def pinned(self) -> list[Pinned]:
        return [Pinned(i, where, "text", role=self.roles[i]) for i, where in self.edges.items()]

    def center_slots(self) -> list[TextSlot]:
        return [TextSlot(i, self.roles[i], self.quotes[i].text) for i in self.center]


def _samples(box: Box) -> list[tuple[float, float]]:
    xs = (box.x, box.x + box.w / 2, box.x + box.w)
    ys = (box.y, box.y + box.h / 2, box.y + box.h)
    return [(x, y) for x in xs for y in ys]


def style_text(element: TextElement, background: Background, requested: str | None, force_plate: bool) -> TextElement:
    """Pick text colour and (when contrast is short or the background is busy) a backing plate; every
    other field of ``element`` (font, effect, alignment …) is kept."""
    under = [background.color_at(x, y) for x, y in _samples(element.box)]
    candidates = [requested] if requested else ["#111111", "#ffffff", C.darken(background.colors[0], 0.75)]
    best = max(candidates, key=lambda c: min(C.contrast(c, u) for u in under))
    worst = min(C.contrast(best, u) for u in under)
    plate = force_plate or background.kind != "gradient" or worst < 4.5
    plate_color = "#ffffff"
    if plate:
        plate_color = "#ffffff" if C.contrast(best, "#ffffff") >= C.contrast(best, "#101010") else "#101010"
    return replace(
        element,
        color=best,
        plate=plate_color,
        plate_opacity=0.92 if plate else 0.0,
        requested_color=requested,
    )


def _pill(box: Box, text: str, width: int, height: int) -> Box:
    """A button's pill inside its slot: as wide as its label needs, centred."""
    bw, bh = box.w * width, box.h * height
    ph = min(bh, min(width, height) * 0.1)
    pw = min(bw, ph * (1.4 + 0.52 * len(text)))
    x, y = box.x * width + (bw - pw) / 2, box.y * height + (bh - ph) / 2
    return Box(round(x / width, 5), round(y / height, 5), round(pw / width, 5), round(ph / height, 5))


def _split(box: Box, n: int) -> list[Box]:
    h = box.h / n
    return [Box(box.x, round(box.y + k * h, 5), box.w, round(h, 5)) for k in range(n)]


def text_elements(
    plan: TextPlan,
    boxes: dict[str, Box],
    signs: list[tuple[Box, str]],
    background: Background,
    theme: Theme,
    intent: Intent,
    force_plate: bool,
    size: tuple[int, int],
) -> tuple[list[TextElement], list[Shape]]:
    """The text elements (title first) and the shapes under them (button pills)."""
    width, height = size
    on_sign: dict[str, tuple[Box, str]] = {}
    if signs:
        per_sign: dict[int, list[str]] = {}
        for k, ident in enumerate(plan.signs):
            per_sign.setdefault(min(k, len(signs) - 1), []).append(ident)
        for n, idents in per_sign.items():
            for ident, box in zip(idents, _split(signs[n][0], len(idents)), strict=True):
                on_sign[ident] = (box, signs[n][1])
    elements: list[TextElement] = []
    shapes: list[Shape] = []
    order = sorted(
        plan.roles, key=lambda i: (plan.roles[i] != "title", plan.roles[i] in ("label", "caption"), int(i[4:]))
    )
    for ident in order:
        q, role = plan.quotes[ident], plan.roles[ident]
        requested = q.color or intent.text_color
        font = q.font or (theme.title_font if role in ("title", "sign") else theme.body_font)
        effect = q.effect or (theme.title_effect if role == "title" else "")
        bold = q.bold or intent.bold_text or role in ("title", "button", "sign")
        base = TextElement(ident, q.text, role, Box(0, 0, 1, 1), bold=bold, max_size=MAX_SIZE.get(role, 0.065))
        base = replace(base, font=font, effect=effect, align=_ALIGN.get(plan.edges.get(ident, ""), "center"))
        if ident in on_sign:
            box, board = on_sign[ident]
            tube = theme.accents[0] if theme.title_effect == "neon" else NEON_TUBE
            color = requested or (tube if effect == "neon" else theme.ink_on(board))
            elements.append(replace(base, box=box, color=color, requested_color=requested))
            continue
        if ident not in boxes:
            continue
        if role == "button":
            pill = _pill(boxes[ident], q.text, width, height)
            accent = theme.accents[0]
            radius = pill.h * height / min(width, height) / 2
            shapes.append(Shape(f"{ident}-button", "rect", pill, fill=accent, radius=radius, shadow=True, layer=1))
            inner = Box(pill.x + pill.w * 0.08, pill.y + pill.h * 0.14, pill.w * 0.84, pill.h * 0.72)
            elements.append(
                replace(base, box=inner, color=requested or theme.ink_on(accent), requested_color=requested)
            )
            continue
        styled = style_text(replace(base, box=boxes[ident]), background, requested, force_plate and effect != "neon")
        dark = max(C.luminance(background.color_at(x, y)) for x, y in _samples(boxes[ident])) < 0.2
        if effect == "neon" and dark:  # neon tubes glow in colour on a dark ground, without a plate
            tube = theme.accents[0] if theme.title_effect == "neon" else NEON_TUBE
            styled = replace(styled, plate_opacity=0.0, color=requested or tube)
        elements.append(styled)
    return elements, shapes
