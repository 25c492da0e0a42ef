"""Spatial relations, positions, rows and relative sizes, judged on measured (visible) instances.

Every function takes the visible :class:`~bench.quality.objects.Instance` lists of the objects involved
and returns ``(passed, detail)``. Thresholds are relative to the objects' own measured sizes, so a
relation reads the same at 512 px and at 4K. Where a relation names a group ("cats to the left of the
dogs"), the group's mean centre stands for it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bench.quality.objects import PIXEL_TOLERANCE, Instance

Verdict = tuple[bool, str]

#: "left of" / "above" need the centres this far apart, as a fraction of the objects' mean size.
MIN_OFFSET = 0.25
#: "on" / "under": the bounding boxes must overlap horizontally by this fraction of the narrower one.
MIN_OVERLAP = 0.5
#: "surrounded by": the largest angular gap between surrounding objects, seen from the centre, in degrees.
MAX_RING_GAP = 150.0


def _centre(group: Sequence[Instance]) -> tuple[float, float]:
    return (sum(i.centre[0] for i in group) / len(group), sum(i.centre[1] for i in group) / len(group))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _size(group: Sequence[Instance], axis: int) -> float:
    return _mean([float(i.width if axis == 0 else i.height) for i in group])


def left_of(a: Sequence[Instance], b: Sequence[Instance]) -> Verdict:
    (ax, _), (bx, _) = _centre(a), _centre(b)
    need = MIN_OFFSET * (_size(a, 0) + _size(b, 0)) / 2
    return bx - ax >= need, f"centres {ax:.0f} vs {bx:.0f} px (need A ≥ {need:.0f} px left of B)"


def above(a: Sequence[Instance], b: Sequence[Instance]) -> Verdict:
    (_, ay), (_, by) = _centre(a), _centre(b)
    need = MIN_OFFSET * (_size(a, 1) + _size(b, 1)) / 2
    return by - ay >= need, f"centres y {ay:.0f} vs {by:.0f} px (need A ≥ {need:.0f} px above B)"


def _h_overlap(a: Instance, b: Instance) -> float:
    lo, hi = max(a.bbox[0], b.bbox[0]), min(a.bbox[2], b.bbox[2])
    return max(0.0, hi - lo) / max(1, min(a.width, b.width))


def on(a: Sequence[Instance], b: Sequence[Instance]) -> Verdict:
    """A rests on B: A's bottom edge is within B's top half (or just above it, 15 % of B's height),
    A is above B, and they overlap horizontally."""
    for x in a:
        for y in b:
            bottom, top = x.bbox[3], y.bbox[1]
            lo, hi = top - 0.15 * y.height, top + 0.5 * y.height
            if lo <= bottom <= hi and x.centre[1] < y.centre[1] and _h_overlap(x, y) >= MIN_OVERLAP:
                return True, f"bottom {bottom} px within [{lo:.0f}, {hi:.0f}], overlap {_h_overlap(x, y):.0%}"
    x, y = a[0], b[0]
    return False, f"bottom of A {x.bbox[3]} px, top of B {y.bbox[1]} px, overlap {_h_overlap(x, y):.0%}"


def under(a: Sequence[Instance], b: Sequence[Instance]) -> Verdict:
    """A is beneath B: A's centre lower than B's by the offset and overlapping it horizontally."""
    for x in a:
        for y in b:
            ok, _ = above([y], [x])
            if ok and _h_overlap(x, y) >= MIN_OVERLAP:
                return True, f"centre y {x.centre[1]:.0f} below {y.centre[1]:.0f}, overlap {_h_overlap(x, y):.0%}"
    x, y = a[0], b[0]
    return False, f"centre y {x.centre[1]:.0f} vs {y.centre[1]:.0f}, overlap {_h_overlap(x, y):.0%}"


def in_front_of(a: Sequence[Instance], b: Sequence[Instance], image: Any) -> Verdict:
    """A hides part of B: their masks overlap (≥ 5 % of the smaller) and, where they do, the output
    shows A's pixels rather than B's."""
    height, width = image.shape[:2]
    for x in a:
        for y in b:
            mx, my = x.canvas_mask(width, height), y.canvas_mask(width, height)
            both = mx & my
            n = int(both.sum())
            if n < 0.05 * min(x.area, y.area):
                continue
            out = image[both].astype(np.int16)
            ref_a = _frame_pixels(x, both).astype(np.int16)
            ref_b = _frame_pixels(y, both).astype(np.int16)
            agree_a = float((np.abs(out - ref_a).max(axis=1) <= PIXEL_TOLERANCE).mean())
            agree_b = float((np.abs(out - ref_b).max(axis=1) <= PIXEL_TOLERANCE).mean())
            return agree_a >= 0.6 and agree_a > agree_b, f"overlap {n} px: looks like A {agree_a:.0%}, B {agree_b:.0%}"
    return False, "the two never overlap"


def _frame_pixels(inst: Instance, canvas_mask: Any) -> Any:
    ys, xs = np.nonzero(canvas_mask)
    return inst.icon_rgb[ys - inst.y0, xs - inst.x0]


def behind(a: Sequence[Instance], b: Sequence[Instance], image: Any) -> Verdict:
    return in_front_of(b, a, image)


def inside(a: Sequence[Instance], b: Sequence[Instance]) -> Verdict:
    """A lies within B's bounding box (5 % tolerance of B's size) and is the smaller."""
    for x in a:
        for y in b:
            tol_x, tol_y = 0.05 * y.width, 0.05 * y.height
            within = (
                x.bbox[0] >= y.bbox[0] - tol_x
                and x.bbox[2] <= y.bbox[2] + tol_x
                and x.bbox[1] >= y.bbox[1] - tol_y
                and x.bbox[3] <= y.bbox[3] + tol_y
            )
            if within and x.area < y.area:
                return True, f"A {x.bbox} within B {y.bbox}"
    return False, f"A {a[0].bbox} not within B {b[0].bbox}"


def surrounded_by(a: Sequence[Instance], b: Sequence[Instance]) -> Verdict:
    """At least three Bs around A's centre with no angular gap over :data:`MAX_RING_GAP` degrees."""
    if len(b) < 3:
        return False, f"only {len(b)} around (need ≥ 3)"
    cx, cy = _centre(a)
    angles = sorted(math.degrees(math.atan2(i.centre[1] - cy, i.centre[0] - cx)) % 360 for i in b)
    gaps = [(angles[(k + 1) % len(angles)] - angles[k]) % 360 for k in range(len(angles))]
    gap = max(gaps) if len(set(angles)) > 1 else 360.0
    return gap <= MAX_RING_GAP, f"{len(b)} around, largest gap {gap:.0f}°"


