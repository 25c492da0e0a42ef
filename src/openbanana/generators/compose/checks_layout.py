"""Pixel checks: what the render really shows, element by element.

* text ink cut off by the canvas edge, touching it, or spilling out of its box;
* text contrast (WCAG ratio) between the glyphs' ink and the pixels around them;
* text drawn into other text, text without a plate drawn over an illustration, and illustrations drawn
  into each other (unless they sit on different layers, a plan note allows it, or one is set onto a
  bigger one the way a relation places it).

Every issue names the element to fix (``target``) and, for collisions, the other one (``other``).
"""

from __future__ import annotations

from dataclasses import dataclass

from openbanana.generators.base import CheckIssue
from openbanana.generators.compose import checks_report as R
from openbanana.generators.compose.checks_guard import asset_rect
from openbanana.generators.compose.checks_pixels import (
    ArtMask,
    Contrast,
    Corners,
    Pixels,
    TextInk,
    art_mask,
    measure_contrast,
    shared_coverage,
    text_ink,
    to_hex,
)
from openbanana.generators.compose.checks_report import ComposeIssue, plan_notes_allow
from openbanana.generators.compose.plan import AssetPlacement, ComposePlan, TextElement
from openbanana.generators.compose.render_text import PlacedText, place_text

#: WCAG 2 AA: 4.5:1 for body text, 3:1 for large text (≥ 24 px, or ≥ 18.7 px bold; titles always).
NEED_NORMAL = 4.5
NEED_LARGE = 3.0
#: WCAG AAA, what HIGH thinking aims for beyond the AA floor above (normal and large text).
AAA_NORMAL = 7.0
AAA_LARGE = 4.5
#: A text counts as sitting on patchy ground when this share of the pixels around it is as light (or
#: dark) as the text itself.
PATCHY = 0.3
#: Ink may pass its box by this many em (accents, overshoot) before it counts as spilling out.
CLIP_EM = 0.12
#: Text footprints may share this fraction of the smaller one's area.
TEXT_OVERLAP_OK = 0.01
#: An illustration may cover this share of a plate-less text's footprint.
TEXT_ON_ART_OK = 0.05
#: Two illustrations on the same layer may share this fraction of the smaller one's ink.
ART_OVERLAP_OK = 0.12
#: A smaller illustration centred on a bigger one is a composition when its area is at most this share
#: of the bigger one's (see :func:`nested`).
NESTED_AREA = 0.6
#: Text with a plate at least this opaque may sit on anything.
PLATE_OPAQUE = 0.5
#: Which text moves when two collide: the one of the later role (then the later element).
ROLE_ORDER = {"title": 0, "subtitle": 1, "label": 2}


def contrast_need(placed: PlacedText) -> float:
    """The WCAG ratio a text element needs at the size it was fitted."""
    el, size = placed.element, placed.fitted.size
    large = el.role == "title" or size >= 24.0 or (el.bold and size >= 18.7)
    return NEED_LARGE if large else NEED_NORMAL


def plated(el: TextElement) -> bool:
    return el.plate_opacity >= PLATE_OPAQUE


def footprint(ti: TextInk) -> Corners | None:
    """What a text element covers: its plate, or its ink grown by a small gap."""
    placed = ti.placed
    if placed.plate is not None and plated(placed.element):
        x, y, w, h = placed.plate
        return (x, y, x + w, y + h)
    if ti.box is None:
        return None
    gap = max(1.0, 0.06 * ti.size)
    x0, y0, x1, y1 = ti.box
    return (x0 - gap, y0 - gap, x1 + gap, y1 + gap)


def _area(r: Corners) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def _intersection(a: Corners, b: Corners) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _edge_issues(ti: TextInk, width: int, height: int) -> list[CheckIssue]:
    if ti.box is None:
        return []
    el = ti.placed.element
    x0, y0, x1, y1 = ti.box
    if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
        return [ComposeIssue(R.BOUNDS, f"the ink of {el.id} is cut off by the canvas edge", 1.0, el.id)]
    if x0 < 1 or y0 < 1 or x1 > width - 1 or y1 > height - 1:
        return [ComposeIssue(R.EDGE, f"the ink of {el.id} touches the canvas edge", 0.5, el.id)]
    bx, by, bw, bh = el.box.px(width, height)
    tol = max(2.0, CLIP_EM * ti.size)
    spill = max(bx - x0, by - y0, x1 - (bx + bw), y1 - (by + bh))
    if spill > tol:
        return [ComposeIssue(R.CLIP, f"the ink of {el.id} spills {spill:.0f}px out of its box", 0.4, el.id)]
    return []


def _contrast_issue(ti: TextInk, measured: Contrast) -> list[CheckIssue]:
    el, need = ti.placed.element, contrast_need(ti.placed)
    background = to_hex(measured.background)
    if measured.ratio < need:
        severity = round(0.2 + 0.6 * (1.0 - measured.ratio / need), 3)
        message = f"{el.id} has contrast {measured.ratio:.1f}:1 on {background}, needs {need:.1f}:1"
        return [ComposeIssue(R.CONTRAST, message, severity, el.id, background=background, need=need)]
    if measured.low_share > PATCHY:
        message = f"{measured.low_share:.0%} of the ground around {el.id} is as light or dark as its ink"
        return [ComposeIssue(R.CONTRAST, message, 0.4, el.id, background=background, need=need)]
    comfortable = AAA_LARGE if need == NEED_LARGE else AAA_NORMAL
    if measured.ratio < comfortable:
        # Readable (AA) but short of AAA: a small penalty, so HIGH thinking prefers and corrects towards
        # the more legible layout, while a MINIMAL render with it is still fine.
        severity = round(0.04 + 0.12 * (1.0 - measured.ratio / comfortable), 3)
        message = f"{el.id} has contrast {measured.ratio:.1f}:1 on {background}, short of AAA {comfortable:.1f}:1"
        return [ComposeIssue(R.CONTRAST_AAA, message, severity, el.id, background=background, need=comfortable)]
    return []


