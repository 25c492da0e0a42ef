"""A drawing kit for the layout documents (UI mock-ups, storyboards, logos, product shots, posters).

Templates think in pixels (a button is 44 px tall on a 1K phone) while plans store canvas fractions;
:class:`Sheet` collects shapes, illustrations and text in pixels and converts them once. Every text it
places gets a colour that reads on the colours really behind it (WCAG ≥ 4.5), because the template
says what it is drawing the text on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.plan import AssetPlacement, Background, Box, Shape, TextElement
from openbanana.generators.compose.text import fit_text

#: (x, y, w, h) in pixels.
Rect = tuple[float, float, float, float]

#: WCAG AA for normal text; every text the kit places reaches it where any candidate colour can.
MIN_CONTRAST = 4.5

#: Line height of the vendored sans in em (ascender + descender, with the fitter's 2% leading).
LINE_EM = 1.42


def inset(r: Rect, dx: float, dy: float | None = None) -> Rect:
    dy = dx if dy is None else dy
    x, y, w, h = r
    return (x + dx, y + dy, max(1.0, w - 2 * dx), max(1.0, h - 2 * dy))


def split(r: Rect, weights: Sequence[float], gap: float, vertical: bool) -> list[Rect]:
    """``r`` cut along one axis into pieces proportional to ``weights``, ``gap`` px apart."""
    x, y, w, h = r
    total = sum(weights) or 1.0
    length = (h if vertical else w) - gap * (len(weights) - 1)
    out: list[Rect] = []
    pos = y if vertical else x
    for weight in weights:
        size = max(0.0, length * weight / total)
        out.append((x, pos, w, size) if vertical else (pos, y, size, h))
        pos += size + gap
    return out


def grid(r: Rect, count: int, cols: int, gap: float) -> list[Rect]:
    """``count`` equal cells in rows of ``cols``; a short last row is centred."""
    if count <= 0:
        return []
    cols = max(1, min(cols, count))
    rows = math.ceil(count / cols)
    x, y, w, h = r
    cw = (w - gap * (cols - 1)) / cols
    ch = (h - gap * (rows - 1)) / rows
    cells: list[Rect] = []
    for i in range(count):
        row, col = divmod(i, cols)
        in_row = min(cols, count - row * cols)
        off = (cols - in_row) * (cw + gap) / 2
        cells.append((x + off + col * (cw + gap), y + row * (ch + gap), cw, ch))
    return cells


def fit_aspect(r: Rect, aspect: float, anchor: float = 0.5) -> Rect:
    """The largest rectangle of ``aspect`` (w/h) inside ``r``, centred (``anchor`` slides it along the
    free axis: 0 = left/top, 1 = right/bottom)."""
    x, y, w, h = r
    if w / max(h, 1e-6) > aspect:
        nw = h * aspect
        return (x + (w - nw) * anchor, y, nw, h)
    nh = w / aspect
    return (x, y + (h - nh) * anchor, w, nh)


def square(r: Rect, scale: float = 1.0) -> Rect:
    x, y, w, h = r
    s = min(w, h) * scale
    return (x + (w - s) / 2, y + (h - s) / 2, s, s)


def centre(r: Rect) -> tuple[float, float]:
    return (r[0] + r[2] / 2, r[1] + r[3] / 2)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in px of ``text`` set on one line at ``size`` px."""
    fitted = fit_text(text, bold, 1e7, size * LINE_EM * 1.05, size, min(4.0, size))
    return fitted.block_width


def hug(text: str, r: Rect, size: float, bold: bool, align: str) -> Rect:
    """``r`` narrowed to the width ``text`` takes at ``size`` on one line, kept at its left (or right)
    edge: the text lands flush whether or not the renderer aligns lines inside their box."""
    x, y, w, h = r
    need = text_width(text, size, bold) * 1.06 + 2.0
    if need >= w:
        return r
    return (x if align == "left" else x + w - need, y, need, h)


def readable(on: Sequence[str], prefer: Sequence[str] = ()) -> str:
    """The first of ``prefer`` that reaches :data:`MIN_CONTRAST` on every colour of ``on``; else near
    black or white, whichever reads better."""
    for color in prefer:
        if min(C.contrast(color, u) for u in on) >= MIN_CONTRAST:
            return color
    options = ["#15171c", "#ffffff"]
    return max(options, key=lambda c: min(C.contrast(c, u) for u in on))


