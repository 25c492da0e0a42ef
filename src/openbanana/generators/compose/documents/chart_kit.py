"""The drawing kit the data documents share (charts, infographics, diagrams).

Layouts are computed in pixels and stored in canvas fractions. Text is placed in two ways:

* :func:`tight_text` measures a single line at an exact font size and wraps a box around it, so the
  template knows where every word lands (anchoring, alignment and overlap checks need that);
* :func:`fit_text_box` hands a larger box to the renderer's fitter (wrap, shrink) for titles and
  free text, and :func:`uniform` then gives a group of such texts one common size, the way a
  designer sets every axis label at the same size.

Text never sits straight on a gradient: it goes on a card, band or chip whose colour is known, and
:func:`readable` moves a colour just far enough to reach WCAG contrast against what is behind it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext
from openbanana.generators.compose.plan import AssetPlacement, Background, Box, Shape, TextElement
from openbanana.generators.compose.render_text import place_text
from openbanana.generators.compose.text import fit_text

#: WCAG AA for normal-size text.
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class R:
    """A rectangle in pixels."""

    x: float
    y: float
    w: float
    h: float

    @property
    def r(self) -> float:
        return self.x + self.w

    @property
    def b(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def inset(self, dx: float, dy: float | None = None) -> R:
        dy = dx if dy is None else dy
        return R(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def overlaps(self, other: R, pad: float = 0.0) -> bool:
        return self.x < other.r + pad and other.x < self.r + pad and self.y < other.b + pad and other.y < self.b + pad

    def contains(self, other: R, tol: float = 0.5) -> bool:
        return (
            other.x >= self.x - tol and other.y >= self.y - tol and other.r <= self.r + tol and other.b <= self.b + tol
        )

    def below(self, h: float, gap: float = 0.0) -> R:
        """What is left under the top ``h`` px (and a gap)."""
        cut = min(self.h, h + gap)
        return R(self.x, self.y + cut, self.w, self.h - cut)

    def right_of(self, w: float, gap: float = 0.0) -> R:
        cut = min(self.w, w + gap)
        return R(self.x + cut, self.y, self.w - cut, self.h)


def quote_source(ctx: DocumentContext) -> str:
    """The newest user text that holds the prompt's quoted strings (their offsets refer to it): a
    follow-up turn without quotes ("make it darker") keeps the quotes of an earlier one."""
    sources = ctx.intent.sources
    for src in reversed(sources):
        if all(src[q.start : q.end].find(q.text) >= 0 for q in ctx.intent.texts):
            return src
    return sources[-1] if sources else ""


def area_root(ctx: DocumentContext) -> float:
    """√(width·height): the scale that keeps text sizes sensible from 1:8 strips to squares."""
    return math.sqrt(ctx.width * ctx.height)


def box_of(ctx: DocumentContext, r: R) -> Box:
    return ctx.box(r.x, r.y, r.w, r.h)


# -- text ------------------------------------------------------------------------------------------


def line_metrics(text: str, bold: bool, size: float) -> tuple[float, float]:
    """(width, height) in px of ``text`` set on one line at ``size`` px."""
    fit = fit_text(text, bold, 1e7, size * 4.0, size, min(size, 4.0))
    return fit.block_width, fit.line_height * size


def tight_text(
    ctx: DocumentContext,
    ident: str,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    anchor: str = "lt",
    role: str = "label",
    bold: bool = False,
    color: str = "#111111",
) -> TextElement:
    """One line of ``text`` at exactly ``size`` px whose visible block starts at (x, y) for anchor
    "lt"; the anchor's first letter is l|c|r (x is the left edge, centre or right edge), the second
    t|m|b (y is the top, middle or bottom of the line)."""
    tw, th = line_metrics(text, bold, size)
    cw, ch = tw * 1.01 + 1.0, th * 1.01 + 1.0
    pad = 0.021 * max(cw, ch) + 0.5
    bw, bh = cw + 2 * pad, ch + 2 * pad
    left = {"l": x - pad, "c": x - bw / 2, "r": x - bw + pad}[anchor[0]]
    top = {"t": y - pad, "m": y - bh / 2, "b": y - bh + pad}[anchor[1]]
    return TextElement(
        id=ident,
        text=text,
        role=role,
        box=ctx.box(left, top, bw, bh),
        bold=bold,
        color=color,
        max_size=size / area_root(ctx),
    )


def fit_text_box(
    ctx: DocumentContext,
    ident: str,
    text: str,
    rect: R,
    max_px: float,
    *,
    role: str = "label",
    bold: bool = False,
    color: str = "#111111",
    font: str = "sans",
) -> TextElement:
    """``text`` fitted (wrapped, shrunk) into ``rect``, at most ``max_px`` px."""
    return TextElement(
        id=ident,
        text=text,
        role=role,
        box=box_of(ctx, rect),
        bold=bold,
        color=color,
        max_size=max_px / area_root(ctx),
        font=font,
    )


def fitted_size(ctx: DocumentContext, el: TextElement) -> float:
    return place_text(el, ctx.width, ctx.height).fitted.size


def uniform(ctx: DocumentContext, elements: Sequence[TextElement]) -> list[TextElement]:
    """The elements capped at the smallest size any of them fits at, so the group reads as one."""
    if not elements:
        return []
    size = min(fitted_size(ctx, el) for el in elements)
    cap = size / area_root(ctx)
    return [replace(el, max_size=min(el.max_size, cap)) for el in elements]


def text_rect(ctx: DocumentContext, el: TextElement) -> R:
    """Where the renderer draws the element's text block, in px."""
    x, y, w, h = place_text(el, ctx.width, ctx.height).block
    return R(x, y, w, h)


