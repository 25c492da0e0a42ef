"""Masks drawn from single elements, and colour statistics on the rendered pixels.

The plan says where things should be; these helpers say where they really landed. A text element's
glyphs are drawn alone (in a sentinel colour, on a transparent canvas, cropped to its neighbourhood),
which separates its ink from everything around it; the colours then come from the real render. An
illustration's mask is drawn the same way at a reduced scale. :mod:`~openbanana.generators.compose.checks_layout`
turns these measurements into issues.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from openbanana.generators.compose.checks_guard import asset_rect
from openbanana.generators.compose.plan import AssetPlacement
from openbanana.generators.compose.raster import rgba, svg_document
from openbanana.generators.compose.render_assets import asset_svg
from openbanana.generators.compose.render_text import PlacedText, text_svg
from openbanana.generators.compose.svg_defs import SvgDefs

#: A rectangle by its corners (x0, y0, x1, y1) in canvas px.
Corners = tuple[float, float, float, float]
Pixels = NDArray[np.uint8]
Mask = NDArray[np.bool_]
Floats = NDArray[np.float32]

#: Glyphs are drawn in this colour for their mask: no illustration, shadow or plate uses pure magenta.
SENTINEL = "#ff00ff"
#: Text masks use about this many mask pixels per em (bigger text is measured on a coarser grid).
EM_PIXELS = 40
#: Illustration masks are drawn on a canvas whose long side is at most this many pixels.
ART_SIDE = 384
#: Background around a glyph is sampled in a ring this far (em) from the ink: past the anti-aliasing and
#: the title's offset copy, inside the element's neighbourhood. Effects push the ring out past their glow
#: or shadow; an outline is its own contrasting background (``None``: not measured).
RINGS: dict[str, tuple[float, float] | None] = {"": (0.1, 0.6), "neon": (0.45, 0.9), "shadow": (0.25, 0.7)}
RINGS["outline"] = None
#: Pixels whose glyph coverage is at least this count as ink.
INK_ALPHA = 0.35


def decode_rgb(png: bytes) -> Pixels:
    """The PNG as an H × W × 3 uint8 array."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def render_rgba(body: str, defs: str, region: tuple[int, int, int, int], step: int = 1) -> Pixels:
    """SVG ``body`` (canvas px coordinates) drawn over ``region`` (x, y, w, h; it may reach past the
    canvas) at one mask pixel per ``step`` canvas px, on transparent: unpremultiplied RGBA, uint8."""
    x, y, w, h = region
    ow, oh = max(1, math.ceil(w / step)), max(1, math.ceil(h / step))
    svg = svg_document(ow, oh, f"{x} {y} {ow * step} {oh * step}", f"<defs>{defs}</defs>{body}")
    return rgba(svg, ow, oh)


def dilate(mask: Mask, radius: int) -> Mask:
    """``mask`` grown by ``radius`` cells (a square), in O(log radius) shifted ORs per axis."""
    out = mask.copy()
    for axis in (0, 1):
        grown = 0
        while grown < radius:
            step = min(2 * grown + 1, radius - grown)
            prev = out.copy()
            if axis == 0:
                out[step:] |= prev[:-step]
                out[:-step] |= prev[step:]
            else:
                out[:, step:] |= prev[:, :-step]
                out[:, :-step] |= prev[:, step:]
            grown += step
    return out


def luminance(rgb: NDArray[np.float64]) -> NDArray[np.float64]:
    """WCAG relative luminance of 0..255 colours (last axis RGB), as in :func:`colors.luminance`."""
    c = rgb / 255.0
    lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    result: NDArray[np.float64] = lin @ np.array([0.2126, 0.7152, 0.0722])
    return result


def contrast_of(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """WCAG contrast ratio of colours ``a`` and ``b`` (broadcast over leading axes)."""
    la, lb = luminance(a), luminance(b)
    result: NDArray[np.float64] = (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)
    return result


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in rgb)


