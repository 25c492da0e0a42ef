"""Reference cut-outs (the user's own subjects, as RGBA PNGs inside the plan) drawn onto the canvas.

skia's SVG module does not draw raster ``<image>`` elements, so the renderer draws the scenery, then
these with skia directly, then the layers above. Each cut-out is scaled to fit its box, kept upright
and standing on the box's bottom edge, with the same soft contact shadow illustrations get.
"""

from __future__ import annotations

import base64
from functools import lru_cache

import skia

from openbanana.generators.compose.plan import AssetPlacement, ComposePlan


@lru_cache(maxsize=64)
def _decode(image_b64: str) -> skia.Image:
    """The cut-out as a decoded raster image. ``MakeFromEncoded`` alone gives a lazily decoded image,
    and this one is cached and drawn by several worker threads at once: decoding it here, once, keeps
    skia's lazy decoder out of concurrent draws. The bytes are *copied* into skia: a plain ``bytes`` argument
    becomes a ``skia.Data`` that borrows the buffer (skia-python's default), and the temporary was freed
    before the decode read it, so under memory churn a cut-out came out blank now and then."""
    encoded = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(base64.b64decode(image_b64)))
    image = encoded.makeRasterImage() if encoded is not None else None
    if image is None:
        raise ValueError("a reference cut-out in the plan is not a readable PNG")
    return image


def cutout_rect(a: AssetPlacement, image: skia.Image, width: int, height: int) -> skia.Rect:
    """Where the cut-out lands: fitted into the box, horizontally centred, standing on its bottom."""
    x, y, bw, bh = a.box.px(width, height)
    k = min(bw / image.width(), bh / image.height())
    w, h = image.width() * k, image.height() * k
    left = x + (bw - w) / 2
    return skia.Rect.MakeXYWH(left, y + bh - h, w, h)


def draw_cutouts(canvas: skia.Canvas, plan: ComposePlan, width: int, height: int) -> None:
    shadows = plan.background.kind != "space"
    sampling = skia.SamplingOptions(skia.CubicResampler.Mitchell())
    for a in plan.assets:
        if a.image is None:
            continue
        image = _decode(a.image)
        rect = cutout_rect(a, image, width, height)
        if shadows and a.shadow:
            paint = skia.Paint(AntiAlias=True, Color=skia.ColorSetARGB(40, 0, 0, 0))
            paint.setMaskFilter(skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, max(1.0, rect.height() * 0.02)))
            canvas.drawOval(
                skia.Rect.MakeXYWH(
                    rect.centerX() - rect.width() * 0.42,
                    rect.bottom() - rect.height() * 0.035,
                    rect.width() * 0.84,
                    rect.height() * 0.07,
                ),
                paint,
            )
        canvas.save()
        if a.flip:
            canvas.translate(rect.centerX(), 0)
            canvas.scale(-1, 1)
            canvas.translate(-rect.centerX(), 0)
        canvas.drawImageRect(image, rect, sampling)
        canvas.restore()