def legible_accent(accent: str, on: str) -> str:
    """``accent`` darkened or lightened just enough to read as text on ``on``."""
    toward = "#000000" if C.luminance(on) > 0.3 else "#ffffff"
    for step in range(11):
        color = C.mix(accent, toward, step * 0.08)
        if C.contrast(color, on) >= MIN_CONTRAST:
            return color
    return readable([on])


def button_fill(accent: str) -> tuple[str, str]:
    """A button colour close to ``accent`` whose white or black label reads at 4.5:1, and the label."""
    for step in range(8):
        fill = C.darken(accent, step * 0.07)
        for ink in ("#ffffff", "#15171c"):
            if C.contrast(ink, fill) >= MIN_CONTRAST:
                return fill, ink
    return "#1f2937", "#ffffff"


@dataclass(frozen=True)
class Asked:
    """What the prompt asked of one quoted text (None/False: the template decides)."""

    font: str | None = None
    effect: str | None = None
    color: str | None = None
    bold: bool = False


@dataclass
class Sheet:
    """Shapes, illustrations and text of one document, placed in pixels."""

    ctx: DocumentContext
    shapes: list[Shape] = field(default_factory=list)
    texts: list[TextElement] = field(default_factory=list)
    assets: list[AssetPlacement] = field(default_factory=list)
    #: Text id → what the prompt asked for it; applied over the template's choices.
    asked: dict[str, Asked] = field(default_factory=dict)

    @property
    def w(self) -> int:
        return self.ctx.width

    @property
    def h(self) -> int:
        return self.ctx.height

    @property
    def short(self) -> int:
        return self.ctx.short

    def box(self, r: Rect) -> Box:
        return self.ctx.box(*r)

    def _id(self, kind: str) -> str:
        return f"{kind}{len(self.shapes)}"

    def px(self, length: float) -> float:
        """A length in px as a fraction of the short side (radii and stroke widths)."""
        return round(length / self.short, 5)

    def rect(
        self,
        r: Rect,
        fill: str | None,
        *,
        radius: float = 0.0,
        stroke: str | None = None,
        stroke_w: float = 0.0,
        shadow: bool = False,
        layer: int = 0,
        opacity: float = 1.0,
        dashed: bool = False,
    ) -> Rect:
        """A rectangle; ``radius`` and ``stroke_w`` in px."""
        self.shapes.append(
            Shape(
                self._id("rect"), "rect", self.box(r), fill=fill, stroke=stroke, stroke_width=self.px(stroke_w),
                radius=self.px(radius), opacity=opacity, dashed=dashed, shadow=shadow, layer=layer,
            )
        )  # fmt: skip
        return r

    def ellipse(
        self,
        r: Rect,
        fill: str | None,
        *,
        stroke: str | None = None,
        stroke_w: float = 0.0,
        layer: int = 0,
        opacity: float = 1.0,
        shadow: bool = False,
    ) -> Rect:
        self.shapes.append(
            Shape(
                self._id("ellipse"), "ellipse", self.box(r), fill=fill, stroke=stroke,
                stroke_width=self.px(stroke_w), opacity=opacity, shadow=shadow, layer=layer,
            )
        )  # fmt: skip
        return r

    def circle(
        self, cx: float, cy: float, radius: float, fill: str | None, *, layer: int = 0, opacity: float = 1.0
    ) -> Rect:
        return self.ellipse((cx - radius, cy - radius, 2 * radius, 2 * radius), fill, layer=layer, opacity=opacity)

    def disc(self, cx: float, cy: float, radius: float, fill: str, opacity: float) -> Rect:
        """A decorative disc that may bleed off the canvas edge, but by less than a third of its box."""
        for _ in range(40):
            cx = min(max(cx, radius * 0.75), self.w - radius * 0.75)
            cy = min(max(cy, radius * 0.75), self.h - radius * 0.75)
            inside_w = min(cx + radius, self.w) - max(cx - radius, 0.0)
            inside_h = min(cy + radius, self.h) - max(cy - radius, 0.0)
            if inside_w * inside_h >= 0.7 * (2 * radius) ** 2:
                break
            radius *= 0.92
        return self.circle(cx, cy, radius, fill, opacity=opacity)

    def polygon(
        self,
        points: Sequence[tuple[float, float]],
        fill: str | None,
        *,
        stroke: str | None = None,
        stroke_w: float = 0.0,
        layer: int = 0,
        opacity: float = 1.0,
        closed: bool = True,
    ) -> None:
        pts = tuple((round(px / self.w, 5), round(py / self.h, 5)) for px, py in points)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        bounds = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        kind = "polygon" if closed else "polyline"
        self.shapes.append(
            Shape(
                self._id(kind), kind, self.box(bounds), points=pts, fill=fill, stroke=stroke,
                stroke_width=self.px(stroke_w), opacity=opacity, layer=layer,
            )
        )  # fmt: skip

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        stroke: str,
        width: float,
        *,
        layer: int = 0,
        dashed: bool = False,
        arrow: bool = False,
        opacity: float = 1.0,
    ) -> None:
        kind = "arrow" if arrow else "line"
        self.shapes.append(
            Shape(
                self._id(kind), kind, self.box((x0, y0, x1 - x0, y1 - y0)), stroke=stroke,
                stroke_width=self.px(width), opacity=opacity, dashed=dashed, layer=layer,
            )
        )  # fmt: skip

    def wedge(self, r: Rect, start: float, end: float, fill: str, *, inner: float = 0.0, layer: int = 0) -> None:
        self.shapes.append(
            Shape(self._id("wedge"), "wedge", self.box(r), fill=fill, start=start, end=end, inner=inner, layer=layer)
        )

    def icon(
        self,
        name: str,
        r: Rect,
        noun: str = "",
        *,
        shadow: bool = False,
        layer: int = 0,
        tint: str | None = None,
        rotation: float = 0.0,
        flip: bool = False,
        scale: float = 1.0,
    ) -> Rect:
        """An illustration in the square centred in ``r`` (``scale`` of its short side)."""
        sq = square(r, scale)
        self.assets.append(
            AssetPlacement(
                f"asset{len(self.assets)}",
                name,
                noun or name,
                self.box(sq),
                round(rotation, 2),
                flip,
                tint,
                shadow,
                layer,
            )
        )
        return sq

    def text(
        self,
        text: str,
        r: Rect,
        *,
        on: Sequence[str],
        role: str = "label",
        size: float | None = None,
        prefer: Sequence[str] = (),
        bold: bool = False,
        font: str = "sans",
        align: str = "center",
        effect: str = "",
        ident: str | None = None,
    ) -> TextElement:
        """A text fitted into ``r`` at most ``size`` px tall (default: one line filling ``r``), in the
        first ``prefer`` colour that reads on every colour of ``on`` (else black or white)."""
        size = size if size is not None else r[3] / LINE_EM
        asked = self.asked.get(ident or "", Asked())
        bold = bold or asked.bold
        font = asked.font or font
        effect = asked.effect or effect
        if asked.color is not None:
            prefer = (asked.color, *prefer)
        if align in ("left", "right"):
            r = hug(text, r, size, bold, align)
        element = TextElement(
            id=ident or f"label{len(self.texts)}",
            text=text,
            role=role,
            box=self.box(r),
            bold=bold,
            color=readable(on, prefer),
            max_size=round(max(1.0, size) / math.sqrt(self.w * self.h), 5),
            requested_color=asked.color,
            font=font,
            effect=effect,
            align=align,
        )
        self.texts.append(element)
        return element

    def parts(
        self, layout: str, background: Background, filters: Sequence[str] = (), notes: Sequence[str] = ()
    ) -> DocumentParts:
        return DocumentParts(
            layout=layout,
            background=background,
            texts=tuple(self.texts),
            assets=tuple(self.assets),
            shapes=tuple(self.shapes),
            filters=tuple(filters),
            notes=tuple(notes),
        )


def flat(colors: Sequence[str], angle: float = 180.0) -> Background:
    """A plain gradient backdrop without glows, so the colour behind every text is known exactly."""
    return Background("gradient", tuple(colors), angle)