# -- colour ----------------------------------------------------------------------------------------


def readable(color: str, behind: str | Iterable[str], ratio: float = MIN_CONTRAST) -> str:
    """``color`` itself when it reaches ``ratio`` against every colour ``behind`` it, else the nearest
    darker or lighter shade that does (black or white as a last resort)."""
    bgs = [behind] if isinstance(behind, str) else list(behind)

    def worst(c: str) -> float:
        return min(C.contrast(c, b) for b in bgs)

    if worst(color) >= ratio:
        return color
    for step in range(1, 21):
        t = step / 20
        for cand in (C.darken(color, t), C.lighten(color, t)):
            if worst(cand) >= ratio:
                return cand
    return max(("#000000", "#ffffff"), key=worst)


def ink_on(color: str) -> str:
    """Near-black or white text for a fill, whichever contrasts more (always ≥ 4.5 for one of them)."""
    dark, light = "#111111", "#ffffff"
    return dark if C.contrast(dark, color) >= C.contrast(light, color) else light


def fits_contrast(text: str, behind: str) -> bool:
    return C.contrast(text, behind) >= MIN_CONTRAST


# -- page ------------------------------------------------------------------------------------------


def page_background(ctx: DocumentContext) -> Background:
    """The theme's gradient, at a seeded angle (text never sits on it directly)."""
    angle = ctx.rng.choice((90.0, 135.0, 160.0, 180.0, 225.0))
    return Background("gradient", ctx.theme.background, angle)


def margin(ctx: DocumentContext, k: float = 0.035) -> float:
    return max(3.0, min(k * area_root(ctx), 0.12 * ctx.short))


def card(
    ctx: DocumentContext,
    ident: str,
    r: R,
    fill: str,
    *,
    radius: float = 0.025,
    shadow: bool = True,
    stroke: str | None = None,
    stroke_width: float = 0.0,
    layer: int = 0,
    opacity: float = 1.0,
) -> Shape:
    """A rounded panel; ``radius`` is a fraction of the short side (capped for thin strips)."""
    rad = min(radius, 0.25 * min(r.w, r.h) / ctx.short)
    return Shape(
        id=ident,
        kind="rect",
        box=box_of(ctx, r),
        fill=fill,
        stroke=stroke,
        stroke_width=stroke_width,
        radius=rad,
        shadow=shadow,
        layer=layer,
        opacity=opacity,
    )


def line(
    ctx: DocumentContext,
    ident: str,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    color: str,
    width_px: float,
    *,
    kind: str = "line",
    dashed: bool = False,
    layer: int = 0,
    opacity: float = 1.0,
) -> Shape:
    """A line or arrow from (x0, y0) to (x1, y1) in px, ``width_px`` thick."""
    return Shape(
        id=ident,
        kind=kind,
        box=ctx.box(x0, y0, x1 - x0, y1 - y0),
        stroke=color,
        stroke_width=width_px / ctx.short,
        dashed=dashed,
        layer=layer,
        opacity=opacity,
    )


