"""Plan → SVG document → PNG (skia).

Draw order: scenery (``scenery_svg``), shapes of layer 0 (``render_shapes``), illustrations
(``render_assets``), shapes and illustrations of layer 1, the style's finishes (``render_finish``), then
text (``render_text``) on top, so nothing ever covers a word.
"""

from __future__ import annotations

import skia

from openbanana.generators.compose.plan import ComposePlan
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
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<defs>{''.join(defs.items)}</defs>{''.join(body)}</svg>"
    )


def rasterize(svg: str, width: int, height: int) -> bytes:
    # skia.MemoryStream does not copy or own its buffer: the bytes must stay referenced until parsing
    # is done. A temporary ``svg.encode()`` here was freed mid-parse and made some documents fail.
    source = svg.encode("utf-8")
    stream = skia.MemoryStream(source)
    dom = skia.SVGDOM.MakeFromStream(stream)
    del stream, source
    if dom is None:  # pragma: no cover - would be a bug in build_svg
        raise RuntimeError("skia could not parse the generated SVG")
    dom.setContainerSize(skia.Size(width, height))
    surface = skia.Surface(width, height)
    with surface as canvas:
        canvas.clear(skia.ColorWHITE)
        dom.render(canvas)
    image = surface.makeImageSnapshot()
    data = image.encodeToData(skia.kPNG, 100)
    if data is None:  # pragma: no cover
        raise RuntimeError("PNG encoding failed")
    return bytes(data)