#: relation name → (function, whether it needs the image). "X right of Y" is "Y left of X", etc.
RELATIONS: dict[str, Callable[..., Verdict]] = {
    "left_of": left_of,
    "right_of": lambda a, b: left_of(b, a),
    "above": above,
    "below": lambda a, b: above(b, a),
    "on": on,
    "under": under,
    "inside": inside,
    "surrounded_by": surrounded_by,
}
NEEDS_IMAGE: dict[str, Callable[..., Verdict]] = {"in_front_of": in_front_of, "behind": behind}

#: Where on the canvas: predicate on the centre in canvas fractions.
POSITIONS: dict[str, Callable[[float, float], bool]] = {
    "top-left": lambda x, y: x < 0.35 and y < 0.35,
    "top-right": lambda x, y: x > 0.65 and y < 0.35,
    "bottom-left": lambda x, y: x < 0.35 and y > 0.65,
    "bottom-right": lambda x, y: x > 0.65 and y > 0.65,
    "centre": lambda x, y: 0.3 < x < 0.7 and 0.3 < y < 0.7,
    "top": lambda x, y: y < 0.4,
    "bottom": lambda x, y: y > 0.6,
    "left": lambda x, y: x < 0.4,
    "right": lambda x, y: x > 0.6,
}


def position(group: Sequence[Instance], where: str, width: int, height: int) -> Verdict:
    x, y = _centre(group)
    fx, fy = x / width, y / height
    return POSITIONS[where](fx, fy), f"centre at ({fx:.2f}, {fy:.2f}) of the canvas"


def row(group: Sequence[Instance], n: int) -> Verdict:
    """Exactly ``n`` side by side: centres level (spread ≤ half an object's height) and no two closer
    than half an object's width horizontally."""
    if len(group) != n:
        return False, f"{len(group)} visible, expected {n}"
    ys = [i.centre[1] for i in group]
    xs = sorted(i.centre[0] for i in group)
    spread = max(ys) - min(ys)
    gap = min((b - a for a, b in itertools.pairwise(xs)), default=float("inf"))
    ok = spread <= 0.5 * _size(group, 1) and gap >= 0.5 * _size(group, 0)
    return ok, f"vertical spread {spread:.0f} px, closest centres {gap:.0f} px apart"


#: Scale words → (min, max) linear size as a fraction of the canvas' short side.
SCALES: dict[str, tuple[float, float]] = {
    "tiny": (0.0, 0.18),
    "small": (0.0, 0.3),
    "large": (0.4, 10.0),
    "huge": (0.5, 10.0),
}


def scale(group: Sequence[Instance], word: str, width: int, height: int) -> Verdict:
    lo, hi = SCALES[word]
    size = _mean([float(i.extent) for i in group]) / min(width, height)
    return lo <= size <= hi, f"{size:.2f} of the short side (want {lo:.2f}..{hi:.2f})"


def bigger(big: Sequence[Instance], small: Sequence[Instance], ratio: float) -> Verdict:
    a = _mean([float(i.extent) for i in big])
    b = _mean([float(i.extent) for i in small])
    r = a / max(b, 1.0)
    return r >= ratio, f"size ratio {r:.2f} (want ≥ {ratio:.2f})"
