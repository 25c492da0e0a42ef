"""Plan → SVG document → PNG (skia).

Draw order: scenery (``scenery_svg``), shapes of layer 0 (``render_shapes``), illustrations
(``render_assets``), shapes and illustrations of layer 1, the style's finishes (``render_finish``), then
text (``render_text``) on top, so nothing ever covers a word.
"""

from __future__ import annotations

import skia

from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.raster import draw, svg_document
from openbanana.generators.compose.render_assets import assets_svg
from openbanana.generators.compose.render_finish import finish_svg
from openbanana.generators.compose.render_shapes import shapes_svg
from openbanana.generators.compose.render_text import place_text, text_svg
from openbanana.generators.compose.scenery_svg import background_svg
from openbanana.generators.compose.svg_defs import SvgDefs


def build_svg(plan: ComposePlan, width: int, height: int) -> str:
    """The scene as one SVG document. No user text appears in it verbatim: text is drawn as glyph
    outlines, and ids and attributes hold only numbers, colours and vendored icon names."""
    defs = SvgDefs()
    body: list[str] = []
    body += background_svg(plan.background, width, height, defs)
    for layer in (0, 1):
        body += shapes_svg(plan, width, height, defs, layer)
        body += assets_svg(plan, width, height, layer)
    body += finish_svg(plan.filters, width, height, defs)
    for el in plan.texts:
        body += text_svg(place_text(el, width, height), defs)
    return svg_document(width, height, f"0 0 {width} {height}", f"<defs>{''.join(defs.items)}</defs>{''.join(body)}")


def rasterize(svg: str, width: int, height: int) -> bytes:
    """``svg`` as a PNG of ``width`` × ``height`` on white."""
    data = draw(svg, width, height).encodeToData(skia.kPNG, 100)
    if data is None:  # pragma: no cover
        raise RuntimeError("PNG encoding failed")
    return bytes(data)
