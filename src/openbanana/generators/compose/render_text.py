"""Text elements → SVG: fitting a text element into its box and drawing its glyph outlines."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.fonts import registry
from openbanana.generators.compose.plan import TextElement
from openbanana.generators.compose.svg_defs import SvgDefs, fmt
from openbanana.generators.compose.text import EMOJI_DROP, EMOJI_SIZE, FittedText, fit_text


@dataclass(frozen=True)
class PlacedText:
    """A text element fitted at a pixel size: where its block and plate land on the canvas."""

    element: TextElement
    fitted: FittedText
    #: Box the text was fitted into (px) and the text block inside it.
    fit_box: tuple[float, float, float, float]
    block: tuple[float, float, float, float]
    plate: tuple[float, float, float, float] | None


@lru_cache(maxsize=1024)
def place_text(element: TextElement, width: int, height: int) -> PlacedText:
    bx, by, bw, bh = element.box.px(width, height)
    plated = element.plate_opacity > 0
    inset = min(bw, bh) * (0.1 if plated else 0.02)
    fx, fy, fw, fh = bx + inset, by + inset, max(1.0, bw - 2 * inset), max(1.0, bh - 2 * inset)
    max_px = max(4.0, element.max_size * math.sqrt(width * height))
    scale = max(0.2, min(1.0, element.scale))
    min_px = 4.0 if min(width, height) < 200 else 6.0
    fitted = fit_text(element.text, element.bold, fw * scale, fh * scale, max_px * scale, min(min_px, max_px))
    block_x = fx + (fw - fitted.block_width) / 2
    block_y = fy + (fh - fitted.block_height) / 2
    block = (block_x, block_y, fitted.block_width, fitted.block_height)
    plate = None
    if plated:
        pad = min(inset, fitted.size * 0.45)
        px0, py0 = max(0.0, block_x - pad), max(0.0, block_y - pad * 0.7)
        px1 = min(float(width), block_x + fitted.block_width + pad)
        py1 = min(float(height), block_y + fitted.block_height + pad * 0.7)
        plate = (px0, py0, px1 - px0, py1 - py0)
    return PlacedText(element, fitted, (fx, fy, fw, fh), block, plate)


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
    fx, _fy, fw, _fh = placed.fit_box
    top = placed.block[1]
    glyph_uses: list[str] = []
    icon_uses: list[str] = []
    reg = registry()
    library = load_library()
    for li, line in enumerate(fit.lines):
        baseline = top + (fit.ascender + li * fit.line_height) * size
        x = fx + (fw - line.width * size) / 2
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
                gx, gy = x + g.x * size, baseline - g.y * size
                glyph_uses.append(
                    f'<use xlink:href="#{ident}" transform="matrix({k:.5f} 0 0 {-k:.5f} {gx:.2f} {gy:.2f})"/>'
                )
            x += unit.width * size
    if glyph_uses:
        body = "".join(glyph_uses)
        if placed.plate is None and el.role == "title":
            shadow = "#000000" if C.luminance(el.color) > 0.5 else "#ffffff"
            off = max(0.5, size * 0.025)
            out.append(f'<g fill="{shadow}" opacity="0.25" transform="translate({off:.2f},{off:.2f})">{body}</g>')
        out.append(f'<g fill="{el.color}">{body}</g>')
    out.extend(icon_uses)
    return out
