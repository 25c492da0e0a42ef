"""Measuring a line of text in a photo: its own frame (the OCR quad straightened), its ink and paper
colours, which pixels are its glyphs, how tall its letters are and how thick its strokes.

A sign is rarely axis-aligned, so everything happens in the line's frame (:class:`Frame`): pixels are
resampled into a straight strip whose rows are text rows. There the pixels are split into a few colour
clusters; the ink is the cluster common in the middle rows and nearly absent from the top and bottom
bands (on a busy photo the background is several clusters, so "the colour of the border" alone is not
the paper), and the paper is the colour right around the ink's strokes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from openbanana.editing.photo import RGB
from openbanana.generators.compose.fonts import is_cjk

Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]
Mask = NDArray[np.bool_]


# -- geometry --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The region's own frame: ``u`` along the text from the quad's top-left corner, ``v`` down."""

    ox: float
    oy: float
    ux: float
    uy: float
    width: float
    height: float

    @staticmethod
    def of(quad: Quad) -> Frame:
        (x0, y0), (x1, y1), _, (x3, y3) = quad
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        height = abs((x3 - x0) * -uy + (y3 - y0) * ux) or 1.0
        return Frame(x0, y0, ux, uy, length, height)

    def point(self, u: float, v: float) -> tuple[float, float]:
        """Image coordinates of frame point (u, v)."""
        return self.ox + u * self.ux - v * self.uy, self.oy + u * self.uy + v * self.ux

    def quad(self, left: float, top: float, right: float, bottom: float) -> NDArray[np.float32]:
        corners = [self.point(left, top), self.point(right, top), self.point(right, bottom), self.point(left, bottom)]
        return np.array(corners, dtype=np.float32)

    def matrix(self, left: float, top: float, w: int, h: int) -> NDArray[np.float64]:
        """The affine map from image px to the strip whose top-left is frame point (left, top)."""
        src = self.quad(left, top, left + w, top + h)[[0, 1, 3]]
        dst = np.array([[0, 0], [w, 0], [0, h]], dtype=np.float32)
        return np.asarray(cv2.getAffineTransform(src, dst), dtype=np.float64)

    def strip(self, img: NDArray[Any], left: float, top: float, right: float, bottom: float) -> NDArray[Any]:
        """``img`` resampled into the frame rectangle [left, right] × [top, bottom] (1 px per unit)."""
        w, h = max(1, round(right - left)), max(1, round(bottom - top))
        matrix = self.matrix(left, top, w, h)
        return np.asarray(cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE))


def ordered_quad(points: list[list[float]]) -> Quad:
    """rapidocr's corners as top-left, top-right, bottom-right, bottom-left."""
    pts = np.array(points, dtype=np.float64).reshape(4, 2)
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    pts = np.roll(pts, -start, axis=0)
    if pts[1, 0] - pts[0, 0] < pts[3, 0] - pts[0, 0]:  # counter-clockwise: swap to clockwise
        pts = pts[[0, 3, 2, 1]]
    return tuple((float(x), float(y)) for x, y in pts)  # type: ignore[return-value]