def polyline(
    ctx: DocumentContext,
    ident: str,
    points: Sequence[tuple[float, float]],
    color: str,
    width_px: float,
    *,
    kind: str = "polyline",
    fill: str | None = None,
    layer: int = 0,
    opacity: float = 1.0,
    dashed: bool = False,
) -> Shape:
    pts = tuple((round(px / ctx.width, 5), round(py / ctx.height, 5)) for px, py in points)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return Shape(
        id=ident,
        kind=kind,
        box=Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)),
        points=pts,
        fill=fill,
        stroke=color,
        stroke_width=width_px / ctx.short,
        layer=layer,
        opacity=opacity,
        dashed=dashed,
    )


def segment_hits_rect(p: tuple[float, float], q: tuple[float, float], r: R, pad: float = 0.0) -> bool:
    """Whether the segment p–q passes through ``r`` grown by ``pad`` (Liang–Barsky clipping)."""
    x0, y0 = p
    dx, dy = q[0] - p[0], q[1] - p[1]
    lo, hi = 0.0, 1.0
    for pk, qk in (
        (-dx, x0 - (r.x - pad)),
        (dx, (r.r + pad) - x0),
        (-dy, y0 - (r.y - pad)),
        (dy, (r.b + pad) - y0),
    ):
        if abs(pk) < 1e-12:
            if qk < 0:
                return False
            continue
        t = qk / pk
        if pk < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


def unit(ctx: DocumentContext) -> float:
    """The body-text size in px: 2.2% of √(w·h), a little more on long strips, where the short side
    would otherwise leave labels too small to read."""
    long_short = max(ctx.width, ctx.height) / max(1, ctx.short)
    boost = 1.0 + 0.35 * min(1.0, max(0.0, (long_short - 2.0) / 6.0))
    return max(4.0, 0.022 * area_root(ctx) * boost)


class Sheet:
    """Collects the shapes and texts of one document, handing out unique ids."""

    def __init__(self, ctx: DocumentContext) -> None:
        self.ctx = ctx
        self.shapes: list[Shape] = []
        self.texts: list[TextElement] = []
        self.assets: list[AssetPlacement] = []
        self._ids: dict[str, int] = {}

    def ident(self, prefix: str) -> str:
        n = self._ids.get(prefix, 0)
        self._ids[prefix] = n + 1
        return f"{prefix}{n}"

    def shape(self, shape: Shape) -> Shape:
        self.shapes.append(shape)
        return shape

    def text(self, el: TextElement) -> TextElement:
        self.texts.append(el)
        return el

    def icon(self, name: str, ident: str, r: R, layer: int = 0) -> AssetPlacement:
        """An illustration fitted into ``r`` (no contact shadow: icons sit on cards, not on a floor)."""
        a = AssetPlacement(ident, name, name, box_of(self.ctx, r), shadow=False, layer=layer)
        self.assets.append(a)
        return a

    def backing(self, el: TextElement, fill: str, grow: float = 2.0) -> None:
        """A flat patch of ``fill`` under a text (hides grid lines behind a label; drawn above the
        layer-0 shapes, below the text)."""
        r = text_rect(self.ctx, el).inset(-grow)
        self.shape(card(self.ctx, self.ident("backing"), r, fill, radius=0.004, shadow=False, layer=1))


def on_background(ctx: DocumentContext, el: TextElement, background: Background, prefer: str) -> TextElement:
    """``el`` coloured to read on the part of the backdrop behind it (``prefer`` when it reaches the
    contrast, else a shade of it, else black or white); when no colour does, it gets a plate."""
    b = el.box
    under = [background.color_at(b.x + b.w * fx, b.y + b.h * fy) for fx in (0, 0.5, 1) for fy in (0, 0.5, 1)]
    color = readable(prefer, under)
    if min(C.contrast(color, u) for u in under) >= MIN_CONTRAST:
        return replace(el, color=color)
    plate = ink_on(color)
    return replace(el, color=readable(color, plate), plate=plate, plate_opacity=0.92)
