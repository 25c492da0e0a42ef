"""Chart values and panels measured on the pixels.

The plan's shapes only say where to look: bars are found as groups of filled rectangles standing on a
common baseline, wedges as the wedges of one ellipse, lines as polylines with one point per value,
panels as equal-sized rectangles. The lengths, angles and heights themselves are measured on the
output image by following each shape's fill (or stroke) colour, so a plan that says the right thing
over pixels that show something else fails.

Values must match to within :data:`TOLERANCE` of the largest one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from bench.quality.colors import hex_rgb, is_hex, to_lab

Verdict = tuple[bool, str]

TOLERANCE = 0.03
#: A pixel "has" a shape's colour when no channel differs by more than this.
COLOR_TOLERANCE = 36
#: A row (column) of a bar's central band belongs to the bar when this share of it has the fill.
BAND_SHARE = 0.6


def _rects(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        s
        for s in plan.get("shapes", ())
        if s.get("kind") == "rect" and is_hex(s.get("fill")) and float(s.get("opacity", 1.0)) >= 0.5
    ]


def _near(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


def _matches(pixels: Any, color: str) -> Any:
    ref = np.array(hex_rgb(color), dtype=np.int16)
    return np.abs(pixels.astype(np.int16) - ref).max(axis=-1) <= COLOR_TOLERANCE


def _proportional(measured: Sequence[float], values: Sequence[float]) -> Verdict:
    top_m, top_v = max(measured), max(values)
    if top_m <= 0 or top_v <= 0:
        return False, "nothing measured"
    errors = [abs(m / top_m - v / top_v) for m, v in zip(measured, values, strict=True)]
    shown = ", ".join(f"{m:.0f}" for m in measured)
    return max(errors) <= TOLERANCE, f"measured {shown} px; worst error {max(errors):.1%} of the largest"


def bar_groups(plan: dict[str, Any], n: int) -> list[tuple[str, list[dict[str, Any]]]]:
    """Candidate bar sets: ``n`` filled rects of (nearly) equal thickness sharing a baseline, ordered
    along the axis, as ("vertical" | "horizontal", rects)."""
    rects = _rects(plan)
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for orient in ("vertical", "horizontal"):
        pool = sorted(rects, key=lambda r: _axis(r, orient)[0])
        for _key, grp in itertools.groupby(pool, key=lambda r: round(_axis(r, orient)[0], 2)):
            members = sorted(grp, key=lambda r: _axis(r, orient)[2])
            for combo in itertools.combinations(members, n) if len(members) <= 12 else ():
                widths = [_axis(r, orient)[1] for r in combo]
                if max(widths) <= 1.1 * min(widths) and min(widths) > 0:
                    out.append((orient, list(combo)))
    return out


def _axis(rect: dict[str, Any], orient: str) -> tuple[float, float, float]:
    """(baseline, thickness, position along the axis) of a bar in canvas fractions."""
    b = rect["box"]
    if orient == "vertical":
        return float(b["y"] + b["h"]), float(b["w"]), float(b["x"])
    return float(b["x"]), float(b["h"]), float(b["y"])


def _bar_length(image: Any, rect: dict[str, Any], orient: str) -> float:
    """Pixel length of one bar: the extent, along its axis, of rows (columns) of its central band that
    show its fill colour, searched from the baseline over twice the planned length."""
    height, width = image.shape[:2]
    b = rect["box"]
    x, y, w, h = b["x"] * width, b["y"] * height, b["w"] * width, b["h"] * height
    if orient == "vertical":
        lo_x, hi_x = int(x + 0.3 * w), max(int(x + 0.3 * w) + 1, int(x + 0.7 * w))
        top, bottom = max(0, int(y + h - 2 * h) - 2), min(height, int(y + h) + 2)
        band = image[top:bottom, lo_x:hi_x]
        rows = np.nonzero(_matches(band, rect["fill"]).mean(axis=1) >= BAND_SHARE)[0]
    else:
        lo_y, hi_y = int(y + 0.3 * h), max(int(y + 0.3 * h) + 1, int(y + 0.7 * h))
        top, bottom = max(0, int(x) - 2), min(width, int(x + 2 * w) + 2)
        band = image[lo_y:hi_y, top:bottom]
        rows = np.nonzero(_matches(band, rect["fill"]).mean(axis=0) >= BAND_SHARE)[0]
    return float(rows.max() - rows.min() + 1) if len(rows) else 0.0


def bars(image: Any, plan: dict[str, Any], values: Sequence[float]) -> Verdict:
    groups = bar_groups(plan, len(values))
    if not groups:
        return False, f"no {len(values)} bars on a common baseline in the plan"
    best: Verdict | None = None
    for orient, rects in groups:
        verdict = _proportional([_bar_length(image, r, orient) for r in rects], values)
        if verdict[0]:
            return verdict
        best = best or verdict
    assert best is not None
    return best


#: Samples around the circle when measuring wedges.
RING_SAMPLES = 1440


def pie(image: Any, plan: dict[str, Any], values: Sequence[float]) -> Verdict:
    """Wedges of one ellipse: each sample on a ring inside them takes the wedge whose fill it shows
    (ties between same-coloured wedges go to the nearer planned wedge), samples that show none (labels,
    separators) go to the nearer labelled neighbour, and each wedge's share of the ring is compared
    with its value's share of the total."""
    wedges = [s for s in plan.get("shapes", ()) if s.get("kind") == "wedge" and is_hex(s.get("fill"))]
    groups: dict[tuple[float, ...], list[dict[str, Any]]] = {}
    for w in wedges:
        groups.setdefault(tuple(round(w["box"][k], 3) for k in ("x", "y", "w", "h")), []).append(w)
    group = next((g for g in groups.values() if len(g) == len(values)), None)
    if group is None:
        return False, f"no ellipse with {len(values)} wedges in the plan ({len(wedges)} wedges)"
    height, width = image.shape[:2]
    box = group[0]["box"]
    cx, cy = (box["x"] + box["w"] / 2) * width, (box["y"] + box["h"] / 2) * height
    rx, ry = box["w"] * width / 2, box["h"] * height / 2
    inner = max(float(w.get("inner", 0.0)) for w in group)
    rho = inner + (1 - inner) * 0.62
    theta = np.arange(RING_SAMPLES) * 360.0 / RING_SAMPLES
    xs = np.clip(np.round(cx + rx * rho * np.sin(np.radians(theta))).astype(int), 0, width - 1)
    ys = np.clip(np.round(cy - ry * rho * np.cos(np.radians(theta))).astype(int), 0, height - 1)
    ring = image[ys, xs]
    labels = np.full(RING_SAMPLES, -1)
    best_dist = np.full(RING_SAMPLES, np.inf)
    for k, w in enumerate(group):
        ok = _matches(ring, w["fill"])
        mid = (float(w["start"]) + float(w["end"])) / 2
        dist = np.abs((theta - mid + 180) % 360 - 180)
        take = ok & (dist < best_dist)
        labels[take], best_dist[take] = k, dist[take]
    if (labels < 0).all():
        return False, "no wedge colour found on the pixels"
    labels = _fill_gaps(labels)
    measured = [float((labels == k).sum()) * 360.0 / RING_SAMPLES for k in range(len(group))]
    total = sum(values)
    ok, detail = _proportional(measured, [v / total * 360.0 for v in values])
    return ok, detail.replace(" px", "°")