def to_hex(color: NDArray[Any]) -> str:
    r, g, b = (int(np.clip(round(float(c)), 0, 255)) for c in color[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def from_hex(color: str) -> NDArray[np.float64]:
    value = color.lstrip("#")
    return np.array([int(value[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


def lab(rgb: NDArray[Any]) -> NDArray[np.float32]:
    arr = np.asarray(rgb, dtype=np.float32).reshape(-1, 1, 3) / 255.0
    return np.asarray(cv2.cvtColor(arr, cv2.COLOR_RGB2Lab), dtype=np.float32).reshape(*np.shape(rgb)[:-1], 3)


# -- measuring ink and paper -----------------------------------------------------------------------


@dataclass(frozen=True)
class Ink:
    """The region's ink measured in its strip (the quad grown by ``margin`` on every side): colours,
    the glyph mask, the ink's extent (frame px) and the stroke width."""

    ink: NDArray[np.float64]
    paper: NDArray[np.float64]
    #: Strip pixels to erase: every ink component of the line (dots and accents too) with its soft edge.
    mask: Mask
    margin: float
    top: float
    bottom: float
    left: float
    right: float
    #: Mean stroke width, px.
    stroke: float


#: Colour clusters a text box is split into: ink, its anti-aliased edge, and up to two background colours.
_CLUSTERS = 4
_FIT_POINTS = 20000


def _kmeans(points: NDArray[np.float32], k: int = _CLUSTERS, rounds: int = 10) -> NDArray[np.intp]:
    """Deterministic Lloyd's k-means labels: seeds are the median point, then farthest-point picks;
    centres are fitted on at most ``_FIT_POINTS`` evenly strided points (a 4K title is millions)."""
    sample = points[:: max(1, len(points) // _FIT_POINTS)]
    centres = [np.median(sample, axis=0)]
    for _ in range(k - 1):
        gaps = np.min([np.linalg.norm(sample - c, axis=1) for c in centres], axis=0)
        centres.append(sample[int(np.argmax(gaps))])
    centre = np.array(centres, dtype=np.float32)

    def nearest(pts: NDArray[np.float32]) -> NDArray[np.intp]:
        return np.asarray(np.argmin(np.linalg.norm(pts[:, None, :] - centre[None, :, :], axis=2), axis=1), np.intp)

    for _ in range(rounds):
        labels = nearest(sample)
        for j in range(k):
            if (labels == j).any():
                centre[j] = sample[labels == j].mean(axis=0)
    return nearest(points)


def _ink_cluster(labels: NDArray[np.intp], band: int) -> int:
    """The cluster that is the text: common in the box's middle rows and nearly absent from its top
    and bottom bands, where the background shows (on a busy photo the background is several clusters,
    so "the colour of the border" alone is not the paper)."""
    middle = labels[band:-band].reshape(-1) if labels.shape[0] > 2 * band else labels.reshape(-1)
    border = np.concatenate([labels[:band].reshape(-1), labels[-band:].reshape(-1)])
    scores = [np.mean(middle == j) - 3.0 * np.mean(border == j) for j in range(_CLUSTERS)]
    return int(np.argmax(scores))


#: The strip reaches this many line heights beyond the OCR quad, which can clip accents and descenders.
MARGIN_LINES = 0.12


def _glyphs(members: Mask, height: float, margin: float, whole_glyphs: bool) -> tuple[Mask, Mask, Mask]:
    """(glyph bodies, dots/accents/punctuation near them, background pieces of ink colour) among the
    ink cluster's connected components. Bodies cross the middle of the line and, in scripts whose
    letters are one piece each (``whole_glyphs``: not CJK, whose characters are many strokes of all
    heights), are not much taller than the median letter (one touching a same-coloured bolt is left
    out of the size measurement). A
    component reaching from the strip's top to its bottom is background (a pole, a strap) that letters
    may touch: only its part on the text line is erased."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(members.astype(np.uint8), connectivity=8)
    h = members.shape[0]
    mid_lo, mid_hi = margin + 0.35 * height, margin + 0.65 * height
    top, tall = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_HEIGHT]
    spans = (top <= 0) & (top + tall >= h)
    crossing = [i for i in range(1, count) if not spans[i] and top[i] <= mid_hi and top[i] + tall[i] >= mid_lo]
    if not crossing:
        return members, members, np.zeros_like(members)
    usual = float(np.median(tall[crossing])) if whole_glyphs else float("inf")
    bodies = np.isin(labels, [i for i in crossing if tall[i] <= 1.5 * usual])
    reach = max(3, round(0.3 * height))
    near = cv2.dilate(np.isin(labels, crossing).astype(np.uint8), np.ones((2 * reach + 1,) * 2, np.uint8)) > 0
    marks = np.isin(labels, [i for i in range(1, count) if not spans[i] and near[labels == i].any()])
    return bodies, marks, np.isin(labels, np.nonzero(spans)[0][1:] if spans[0] else np.nonzero(spans)[0])


def measure(rgb: RGB, quad: Quad, text: str = "") -> Ink:
    frame = Frame.of(quad)
    m = round(max(2.0, MARGIN_LINES * frame.height))
    strip = frame.strip(rgb, -m, -m, frame.width + m, frame.height + m)
    pixels = lab(strip)
    h, w = pixels.shape[:2]
    band = m + max(1, round(min(frame.height, frame.width) * 0.1))
    labels = _kmeans(pixels.reshape(-1, 3)).reshape(h, w)
    members = labels == _ink_cluster(labels, band)
    whole = not any(is_cjk(ord(ch)) for ch in text)
    bodies, marks, background = _glyphs(members, frame.height, m, whole)
    ink_lab = np.median(pixels[bodies], axis=0)
    grow = max(3, round(0.08 * frame.height))
    ring = cv2.dilate(bodies.astype(np.uint8), np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)) > 0
    around = ring & ~members
    if not around.any():
        around = ~members if (~members).any() else np.ones_like(members)
    paper_lab = np.median(pixels[around], axis=0)
    to_paper = np.linalg.norm(pixels - paper_lab, axis=2)
    to_ink = np.linalg.norm(pixels - ink_lab, axis=2)
    gap = float(np.linalg.norm(ink_lab - paper_lab))
    # Anti-aliased pixels on a glyph's edge that lean towards the ink belong to it.
    soft: Mask = np.asarray((to_ink < to_paper) & (to_paper > max(10.0, 0.25 * gap)), dtype=bool)

    def with_edge(mask: Mask) -> Mask:
        grown: Mask = np.asarray(cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0, dtype=bool)
        return mask | (grown & soft)

    body_mask = with_edge(bodies)
    core = bodies & (to_ink <= np.median(to_ink[bodies]))
    ink = np.median(strip[core], axis=0)
    paper = np.median(strip[around], axis=0)
    rows, cols = body_mask.sum(axis=1), body_mask.sum(axis=0)
    ys = np.nonzero(rows > max(1, 0.04 * rows.max(initial=0)))[0]
    xs = np.nonzero(cols > 0)[0]
    if ys.size == 0 or xs.size == 0:
        fh = frame.height
        return Ink(ink, paper, with_edge(marks), m, 0.15 * fh, 0.85 * fh, 0.0, frame.width, 0.1 * fh)
    contours, _ = cv2.findContours(body_mask.astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours) or 1.0
    stroke = 2.0 * float(body_mask.sum()) / perimeter
    on_line = np.zeros_like(background)
    on_line[max(0, ys[0] - 2) : ys[-1] + 3] = True
    erase = with_edge(marks | (background & on_line))
    top, bottom, left, right = float(ys[0] - m), float(ys[-1] + 1 - m), float(xs[0] - m), float(xs[-1] + 1 - m)
    return Ink(ink, paper, erase, m, top, bottom, left, right, stroke)
