"""SVG text → skia pixels, in one place.

skia.MemoryStream neither copies nor owns its buffer: the encoded SVG must stay referenced until
skia has parsed it. A temporary ``svg.encode()`` passed straight in was freed mid-parse and made
about one render in 400 fail, so every rasterisation goes through :func:`draw`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import skia

XMLNS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg_document(width: int, height: int, view_box: str, content: str) -> str:
    """A standalone SVG of ``width`` × ``height`` px showing ``view_box`` ("x y w h")."""
    return f'<svg {XMLNS} width="{width}" height="{height}" viewBox="{view_box}">{content}</svg>'


def _dom(svg: str, width: int, height: int) -> skia.SVGDOM:
    source = svg.encode("utf-8")
    stream = skia.MemoryStream(source)
    dom = skia.SVGDOM.MakeFromStream(stream)
    del stream, source  # parsed: the DOM no longer needs the bytes
    if dom is None:
        raise RuntimeError("skia could not parse the SVG")
    dom.setContainerSize(skia.Size(width, height))
    return dom


def draw(svg: str, width: int, height: int, background: int = skia.ColorWHITE) -> skia.Image:
    """``svg`` drawn on a ``width`` × ``height`` canvas cleared to ``background``.
    Raises RuntimeError when skia cannot parse the document."""
    return draw_layers((svg,), width, height, None, background)


def draw_layers(
    svgs: Sequence[str],
    width: int,
    height: int,
    between: Callable[[skia.Canvas], None] | None,
    background: int = skia.ColorWHITE,
) -> skia.Image:
    """Several SVG documents drawn in order on one canvas; ``between`` draws on it after the first
    (raster content such as photo cut-outs, which skia's SVG module cannot draw itself)."""
    doms = [_dom(svg, width, height) for svg in svgs]
    surface = skia.Surface(width, height)
    with surface as canvas:
        canvas.clear(background)
        for n, dom in enumerate(doms):
            dom.render(canvas)
            if n == 0 and between is not None:
                between(canvas)
    return surface.makeImageSnapshot()


def rgba(svg: str, width: int, height: int) -> np.ndarray[Any, Any]:
    """``svg`` drawn on transparent: an H × W × 4 unpremultiplied RGBA uint8 array."""
    image = draw(svg, width, height, skia.ColorTRANSPARENT)
    return np.asarray(image.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType))
