"""Text elements → SVG: fitting a text element into its box, aligning its lines and drawing its glyph
outlines with the element's effect (neon glow, outline, soft shadow)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.fonts import registry
from openbanana.generators.compose.plan import TextElement
from openbanana.generators.compose.svg_defs import SvgDefs, fmt
from openbanana.generators.compose.text import EMOJI_DROP, EMOJI_SIZE, FittedText, Line, fit_text

#: Room (em, each side) an effect's ink needs beyond the glyphs: the text is fitted that much smaller so
#: a glow, outline or shadow stays inside the element's box.
EFFECT_MARGIN: dict[str, float] = {"neon": 0.2, "outline": 0.07, "shadow": 0.12}

#: In a right-to-left paragraph "left" and "right" mean the line's start and end, mirrored: a
#: left-aligned Hebrew caption hugs the right edge, where Hebrew lines start.
_RTL_ALIGN = {"left": "right", "right": "left", "center": "center"}
#: Fraction of the free width put before a line, per effective alignment (unknown: centred).
_ALIGN_SHIFT = {"left": 0.0, "center": 0.5, "right": 1.0}


@dataclass(frozen=True)
class PlacedText:
    """A text element fitted at a pixel size: where its block, lines and plate land on the canvas."""

    element: TextElement
    fitted: FittedText
    #: Box the text was fitted into (px) and the text block inside it.
    fit_box: tuple[float, float, float, float]
    block: tuple[float, float, float, float]
    plate: tuple[float, float, float, float] | None
    #: Left edge (px) of each line, after alignment.
    line_x: tuple[float, ...] = ()


def line_alignment(align: str, line: Line) -> str:
    """The edge a line hugs: ``align`` for left-to-right lines, mirrored for right-to-left ones."""
    return _RTL_ALIGN.get(align, "center") if line.direction == "rtl" else align


@lru_cache(maxsize=1024)
def place_text(element: TextElement, width: int, height: int) -> PlacedText:
    bx, by, bw, bh = element.box.px(width, height)
    plated = element.plate_opacity > 0
    inset = min(bw, bh) * (0.1 if plated else 0.02)
    fx, fy, fw, fh = bx + inset, by + inset, max(1.0, bw - 2 * inset), max(1.0, bh - 2 * inset)
    max_px = max(4.0, element.max_size * math.sqrt(width * height))
    scale = max(0.2, min(1.0, element.scale))
    min_px = 4.0 if min(width, height) < 200 else 6.0

    def fit(w: float, h: float) -> FittedText:
        return fit_text(
            element.text, element.bold, w * scale, h * scale, max_px * scale, min(min_px, max_px), True, element.font
        )

    fitted = fit(fw, fh)
    margin = EFFECT_MARGIN.get(element.effect, 0.0)
    if margin:
        # Fit again with room for the effect's ink at the size first found (a little smaller each way).
        pad = min(margin * fitted.size, fw / 4, fh / 4)
        fx, fy, fw, fh = fx + pad, fy + pad, fw - 2 * pad, fh - 2 * pad
        fitted = fit(fw, fh)
    line_x = tuple(
        fx + (fw - line.width * fitted.size) * _ALIGN_SHIFT.get(line_alignment(element.align, line), 0.5)
        for line in fitted.lines
    )
    block_x = min(line_x, default=fx + (fw - fitted.block_width) / 2)
    block_y = fy + (fh - fitted.block_height) / 2
    block = (block_x, block_y, fitted.block_width, fitted.block_height)
    plate = None
    if plated:
        pad = min(inset, fitted.size * 0.45)
        px0, py0 = max(0.0, block_x - pad), max(0.0, block_y - pad * 0.7)
        px1 = min(float(width), block_x + fitted.block_width + pad)
        py1 = min(float(height), block_y + fitted.block_height + pad * 0.7)
        plate = (px0, py0, px1 - px0, py1 - py0)
    return PlacedText(element, fitted, (fx, fy, fw, fh), block, plate, line_x)


@dataclass(frozen=True)
class _Ink:
    """The glyphs of one text element, ready to be drawn in layers: ``(glyph id, scale, x, y)`` per glyph
    (scale = px per font unit)."""

    uses: tuple[tuple[str, float, float, float], ...]
    color: str
    size: float
    defs: SvgDefs
    #: The text block (px): where blur filters need room.
    block: tuple[float, float, float, float]

    def body(self, stroke_px: float = 0.0) -> str:
        """The glyph ``<use>``s; with ``stroke_px``, each carries a stroke width of that many pixels
        (given in its own font units, since the stroke is drawn inside the glyph's scaling)."""
        parts = []
        for ident, k, gx, gy in self.uses:
            sw = f' stroke-width="{stroke_px / k:.0f}"' if stroke_px else ""
            parts.append(f'<use xlink:href="#{ident}" transform="matrix({k:.5f} 0 0 {-k:.5f} {gx:.2f} {gy:.2f})"{sw}/>')
        return "".join(parts)

    def fill(self, color: str | None = None) -> str:
        return f'<g fill="{color or self.color}">{self.body()}</g>'

    def blur(self, fraction: float, reach: float) -> str:
        """A Gaussian-blur filter reference of ``fraction`` em, for ink reaching ``reach`` em beyond the
        glyphs (strokes, offsets). Its region is the text block grown by that plus three deviations, in
        user space: a region relative to the bounding box (the shared ``SvgDefs.blur``) would cut a wide
        glow off a one-line title in a visible rectangle, and a larger one costs time (a blur's cost
        grows with its area)."""
        std = max(0.6, self.size * fraction)
        x, y, w, h = self.block
        grow = 3 * std + reach * self.size
        ident = self.defs.new_id("tblur")
        self.defs.items.append(
            f'<filter id="{ident}" filterUnits="userSpaceOnUse" x="{fmt(x - grow)}" y="{fmt(y - grow)}" '
            f'width="{fmt(w + 2 * grow)}" height="{fmt(h + 2 * grow)}"><feGaussianBlur stdDeviation="{std:.1f}"/>'
            "</filter>"
        )
        return f"url(#{ident})"


def _contrast_ink(color: str) -> str:
    """Near-black for light text, white for dark text: the colour that edges or shadows it best."""
    return "#111111" if C.luminance(color) > 0.4 else "#ffffff"


def _neon(ink: _Ink) -> list[str]:
    """A glowing tube: one blurred pass over a wide faint and a narrow strong stroke in the text colour
    (a halo that is brightest next to the letters), a crisp rim, and a core lighter than the colour. The
    lighter the colour, the whiter the core: a light colour is set on a dark ground, where a white-hot core
    reads best, while a mid or dark colour may sit on a light ground, where a pale core would fade. One
    blur, not one per glow level: a blur filter costs as much as a fair part of a 1K render."""
    core = C.mix(ink.color, "#ffffff", min(0.65, max(0.0, (C.luminance(ink.color) - 0.1) * 2)))
    tube = f'fill="{ink.color}" stroke="{ink.color}" stroke-linejoin="round"'
    return [
        f'<g filter="{ink.blur(0.1, 0.15)}"><g {tube} opacity="0.6">{ink.body(ink.size * 0.3)}</g>'
        f"<g {tube}>{ink.body(ink.size * 0.08)}</g></g>",
        f"<g {tube}>{ink.body(ink.size * 0.04)}</g>",
        ink.fill(core),
    ]


def _outline(ink: _Ink) -> list[str]:
    """A contrasting edge around every glyph: a wide stroke in the contrast colour, the fill on top, so
    only the outer half of the stroke shows and the letters keep their weight."""
    edge = _contrast_ink(ink.color)
    return [
        f'<g fill="{edge}" stroke="{edge}" stroke-linejoin="round">{ink.body(ink.size * 0.12)}</g>',
        ink.fill(),
    ]


def _shadow(ink: _Ink) -> list[str]:
    """A soft drop shadow below and right of the text (stronger under light text)."""
    off = max(1.0, ink.size * 0.06)
    opacity = 0.55 if C.luminance(ink.color) > 0.4 else 0.3
    return [
        f'<g fill="#000000" opacity="{opacity}" filter="{ink.blur(0.05, 0.06)}" '
        f'transform="translate({off:.2f},{off:.2f})">{ink.body()}</g>',
        ink.fill(),
    ]


def _plain(ink: _Ink) -> list[str]:
    return [ink.fill()]


def _title(ink: _Ink) -> list[str]:
    """Plain titles keep a faint crisp offset copy that lifts them off busy backgrounds."""
    shadow = "#000000" if C.luminance(ink.color) > 0.5 else "#ffffff"
    off = max(0.5, ink.size * 0.025)
    return [
        f'<g fill="{shadow}" opacity="0.25" transform="translate({off:.2f},{off:.2f})">{ink.body()}</g>',
        ink.fill(),
    ]


EFFECTS: dict[str, Callable[[_Ink], list[str]]] = {"neon": _neon, "outline": _outline, "shadow": _shadow}


def text_svg(placed: PlacedText, defs: SvgDefs) -> list[str]:
    el = placed.element
    fit = placed.fitted
    out: list[str] = []
    if placed.plate is not None:
        x, y, w, h = placed.plate
        rx = min(h * 0.25, fit.size * 0.35)
        out.append(
            f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}" rx="{fmt(rx)}" '
            f'fill="{el.plate}" fill-opacity="{el.plate_opacity:.2f}"/>'
        )
    size = fit.size
    top = placed.block[1]
    uses: list[tuple[str, float, float, float]] = []
    icon_uses: list[str] = []
    reg = registry()
    library = load_library()
    for li, line in enumerate(fit.lines):
        baseline = top + (fit.ascender + li * fit.line_height) * size
        x = placed.line_x[li]
        for unit, gap in zip(line.units, line.gaps, strict=True):
            x += gap * size
            for inline in unit.icons:
                icon = library.icon(inline.name)
                side = EMOJI_SIZE * size
                k = side / max(icon.width, icon.height)
                prefix = defs.new_id("emoji")
                ix = x + inline.x * size + (side - icon.width * k) / 2
                iy = baseline - (EMOJI_SIZE - EMOJI_DROP) * size + (side - icon.height * k) / 2
                icon_uses.append(
                    f'<g id="{prefix}-{inline.name}" transform="translate({ix:.2f},{iy:.2f}) scale({k:.5f})">'
                    f"{icon.body(prefix + '_')}</g>"
                )
            for g in unit.glyphs:
                ident = defs.glyph(g.font, g.gid)
                if ident is None:
                    continue
                font = reg.load(g.font)
                k = size / (font.upem if font else 1000)
                uses.append((ident, k, x + g.x * size, baseline - g.y * size))
            x += unit.width * size
    if uses:
        ink = _Ink(tuple(uses), el.color, size, defs, placed.block)
        draw = EFFECTS.get(el.effect) or (_title if placed.plate is None and el.role == "title" else _plain)
        out.extend(draw(ink))
    out.extend(icon_uses)
    return out
