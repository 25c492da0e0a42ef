"""Plan → SVG document → PNG (skia).

Draw order: scenery (``scenery_svg``), shapes of layer 0 (``render_shapes``), illustrations
(``render_assets``), shapes and illustrations of layer 1, the style's finishes (``render_finish``), then
text (``render_text``) on top, so nothing ever covers a word.
"""

from __future__ import annotations

import numpy as np
import skia
from numpy.typing import NDArray

from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.raster import draw, draw_layers, svg_document
from openbanana.generators.compose.render_assets import assets_svg
from openbanana.generators.compose.render_cutouts import draw_cutouts
from openbanana.generators.compose.render_finish import finish_svg
from openbanana.generators.compose.render_shapes import shapes_svg
from openbanana.generators.compose.render_text import place_text, text_svg
from openbanana.generators.compose.scenery_svg import background_svg
from openbanana.generators.compose.svg_defs import SvgDefs


def _layers(plan: ComposePlan, width: int, height: int) -> tuple[str, str, str]:
    """(defs, below, above): the scenery with layer 0 — what reference cut-outs stand on — and
    everything drawn over them (layer 1, finishes, text)."""
    defs = SvgDefs()
    below: list[str] = [*background_svg(plan.background, width, height, defs)]
    below += shapes_svg(plan, width, height, defs, 0)
    below += assets_svg(plan, width, height, 0)
    above: list[str] = [*shapes_svg(plan, width, height, defs, 1), *assets_svg(plan, width, height, 1)]
    above += finish_svg(plan.filters, width, height, defs)
    for el in plan.texts:
        above += text_svg(place_text(el, width, height), defs)
    return f"<defs>{''.join(defs.items)}</defs>", "".join(below), "".join(above)


def build_svg(plan: ComposePlan, width: int, height: int) -> str:
    """The scene as one SVG document. No user text appears in it verbatim: text is drawn as glyph
    outlines, and ids and attributes hold only numbers, colours and vendored icon names. Reference
    cut-outs are not in it (skia's SVG module draws no raster images): see :func:`rasterize_plan`."""
    defs, below, above = _layers(plan, width, height)
    return svg_document(width, height, f"0 0 {width} {height}", defs + below + above)


def _encode(image: skia.Image) -> bytes:
    data = image.encodeToData(skia.kPNG, 100)
    if data is None:  # pragma: no cover
        raise RuntimeError("PNG encoding failed")
    return bytes(data)


def rasterize(svg: str, width: int, height: int) -> bytes:
    """``svg`` as a PNG of ``width`` × ``height`` on white."""
    return _encode(draw(svg, width, height))


def _plan_image(plan: ComposePlan, svg: str, width: int, height: int) -> skia.Image:
    """``svg`` (from :func:`build_svg`) drawn, or — when the plan has reference cut-outs — the scenery,
    the cut-outs (with contact shadows) and the layers above, on one canvas."""
    if not any(a.image for a in plan.assets):
        return draw(svg, width, height)
    defs, below, above = _layers(plan, width, height)
    view = f"0 0 {width} {height}"
    docs = (svg_document(width, height, view, defs + below), svg_document(width, height, view, defs + above))
    return draw_layers(docs, width, height, lambda canvas: draw_cutouts(canvas, plan, width, height))


def rasterize_plan(plan: ComposePlan, svg: str, width: int, height: int) -> bytes:
    """The plan as a PNG."""
    return _encode(_plan_image(plan, svg, width, height))


def plan_pixels(plan: ComposePlan, width: int, height: int) -> NDArray[np.uint8]:
    """The plan as an RGB array, for pixel edits that start from it (no PNG round trip)."""
    image = _plan_image(plan, build_svg(plan, width, height), width, height)
    rgba = image.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    return np.ascontiguousarray(rgba[:, :, :3], dtype=np.uint8)