def _fill_gaps(labels: Any) -> Any:
    """Unlabelled samples take the label of the nearest labelled sample around the circle."""
    n = len(labels)
    known = np.nonzero(labels >= 0)[0]
    out = labels.copy()
    for i in np.nonzero(labels < 0)[0]:
        d = np.minimum((known - i) % n, (i - known) % n)
        out[i] = labels[known[int(np.argmin(d))]]
    return out


def line(image: Any, plan: dict[str, Any], values: Sequence[float]) -> Verdict:
    """A polyline with one point per value: at each point's x, the median row showing the stroke
    colour (searched over the line's vertical range) is its measured height; the heights must be a
    linear, increasing-upwards function of the values within :data:`TOLERANCE` of the plotted range."""
    polys = [
        s
        for s in plan.get("shapes", ())
        if s.get("kind") == "polyline" and len(s.get("points", ())) == len(values) and is_hex(s.get("stroke"))
    ]
    if not polys:
        return False, f"no polyline with {len(values)} points in the plan"
    height, width = image.shape[:2]
    best: Verdict = (False, "")
    for poly in polys:
        pys = [p[1] * height for p in poly["points"]]
        lo, hi = max(0, int(min(pys) - 0.1 * height)), min(height, int(max(pys) + 0.1 * height))
        measured: list[float] = []
        for px, _py in poly["points"]:
            col = int(min(width - 3, max(2, px * width)))
            band = image[lo:hi, col - 1 : col + 2]
            rows = np.nonzero(_matches(band, poly["stroke"]).any(axis=1))[0]
            measured.append(float(np.median(rows)) + lo if len(rows) else math.nan)
        verdict = _linear(measured, values)
        if verdict[0]:
            return verdict
        best = best if best[1] else verdict
    return best


