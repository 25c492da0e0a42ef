"""Text in photos: find it (rapidocr), pick the lines an instruction means, erase them, typeset new text.

A sign in a photo is rarely axis-aligned, so every measurement happens in the region's own frame: the
OCR quad's top edge gives the text direction, and pixels are resampled into a straight strip
(:class:`_Frame`) where rows are text rows. In that strip the paper is the colour of the box's border
band and the ink is what differs most from it; erasing masks only the ink-coloured strokes (dilated a
little), so the sign's surface around the letters keeps its own pixels, and nothing outside the quads
changes at all. New text is shaped with the compose generator's fonts (HarfBuzz, per-character font
fallback, so CJK, Cyrillic, Arabic… draw in the right face) and rasterised with skia at the size whose
ink height matches the old text's, along the same baseline and angle.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from openbanana.editing.photo import RGB
from openbanana.generators.compose.checks import ocr_rapid
from openbanana.generators.compose.fonts import registry
from openbanana.generators.compose.raster import rgba, svg_document
from openbanana.generators.compose.shaping import Unit, cjk_preference, shape_unit

Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class TextRegion:
    """One line of text found in an image."""

    text: str
    score: float
    #: Corners in px: top-left, top-right, bottom-right, bottom-left (in the text's own direction).
    quad: Quad
    #: Axis-aligned bounds (x, y, w, h) of the quad, px.
    box: tuple[int, int, int, int]
    #: Direction of the quad's top edge, degrees clockwise from the x axis (image y points down).
    angle: float
    #: Line height in px (the quad's side perpendicular to the text).
    height: float
    #: The text colour (#rrggbb): the colour inside the box that differs most from the paper.
    ink: str
    #: The colour around the letters (#rrggbb).
    paper: str


# -- geometry --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """The region's own frame: ``u`` along the text from the quad's top-left corner, ``v`` down."""

    ox: float
    oy: float
    ux: float
    uy: float
    width: float
    height: float

    @staticmethod
    def of(quad: Quad) -> _Frame:
        (x0, y0), (x1, y1), _, (x3, y3) = quad
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        height = abs((x3 - x0) * -uy + (y3 - y0) * ux) or 1.0
        return _Frame(x0, y0, ux, uy, length, height)

    def point(self, u: float, v: float) -> tuple[float, float]:
        """Image coordinates of frame point (u, v)."""
        return self.ox + u * self.ux - v * self.uy, self.oy + u * self.uy + v * self.ux

    def quad(self, left: float, top: float, right: float, bottom: float) -> NDArray[np.float32]:
        corners = [self.point(left, top), self.point(right, top), self.point(right, bottom), self.point(left, bottom)]
        return np.array(corners, dtype=np.float32)

    def strip(self, img: NDArray[Any], left: float, top: float, right: float, bottom: float) -> NDArray[Any]:
        """``img`` resampled into the frame rectangle [left, right] × [top, bottom] (1 px per unit)."""
        w, h = max(1, round(right - left)), max(1, round(bottom - top))
        src = self.quad(left, top, left + w, top + h)[[0, 1, 3]]
        dst = np.array([[0, 0], [w, 0], [0, h]], dtype=np.float32)
        matrix = cv2.getAffineTransform(src, dst)
        return np.asarray(cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE))


def _ordered(points: list[list[float]]) -> Quad:
    """rapidocr's corners as top-left, top-right, bottom-right, bottom-left."""
    pts = np.array(points, dtype=np.float64).reshape(4, 2)
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    pts = np.roll(pts, -start, axis=0)
    if pts[1, 0] - pts[0, 0] < pts[3, 0] - pts[0, 0]:  # counter-clockwise: swap to clockwise
        pts = pts[[0, 3, 2, 1]]
    return tuple((float(x), float(y)) for x, y in pts)  # type: ignore[return-value]