def _mover(a: TextElement, b: TextElement, order: dict[str, int]) -> tuple[TextElement, TextElement]:
    """(the text to move, the one it collides with)."""
    rank_a = (ROLE_ORDER.get(a.role, 3), order[a.id])
    rank_b = (ROLE_ORDER.get(b.role, 3), order[b.id])
    return (b, a) if rank_b > rank_a else (a, b)


def _text_overlaps(plan: ComposePlan, inks: list[TextInk]) -> list[CheckIssue]:
    order = {el.id: i for i, el in enumerate(plan.texts)}
    prints = [(ti.placed.element, footprint(ti)) for ti in inks]
    issues: list[CheckIssue] = []
    for i, (a, fa) in enumerate(prints):
        for b, fb in prints[i + 1 :]:
            if fa is None or fb is None or plan_notes_allow(plan.notes, a.id, b.id):
                continue
            shared = _intersection(fa, fb) / max(1.0, min(_area(fa), _area(fb)))
            if shared > TEXT_OVERLAP_OK:
                mover, other = _mover(a, b, order)
                message = f"{mover.id} runs into {other.id} ({shared:.0%} of the smaller one)"
                issues.append(ComposeIssue(R.TEXT_OVERLAP, message, 0.6, mover.id, other=other.id))
    return issues


def _text_on_art(plan: ComposePlan, inks: list[TextInk], arts: list[ArtMask]) -> list[CheckIssue]:
    issues: list[CheckIssue] = []
    for ti in inks:
        el, area = ti.placed.element, footprint(ti)
        if area is None or plated(el):
            continue
        worst, worst_cover = None, TEXT_ON_ART_OK
        for art in arts:
            if plan_notes_allow(plan.notes, el.id, art.asset.id):
                continue
            window, cells = art.window(area)
            cover = float(window.sum()) / cells
            if cover > worst_cover:
                worst, worst_cover = art, cover
        if worst is not None:
            severity = 0.4 + 0.4 * min(1.0, worst_cover / 0.3)
            message = f"{el.id} is drawn over {worst.asset.id} ({worst.asset.icon}, {worst_cover:.0%} covered)"
            issues.append(ComposeIssue(R.TEXT_ON_ART, message, round(severity, 3), el.id, other=worst.asset.id))
    return issues


def nested(a: AssetPlacement, b: AssetPlacement, width: int, height: int) -> bool:
    """Whether one illustration is set onto a clearly bigger one (its centre on it, at most
    :data:`NESTED_AREA` of its size): how a relation draws "a cat in a box" or "a dog in front of a
    house". Two same-sized things on one spot are a collision, not a composition."""
    (ax, ay, aw, _ah), (bx, by, bw, _bh) = asset_rect(a, width, height), asset_rect(b, width, height)
    (sx, sy, ss), (lx, ly, ls) = sorted([(ax, ay, aw), (bx, by, bw)], key=lambda r: r[2])
    cx, cy = sx + ss / 2, sy + ss / 2
    return ss * ss <= NESTED_AREA * ls * ls and lx <= cx <= lx + ls and ly <= cy <= ly + ls


def _art_overlaps(plan: ComposePlan, arts: list[ArtMask]) -> list[CheckIssue]:
    issues: list[CheckIssue] = []
    for i, a in enumerate(arts):
        for b in arts[i + 1 :]:
            if a.asset.layer != b.asset.layer or plan_notes_allow(plan.notes, a.asset.id, b.asset.id):
                continue
            if nested(a.asset, b.asset, plan.width, plan.height):
                continue
            shared, total_a, total_b = shared_coverage(a, b)
            share = shared / max(1e-6, min(total_a, total_b))
            if share > ART_OVERLAP_OK:
                small, big = (a, b) if total_a <= total_b else (b, a)
                message = f"{small.asset.id} ({small.asset.icon}) overlaps {big.asset.id} by {share:.0%}"
                severity = round(0.3 + 0.4 * min(1.0, share), 3)
                issues.append(ComposeIssue(R.ART_OVERLAP, message, severity, small.asset.id, other=big.asset.id))
    return issues


@dataclass(frozen=True)
class PixelFindings:
    issues: list[CheckIssue]
    #: Text contrast as measured, by text element id (elements with an outline or no ink are missing).
    contrasts: dict[str, Contrast]

    @property
    def contrast_min(self) -> float | None:
        return min((c.ratio for c in self.contrasts.values()), default=None)


def pixel_checks(plan: ComposePlan, pixels: Pixels) -> PixelFindings:
    """Every pixel check on one render (``pixels``: H × W × 3)."""
    height, width = pixels.shape[:2]
    inks = [text_ink(place_text(el, width, height)) for el in plan.texts]
    issues: list[CheckIssue] = []
    contrasts: dict[str, Contrast] = {}
    for ti in inks:
        issues += _edge_issues(ti, width, height)
        measured = measure_contrast(ti, pixels)
        if measured is not None:
            contrasts[ti.placed.element.id] = measured
            issues += _contrast_issue(ti, measured)
    issues += _text_overlaps(plan, inks)
    arts = [art_mask(a, i, width, height) for i, a in enumerate(plan.assets)]
    issues += _text_on_art(plan, inks, arts)
    issues += _art_overlaps(plan, arts)
    return PixelFindings(issues, contrasts)