@dataclass(frozen=True)
class TextInk:
    """Where one text element's glyphs landed: coverage on a grid of ``step`` px cells whose first cell
    starts at canvas px (``x0``, ``y0``)."""

    placed: PlacedText
    x0: int
    y0: int
    step: int
    #: Glyph coverage 0..1 per cell (glyph outlines only).
    alpha: Floats
    #: Cells the element draws anything into (glyphs, inline icons, its offset copy).
    drawn: Mask
    #: Bounding box of the ink, None when no glyph was drawn.
    box: Corners | None

    @property
    def size(self) -> float:
        return self.placed.fitted.size

    def ring(self, inner_em: float, outer_em: float) -> Mask:
        """Cells between ``inner_em`` and ``outer_em`` from anything the element draws."""
        near = dilate(self.drawn, math.ceil((inner_em * self.size + 1) / self.step))
        far = dilate(self.drawn, math.ceil(outer_em * self.size / self.step))
        result: Mask = far & ~near
        return result


def text_ink(placed: PlacedText) -> TextInk:
    """Draw ``placed``'s glyphs alone, without plate or effect, and measure where their ink went."""
    size = placed.fitted.size
    bx, by, bw, bh = placed.block
    pad = 1.2 * size + 4
    step = max(1, int(size // EM_PIXELS))
    region = (math.floor(bx - pad), math.floor(by - pad), math.ceil(bw + 2 * pad), math.ceil(bh + 2 * pad))
    element = replace(placed.element, color=SENTINEL, effect="")
    defs = SvgDefs()
    body = "".join(text_svg(replace(placed, element=element, plate=None), defs))
    rgba = render_rgba(body, "".join(defs.items), region, step).astype(np.int16)
    r, g, b, a = rgba[..., 0], rgba[..., 1], rgba[..., 2], rgba[..., 3]
    glyph = (r - g > 150) & (b - g > 150) & (np.abs(r - b) < 60)
    alpha = np.where(glyph, a / 255.0, 0.0).astype(np.float32)
    ink = alpha >= INK_ALPHA
    box: Corners | None = None
    if ink.any():
        rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
        left, top = region[0] + int(cols[0]) * step, region[1] + int(rows[0]) * step
        right, bottom = region[0] + (int(cols[-1]) + 1) * step, region[1] + (int(rows[-1]) + 1) * step
        box = (float(left), float(top), float(right), float(bottom))
    return TextInk(placed, region[0], region[1], step, alpha, a > 5, box)


@dataclass(frozen=True)
class Contrast:
    """Text ink against the pixels around it, measured on the render."""

    ink: tuple[float, float, float]
    background: tuple[float, float, float]
    ratio: float
    #: Share of the surrounding pixels that contrast with the ink by less than 1.5:1 (a patchy
    #: background: part of the text sits on something as light or dark as the text itself).
    low_share: float


def _sample_grid(ti: TextInk, pixels: Pixels) -> tuple[Pixels, Mask]:
    """The render sampled at the centre of every mask cell, and which cells lie on the canvas."""
    height, width = pixels.shape[:2]
    rows, cols = ti.alpha.shape
    ys = ti.y0 + np.arange(rows) * ti.step + ti.step // 2
    xs = ti.x0 + np.arange(cols) * ti.step + ti.step // 2
    on_y, on_x = (ys >= 0) & (ys < height), (xs >= 0) & (xs < width)
    sampled = pixels[np.ix_(np.clip(ys, 0, height - 1), np.clip(xs, 0, width - 1))]
    return sampled, np.outer(on_y, on_x)


def _plate_cells(ti: TextInk) -> Mask:
    """Cells on the element's plate (all cells when it has none): a plated text is read against its
    plate, not against the backdrop past the plate's edge."""
    rows, cols = ti.alpha.shape
    plate = ti.placed.plate
    inside = np.ones((rows, cols), dtype=bool)
    if plate is None or ti.placed.element.plate_opacity < 0.5:
        return inside
    x, y, w, h = plate
    ys = ti.y0 + np.arange(rows) * ti.step + ti.step / 2
    xs = ti.x0 + np.arange(cols) * ti.step + ti.step / 2
    result: Mask = np.outer((ys >= y) & (ys <= y + h), (xs >= x) & (xs <= x + w)) & inside
    return result


def measure_contrast(ti: TextInk, pixels: Pixels) -> Contrast | None:
    """Median ink colour against the median colour of the ring of pixels around the glyphs (None: the
    element has an outline effect, which carries its own contrast, or too little ink or background)."""
    ring_em = RINGS.get(ti.placed.element.effect, RINGS[""])
    if ring_em is None:
        return None
    sampled, on_canvas = _sample_grid(ti, pixels)
    around = ti.ring(*ring_em) & on_canvas & _plate_cells(ti)
    if int(around.sum()) < 12:
        return None
    colours = sampled.astype(np.float64)
    background = np.median(colours[around], axis=0)
    core = (ti.alpha >= 0.6) & on_canvas
    if not core.any():
        return None
    a = ti.alpha[core][:, None].astype(np.float64)
    # An edge pixel shows a·ink + (1−a)·background: take the background back out.
    ink = np.median(np.clip((colours[core] - (1 - a) * background) / a, 0, 255), axis=0)
    ratio = float(contrast_of(ink, background))
    low = float((contrast_of(colours[around], ink[None, :]) < 1.5).mean())
    rgb_ink = (float(ink[0]), float(ink[1]), float(ink[2]))
    rgb_bg = (float(background[0]), float(background[1]), float(background[2]))
    return Contrast(rgb_ink, rgb_bg, ratio, low)


@dataclass(frozen=True)
class ArtMask:
    """An illustration's coverage on the reduced canvas (``scale`` mask px per canvas px)."""

    asset: AssetPlacement
    x0: int
    y0: int
    scale: float
    alpha: Floats

    def window(self, rect: Corners) -> tuple[Floats, int]:
        """Coverage inside ``rect`` and the area of ``rect`` in mask cells."""
        k = self.scale
        x0, y0 = math.floor(rect[0] * k) - self.x0, math.floor(rect[1] * k) - self.y0
        x1, y1 = math.ceil(rect[2] * k) - self.x0, math.ceil(rect[3] * k) - self.y0
        area = max(1, (x1 - x0) * (y1 - y0))
        rows, cols = self.alpha.shape
        return self.alpha[max(0, y0) : max(0, min(rows, y1)), max(0, x0) : max(0, min(cols, x1))], area


def art_mask(a: AssetPlacement, index: int, width: int, height: int) -> ArtMask:
    """``a`` drawn alone (no contact shadow) on a canvas scaled to at most :data:`ART_SIDE` px."""
    k = min(1.0, ART_SIDE / max(width, height))
    sw, sh = max(1, round(width * k)), max(1, round(height * k))
    x, y, w, h = asset_rect(a, sw, sh)
    grow = 0.25 * w + 2  # room for rotation
    region = (math.floor(x - grow), math.floor(y - grow), math.ceil(w + 2 * grow), math.ceil(h + 2 * grow))
    rgba = render_rgba("".join(asset_svg(a, index, sw, sh, False)), "", region)
    return ArtMask(a, region[0], region[1], sw / width, (rgba[..., 3] / 255.0).astype(np.float32))


def shared_coverage(a: ArtMask, b: ArtMask) -> tuple[float, float, float]:
    """Coverage the two masks share, and each one's total coverage (mask cells)."""
    ah, aw = a.alpha.shape
    bh, bw = b.alpha.shape
    x0, y0 = max(a.x0, b.x0), max(a.y0, b.y0)
    x1, y1 = min(a.x0 + aw, b.x0 + bw), min(a.y0 + ah, b.y0 + bh)
    total_a, total_b = float(a.alpha.sum()), float(b.alpha.sum())
    if x1 <= x0 or y1 <= y0:
        return 0.0, total_a, total_b
    wa = a.alpha[y0 - a.y0 : y1 - a.y0, x0 - a.x0 : x1 - a.x0]
    wb = b.alpha[y0 - b.y0 : y1 - b.y0, x0 - b.x0 : x1 - b.x0]
    return float(np.minimum(wa, wb).sum()), total_a, total_b