def _hex(color: NDArray[Any]) -> str:
    r, g, b = (int(np.clip(round(float(c)), 0, 255)) for c in color[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _rgb(color: str) -> NDArray[np.float64]:
    value = color.lstrip("#")
    return np.array([int(value[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


def _lab(rgb: NDArray[Any]) -> NDArray[np.float32]:
    arr = np.asarray(rgb, dtype=np.float32).reshape(-1, 1, 3) / 255.0
    return np.asarray(cv2.cvtColor(arr, cv2.COLOR_RGB2Lab), dtype=np.float32).reshape(*np.shape(rgb)[:-1], 3)


# -- measuring ink and paper -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Ink:
    """The region's ink measured in its strip: colours, the ink mask and the ink's extent (frame px)."""

    ink: NDArray[np.float64]
    paper: NDArray[np.float64]
    mask: Mask
    top: float
    bottom: float
    left: float
    right: float
    #: Mean stroke width, px.
    stroke: float


def _measure(rgb: RGB, quad: Quad) -> _Ink:
    frame = _Frame.of(quad)
    strip = frame.strip(rgb, 0, 0, frame.width, frame.height)
    lab = _lab(strip)
    h, w = lab.shape[:2]
    band = max(1, round(min(h, w) * 0.12))
    border = np.concatenate([lab[:band].reshape(-1, 3), lab[-band:].reshape(-1, 3)])
    paper_lab = np.median(border, axis=0)
    dist = np.linalg.norm(lab - paper_lab, axis=2)
    far = float(np.percentile(dist, 98))
    core = dist > 0.7 * far
    ink_lab = np.median(lab[core], axis=0) if core.any() else paper_lab
    to_ink = np.linalg.norm(lab - ink_lab, axis=2)
    mask = (to_ink < dist) & (dist > max(10.0, 0.25 * far))
    paper = np.median(strip.reshape(-1, 3)[~mask.reshape(-1)], axis=0) if (~mask).any() else strip[0, 0]
    ink = np.median(strip[core], axis=0) if core.any() else paper
    rows, cols = mask.sum(axis=1), mask.sum(axis=0)
    ys = np.nonzero(rows > max(1, 0.04 * rows.max(initial=0)))[0]
    xs = np.nonzero(cols > 0)[0]
    if ys.size == 0 or xs.size == 0:
        return _Ink(ink, paper, mask, 0.15 * h, 0.85 * h, 0.0, float(w), 0.1 * h)
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours) or 1.0
    stroke = 2.0 * float(mask.sum()) / perimeter
    return _Ink(ink, paper, mask, float(ys[0]), float(ys[-1] + 1), float(xs[0]), float(xs[-1] + 1), stroke)


def _region(text: str, score: float, points: list[list[float]], rgb: RGB) -> TextRegion:
    quad = _ordered(points)
    frame = _Frame.of(quad)
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, y0 = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
    box = (x0, y0, math.ceil(max(xs)) - x0, math.ceil(max(ys)) - y0)
    angle = math.degrees(math.atan2(frame.uy, frame.ux))
    measured = _measure(rgb, quad)
    return TextRegion(text, score, quad, box, angle, frame.height, _hex(measured.ink), _hex(measured.paper))


def find_text(rgb: RGB) -> list[TextRegion]:
    """Every line of text rapidocr reads in ``rgb`` (bundled models only), top to bottom, left to right.
    Empty when OCR is not installed."""
    regions = [_region(text, float(score), box, rgb) for text, score, box in ocr_rapid(rgb) if text.strip()]
    return sorted(regions, key=lambda r: (round((r.box[1] + r.box[3] / 2) / max(8.0, r.height * 0.6)), r.box[0]))


# -- choosing regions ------------------------------------------------------------------------------

#: Words meaning "every line of text" (a sign, label or poster is all of its text).
_ALL = frozenset({"", "text", "all text", "the text", "words", "writing", "sign", "label", "poster", "caption"})
#: Words meaning "the biggest line" (0) or "the second biggest" (1).
_BY_SIZE = {"title": 0, "heading": 0, "headline": 0, "header": 0, "name": 0, "subtitle": 1, "subheading": 1}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def match_region(regions: list[TextRegion], target: str | None) -> list[TextRegion]:
    """The regions an instruction's ``target`` means: all of them for None / "text" / "the sign"; the
    largest line for "the title" (the second for "the subtitle"); else the lines whose text matches the
    quoted old text (containment either way, or a fuzzy ratio ≥ 0.6, best first)."""
    want = _norm(target or "").strip("\"'“”‘’ ")
    want = re.sub(r"^(the|this|that)\s+", "", want)
    if want in _ALL or not regions:
        return list(regions)
    if want in _BY_SIZE:
        ranked = sorted(regions, key=lambda r: -r.height)
        rank = min(_BY_SIZE[want], len(ranked) - 1)
        return [ranked[rank]]
    scored: list[tuple[float, int, TextRegion]] = []
    for i, region in enumerate(regions):
        text = _norm(region.text)
        ratio = difflib.SequenceMatcher(None, want, text).ratio()
        if want and (want in text or text in want):
            ratio = max(ratio, 0.9)
        if ratio >= 0.6:
            scored.append((-ratio, i, region))
    return [region for _, _, region in sorted(scored, key=lambda s: (s[0], s[1]))]


# -- erasing ---------------------------------------------------------------------------------------


def _inpaint(rgb: RGB, mask: Mask) -> RGB:
    """Fill ``mask`` (the sibling :mod:`openbanana.editing.inpaint` when present, else OpenCV Telea,
    which suits thin masks such as text strokes)."""
    try:
        from openbanana.editing import inpaint  # type: ignore[attr-defined, unused-ignore]

        filled: RGB = inpaint.remove_region(rgb, mask)
        return filled
    except ImportError:
        pass
    radius = 3
    return np.asarray(cv2.inpaint(rgb, mask.astype(np.uint8) * 255, radius, cv2.INPAINT_TELEA), dtype=np.uint8)


def _stroke_mask(rgb: RGB, region: TextRegion) -> tuple[Mask, Mask]:
    """(the dilated ink strokes of ``region``, the area any change may touch), as image-sized masks."""
    height, width = rgb.shape[:2]
    frame = _Frame.of(region.quad)
    margin = max(2.0, 0.12 * frame.height)
    grow = max(2, round(0.06 * frame.height))
    area = np.zeros((height, width), np.uint8)
    poly = frame.quad(-margin, -margin, frame.width + margin, frame.height + margin)
    cv2.fillPoly(area, [np.round(poly).astype(np.int32)], 1)
    area_grown = cv2.dilate(area, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)) > 0
    ys, xs = np.nonzero(area)
    if ys.size == 0:
        return np.zeros((height, width), bool), area_grown
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    lab = _lab(rgb[y0:y1, x0:x1])
    ink_lab, paper_lab = _lab(_rgb(region.ink)[None, :]), _lab(_rgb(region.paper)[None, :])
    to_paper = np.linalg.norm(lab - paper_lab, axis=2)
    to_ink = np.linalg.norm(lab - ink_lab, axis=2)
    gap = float(np.linalg.norm(ink_lab - paper_lab))
    strokes = np.zeros((height, width), np.uint8)
    strokes[y0:y1, x0:x1] = ((to_ink < to_paper) & (to_paper > max(8.0, 0.2 * gap)) & (area[y0:y1, x0:x1] > 0)).astype(
        np.uint8
    )
    dilated = cv2.dilate(strokes, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1)))
    return (dilated > 0) & area_grown, area_grown


def erase_text(rgb: RGB, regions: list[TextRegion]) -> RGB:
    """``rgb`` with the glyph strokes of ``regions`` inpainted; pixels outside the (slightly grown)
    quads are unchanged."""
    if not regions:
        return rgb
    strokes = np.zeros(rgb.shape[:2], bool)
    allowed = np.zeros(rgb.shape[:2], bool)
    for region in regions:
        s, a = _stroke_mask(rgb, region)
        strokes |= s
        allowed |= a
    if not strokes.any():
        return rgb
    filled = _inpaint(rgb, strokes)
    return np.where((strokes & allowed)[..., None], filled, rgb).astype(np.uint8)


# -- typesetting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shaped:
    unit: Unit
    #: Ink bounds in em (x right, y up from the baseline).
    left: float
    right: float
    top: float
    bottom: float


def _shape(text: str, bold: bool) -> _Shaped:
    unit = shape_unit(text, bold, cjk_preference(text))
    reg = registry()
    left, right, top, bottom = math.inf, -math.inf, -math.inf, math.inf
    for g in unit.glyphs:
        font = reg.load(g.font)
        if font is None:
            continue
        ext = font.font.get_glyph_extents(g.gid)
        if ext is None or ext.width == 0 or ext.height == 0:
            continue
        x0 = g.x + ext.x_bearing / font.upem
        y1 = g.y + ext.y_bearing / font.upem
        left, right = min(left, x0), max(right, x0 + ext.width / font.upem)
        top, bottom = max(top, y1), min(bottom, y1 + ext.height / font.upem)
    if not math.isfinite(left):
        return _Shaped(unit, 0.0, max(unit.width, 0.01), 0.7, 0.0)
    return _Shaped(unit, left, right, top, bottom)


#: Mean stroke width over the em size above which the old text counts as bold (Noto Sans Regular
#: measures about 0.085, Bold about 0.14 with :func:`_measure`'s area/perimeter estimate).
BOLD_STROKE_EM = 0.11
#: Room the new text may take beyond the old text's ink on each side, in line heights, when the
#: surface there is plain paper (a sign's blank ends); on a busy surface it gets ``SLACK`` × the old width.
SLACK_LINES = 3.0
SLACK = 1.1


def _paper_span(rgb: RGB, frame: _Frame, measured: _Ink, paper: NDArray[np.float64]) -> tuple[float, float]:
    """How far plain paper reaches left and right of the old ink along its rows (frame u, px)."""
    reach = SLACK_LINES * frame.height
    top, bottom = measured.top, measured.bottom
    strip = frame.strip(rgb, measured.left - reach, top, measured.right + reach, bottom)
    dist = np.linalg.norm(_lab(strip) - _lab(paper[None, :]), axis=2)
    plain = (dist < 12.0).mean(axis=0) > 0.9
    centre_l, centre_r = round(reach), strip.shape[1] - round(reach)
    lo = centre_l
    while lo > 0 and plain[lo - 1]:
        lo -= 1
    hi = centre_r
    while hi < plain.size and plain[hi]:
        hi += 1
    return measured.left - reach + lo, measured.left - reach + hi


def _glyph_svg(shaped: _Shaped, size: float, u0: float, baseline: float, frame: _Frame, crop: tuple[int, int]) -> str:
    reg = registry()
    parts: list[str] = []
    for g in shaped.unit.glyphs:
        font = reg.load(g.font)
        path = font.glyph_path(g.gid) if font is not None else ""
        if font is None or not path:
            continue
        s = size / font.upem
        u, v = u0 + size * g.x, baseline - size * g.y
        x, y = frame.point(u, v)
        a, b = s * frame.ux, s * frame.uy
        c, d = s * frame.uy, -s * frame.ux  # minus the v axis: font y points up
        matrix = f"{a:.5f} {b:.5f} {c:.5f} {d:.5f} {x - crop[0]:.3f} {y - crop[1]:.3f}"
        parts.append(f'<path transform="matrix({matrix})" d="{path}"/>')
    return "".join(parts)


def replace_text(
    rgb: RGB, region: TextRegion, new_text: str, *, color: str | None = None, bold: bool | None = None
) -> RGB:
    """``rgb`` with ``region``'s text erased and ``new_text`` typeset in its place: same ink colour (or
    ``color``), same ink height and baseline, same angle, centred on the old text and shrunk only when
    it is wider than the old text plus the plain paper beside it."""
    measured = _measure(rgb, region.quad)
    erased = erase_text(rgb, [region])
    text = re.sub(r"\s+", " ", new_text).strip()
    if not text:
        return erased
    frame = _Frame.of(region.quad)
    weight_old = _shape(region.text or "H", False)
    size = (measured.bottom - measured.top) / max(0.2, weight_old.top - weight_old.bottom)
    is_bold = bold if bold is not None else measured.stroke / max(size, 1.0) > BOLD_STROKE_EM
    old = _shape(region.text or "H", is_bold)
    size = (measured.bottom - measured.top) / max(0.2, old.top - old.bottom)
    baseline = measured.top + old.top * size
    new = _shape(text, is_bold)
    lo, hi = _paper_span(erased, frame, measured, measured.paper)
    margin = 0.3 * frame.height
    room = max(SLACK * (measured.right - measured.left), hi - lo - 2 * margin)
    if (new.right - new.left) * size > room:
        factor = room / ((new.right - new.left) * size)
        baseline -= (1 - factor) * size * (new.top + new.bottom) / 2  # keep the ink's middle in place
        size *= factor
    centre = (measured.left + measured.right) / 2
    half = (new.right - new.left) * size / 2
    centre = min(max(centre, lo + margin + half), hi - margin - half) if hi - lo - 2 * margin >= 2 * half else centre
    u0 = centre - half - new.left * size
    corners = frame.quad(centre - half - size, baseline - new.top * size - size, centre + half + size, baseline + size)
    height, width = rgb.shape[:2]
    x0, y0 = max(0, math.floor(corners[:, 0].min())), max(0, math.floor(corners[:, 1].min()))
    x1, y1 = min(width, math.ceil(corners[:, 0].max())), min(height, math.ceil(corners[:, 1].max()))
    if x1 <= x0 or y1 <= y0:
        return erased
    ink = _rgb(color) if color else measured.ink
    body = _glyph_svg(new, size, u0, baseline, frame, (x0, y0))
    w, h = x1 - x0, y1 - y0
    alpha = rgba(svg_document(w, h, f"0 0 {w} {h}", f'<g fill="#000">{body}</g>'), w, h)
    a = alpha[..., 3:4].astype(np.float64) / 255.0
    out = erased.copy()
    patch = out[y0:y1, x0:x1].astype(np.float64)
    out[y0:y1, x0:x1] = np.clip(patch * (1 - a) + ink[None, None, :] * a + 0.5, 0, 255).astype(np.uint8)
    return out