def _linear(ys: Sequence[float], values: Sequence[float]) -> Verdict:
    if any(math.isnan(y) for y in ys):
        return False, "the line's colour is missing at some points"
    v = np.array(values, dtype=float)
    y = np.array(ys, dtype=float)
    if np.ptp(v) == 0:
        return False, "values are all equal (bad case)"
    slope, offset = np.polyfit(v, y, 1)
    span = abs(slope) * np.ptp(v)
    worst = float(np.abs(y - (slope * v + offset)).max()) / max(span, 1.0)
    ok = slope < 0 and worst <= TOLERANCE
    return ok, f"points at y {', '.join(f'{p:.0f}' for p in ys)} px; worst error {worst:.1%} of the range"


def panels(image: Any, plan: dict[str, Any], n: int) -> Verdict:
    """Comic / storyboard panels: among rectangles of at least 3 % of the canvas that no larger one
    contains (a panel's sky and ground bands are not panels), the largest set of equal-sized (±10 %),
    non-overlapping ones; each counts when its boundary shows on the pixels."""
    height, width = image.shape[:2]
    shapes = [
        s
        for s in plan.get("shapes", ())
        if s.get("kind") == "rect"
        and s["box"]["w"] * s["box"]["h"] >= 0.03
        and (is_hex(s.get("fill")) or is_hex(s.get("stroke")))
    ]
    outer = [s for s in shapes if not any(o is not s and _contains(o["box"], s["box"]) for o in shapes)]
    best: list[dict[str, Any]] = []
    for ref in outer:
        kept: list[dict[str, Any]] = []
        for s in outer:
            same = _near(s["box"]["w"], ref["box"]["w"], 0.1 * ref["box"]["w"]) and _near(
                s["box"]["h"], ref["box"]["h"], 0.1 * ref["box"]["h"]
            )
            if same and all(not _overlaps(s["box"], k["box"]) for k in kept):
                kept.append(s)
        if len(kept) > len(best):
            best = kept
    shown = sum(1 for s in best if _panel_visible(image, s, width, height))
    return shown == n, f"{shown} panels visible ({len(best)} planned), expected {n}"


def _contains(a: dict[str, float], b: dict[str, float]) -> bool:
    """Box ``a`` holds box ``b`` (and is larger)."""
    eps = 1e-3
    inside = (a["x"] - eps <= b["x"] and a["y"] - eps <= b["y"] and b["x"] + b["w"] <= a["x"] + a["w"] + eps
              and b["y"] + b["h"] <= a["y"] + a["h"] + eps)  # fmt: skip
    return inside and a["w"] * a["h"] > b["w"] * b["h"] + 1e-6


def _overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["w"] <= b["x"] + 1e-4
        or b["x"] + b["w"] <= a["x"] + 1e-4
        or a["y"] + a["h"] <= b["y"] + 1e-4
        or b["y"] + b["h"] <= a["y"] + 1e-4
    )


def _panel_visible(image: Any, shape: dict[str, Any], width: int, height: int) -> bool:
    """Whether a person can see the panel's boundary: with an outline, half of the samples along it
    show the outline colour; without one, half of the samples just inside show the fill and differ
    (ΔE ≥ 8) from the samples just outside."""
    b = shape["box"]
    x0, y0 = b["x"] * width, b["y"] * height
    x1, y1 = x0 + b["w"] * width, y0 + b["h"] * height
    stroke = str(shape.get("stroke"))
    stroke_px = float(shape.get("stroke_width", 0.0)) * min(width, height)
    outlined = is_hex(stroke) and stroke_px > 0

    def ring(d: float) -> Any:
        """160 samples along the rectangle's edge moved ``d`` px inwards (d < 0: outwards)."""
        t = np.linspace(0.1, 0.9, 40)
        pts = [(x0 + (x1 - x0) * u, y0 + d) for u in t] + [(x0 + (x1 - x0) * u, y1 - d - 1) for u in t]
        pts += [(x0 + d, y0 + (y1 - y0) * u) for u in t] + [(x1 - d - 1, y0 + (y1 - y0) * u) for u in t]
        xs = np.clip(np.array([int(p[0]) for p in pts]), 0, width - 1)
        ys = np.clip(np.array([int(p[1]) for p in pts]), 0, height - 1)
        return image[ys, xs]

    if outlined:  # the outline is centred on the edge: look across its width
        offsets = np.linspace(-stroke_px / 2 + 0.5, stroke_px / 2 - 0.5, 3) if stroke_px > 1 else [0.0]
        hits = np.zeros(160, dtype=bool)
        for d in offsets:
            hits |= _matches(ring(float(d)), stroke)
        return float(hits.mean()) >= 0.5
    fill = str(shape.get("fill"))
    if not is_hex(fill):
        return False
    inside, outside = ring(3), ring(-3)
    distinct = np.sqrt(((to_lab(inside) - to_lab(outside)) ** 2).sum(axis=-1)) >= 8
    return float((_matches(inside, fill) & distinct).mean()) >= 0.5
