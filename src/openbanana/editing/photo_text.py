"""Text in photos: find it (rapidocr), pick the lines an instruction means, erase them, typeset new text.

Each line is measured in its own straightened frame (:mod:`.photo_text_ink`: ink and paper colours,
glyph pixels, letter height, stroke width). Erasing masks only the glyph strokes (dilated a little), so
the sign's surface around the letters keeps its own pixels and nothing outside the quads changes at
all. New text is shaped with the compose generator's fonts (HarfBuzz, per-character font
fallback, so CJK, Cyrillic, Arabic… draw in the right face) and rasterised with skia at the size whose
ink height matches the old text's, along the same baseline and angle.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from openbanana.editing.photo import RGB
from openbanana.editing.photo_text_ink import Frame, Ink, Mask, Quad, from_hex, lab, measure, ordered_quad, to_hex
from openbanana.generators.compose.checks import ocr_rapid
from openbanana.generators.compose.fonts import registry
from openbanana.generators.compose.raster import rgba, svg_document
from openbanana.generators.compose.shaping import Unit, cjk_preference, shape_unit

__all__ = ["TextRegion", "erase_text", "find_text", "match_region", "replace_text"]


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


def _region(text: str, score: float, points: list[list[float]], rgb: RGB) -> TextRegion:
    quad = ordered_quad(points)
    frame = Frame.of(quad)
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, y0 = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
    box = (x0, y0, math.ceil(max(xs)) - x0, math.ceil(max(ys)) - y0)
    angle = math.degrees(math.atan2(frame.uy, frame.ux))
    measured = measure(rgb, quad, text)
    return TextRegion(text, score, quad, box, angle, frame.height, to_hex(measured.ink), to_hex(measured.paper))


#: Photos are read by OCR at most this long side (time grows with the pixels: 0.6 s at 1200 px, 2.3 s at
#: 2400 px); measuring and editing still use every pixel.
OCR_SIDE = 1280
#: Readings below this confidence, or single characters below ``MIN_SCORE_ONE``, are texture, not text.
MIN_SCORE = 0.5
MIN_SCORE_ONE = 0.9


def _read(rgb: RGB) -> list[tuple[str, float, list[list[float]]]]:
    height, width = rgb.shape[:2]
    scale = min(1.0, OCR_SIDE / max(height, width))
    if scale >= 1.0:
        return [(text, float(score), box) for text, score, box in ocr_rapid(rgb)]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    kx, ky = width / size[0], height / size[1]
    return [(text, float(score), [[x * kx, y * ky] for x, y in box]) for text, score, box in ocr_rapid(small)]


def find_text(rgb: RGB) -> list[TextRegion]:
    """Every line of text rapidocr reads in ``rgb`` (bundled models only), top to bottom, left to right.
    Empty when OCR is not installed."""
    regions = [
        _region(text.strip(), score, box, rgb)
        for text, score, box in _read(rgb)
        if text.strip() and score >= (MIN_SCORE_ONE if len(text.strip()) == 1 else MIN_SCORE)
    ]
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


#: Strokes covering more pixels than this are filled by Telea alone (PatchMatch's time grows with the hole).
PATCHMATCH_MAX_PIXELS = 60_000


def _inpaint(rgb: RGB, mask: Mask) -> RGB:
    """Fill the glyph strokes in ``mask``: OpenCV Telea first (it leaves no trace of the letters), then
    PatchMatch over the strokes' neighbourhood, starting from the Telea fill, which puts the texture of
    the surface (wood, fabric, noise) back into wide strokes where Telea alone leaves smooth smudges.

    This does not go through :func:`openbanana.editing.inpaint.remove_region`: its seam colour matching
    brings faint letter outlines back on dark ground when the hole is a word's strokes."""
    smooth = np.asarray(cv2.inpaint(rgb, mask.astype(np.uint8) * 255, 3, cv2.INPAINT_TELEA), dtype=np.uint8)
    holes = int(mask.sum())
    if holes == 0 or holes > PATCHMATCH_MAX_PIXELS:
        return smooth
    try:
        from patchmatch import patch_match
    except ImportError:  # pragma: no cover - pypatchmatch is part of the edit extra
        return smooth
    ys, xs = np.nonzero(mask)
    pad = 24
    y0, y1 = max(0, int(ys.min()) - pad), min(rgb.shape[0], int(ys.max()) + 1 + pad)
    x0, x1 = max(0, int(xs.min()) - pad), min(rgb.shape[1], int(xs.max()) + 1 + pad)
    crop = np.ascontiguousarray(smooth[y0:y1, x0:x1])
    hole = mask[y0:y1, x0:x1]
    filled = np.asarray(patch_match.inpaint(crop, hole.astype(np.uint8) * 255, patch_size=3), dtype=np.uint8)
    out = smooth.copy()
    out[y0:y1, x0:x1][hole] = filled[hole]
    return out


def _stroke_mask(rgb: RGB, region: TextRegion) -> tuple[Mask, Mask]:
    """(the dilated glyph strokes of ``region``, the area any change may touch), as image-sized masks:
    the glyphs found in the region's strip, mapped back onto the image."""
    height, width = rgb.shape[:2]
    frame = Frame.of(region.quad)
    measured = measure(rgb, region.quad, region.text)
    m = measured.margin
    grow = max(2, round(0.06 * frame.height))
    area = np.zeros((height, width), np.uint8)
    poly = frame.quad(-m, -m, frame.width + m, frame.height + m)
    cv2.fillPoly(area, [np.round(poly).astype(np.int32)], 1)
    area_grown = cv2.dilate(area, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)) > 0
    sh, sw = measured.mask.shape
    matrix = frame.matrix(-m, -m, sw, sh)
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    strokes = cv2.warpAffine(measured.mask.astype(np.uint8) * 255, matrix, (width, height), flags=flags) > 64
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
    dilated = cv2.dilate(strokes.astype(np.uint8), disc) > 0
    return dilated & area_grown, area_grown


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
#: measures about 0.085, Bold about 0.14 with :func:`measure`'s area/perimeter estimate).
BOLD_STROKE_EM = 0.11
#: Room the new text may take beyond the old text's ink on each side, in line heights, when the
#: surface there is plain paper (a sign's blank ends); on a busy surface it gets ``SLACK`` × the old width.
SLACK_LINES = 3.0
SLACK = 1.1


def _paper_span(rgb: RGB, frame: Frame, measured: Ink, paper: NDArray[np.float64]) -> tuple[float, float]:
    """How far plain paper reaches left and right of the old ink along its rows (frame u, px), inside
    the image."""
    reach = SLACK_LINES * frame.height
    top, bottom = measured.top, measured.bottom
    left = measured.left - reach
    strip = frame.strip(rgb, left, top, measured.right + reach, bottom)
    dist = np.linalg.norm(lab(strip) - lab(paper[None, :]), axis=2)
    plain = (dist < 12.0).mean(axis=0) > 0.9
    height, width = rgb.shape[:2]
    for u in range(plain.size):
        corners = (frame.point(left + u, top), frame.point(left + u, bottom))
        if not all(0 <= x < width and 0 <= y < height for x, y in corners):
            plain[u] = False
    centre_l, centre_r = round(reach), strip.shape[1] - round(reach)
    lo = centre_l
    while lo > 0 and plain[lo - 1]:
        lo -= 1
    hi = centre_r
    while hi < plain.size and plain[hi]:
        hi += 1
    return left + lo, left + hi


def _glyph_svg(shaped: _Shaped, size: float, u0: float, baseline: float, frame: Frame, crop: tuple[int, int]) -> str:
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
    measured = measure(rgb, region.quad, region.text)
    erased = erase_text(rgb, [region])
    text = re.sub(r"\s+", " ", new_text).strip()
    if not text:
        return erased
    frame = Frame.of(region.quad)
    weight_old = _shape(region.text or "H", False)
    size = (measured.bottom - measured.top) / max(0.2, weight_old.top - weight_old.bottom)
    is_bold = bold if bold is not None else measured.stroke / max(size, 1.0) > BOLD_STROKE_EM
    old = _shape(region.text or "H", is_bold)
    size = (measured.bottom - measured.top) / max(0.2, old.top - old.bottom)
    baseline = measured.top + old.top * size
    new = _shape(text, is_bold)
    lo, hi = _paper_span(erased, frame, measured, measured.paper)
    margin = 0.45 * frame.height
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
    ink = from_hex(color) if color else measured.ink
    body = _glyph_svg(new, size, u0, baseline, frame, (x0, y0))
    w, h = x1 - x0, y1 - y0
    alpha = rgba(svg_document(w, h, f"0 0 {w} {h}", f'<g fill="#000">{body}</g>'), w, h)
    a = alpha[..., 3:4].astype(np.float64) / 255.0
    out = erased.copy()
    patch = out[y0:y1, x0:x1].astype(np.float64)
    out[y0:y1, x0:x1] = np.clip(patch * (1 - a) + ink[None, None, :] * a + 0.5, 0, 255).astype(np.uint8)
    return out
