"""Geometry for corrections: where each element really sits (px), and the smallest move that clears
something out of the way or brings it back onto the canvas.

Positions are in canvas px while searching and go back into the plan as canvas fractions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from openbanana.generators.compose.checks_guard import asset_rect
from openbanana.generators.compose.plan import AssetPlacement, Box, ComposePlan, Shape, TextElement
from openbanana.generators.compose.render_text import place_text

#: (x0, y0, x1, y1) in canvas px.
Corners = tuple[float, float, float, float]

#: Moved things keep this far (fraction of the short side) from the canvas edges and from each other.
MARGIN = 0.03
GAP = 0.02
#: Illustrations have empty margins in their square; this much of each side does not count as them, but
#: their contact shadow reaches this far below it.
ART_INSET = 0.08
ART_SHADOW = 0.03
#: The farthest a correction moves anything, as a fraction of the canvas diagonal.
MAX_MOVE = 0.45


def corners(rect: tuple[float, float, float, float]) -> Corners:
    x, y, w, h = rect
    return (x, y, x + w, y + h)


def overlap(a: Corners, b: Corners) -> float:
    """Area shared by two rectangles."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def moved(c: Corners, dx: float, dy: float) -> Corners:
    return (c[0] + dx, c[1] + dy, c[2] + dx, c[3] + dy)


def moved_box(box: Box, dx: float, dy: float, width: int, height: int) -> Box:
    return Box(round(box.x + dx / width, 5), round(box.y + dy / height, 5), box.w, box.h)


def scaled_box(box: Box, k: float) -> Box:
    """``box`` scaled by ``k`` around its centre."""
    w, h = box.w * k, box.h * k
    return Box(round(box.x + (box.w - w) / 2, 5), round(box.y + (box.h - h) / 2, 5), round(w, 5), round(h, 5))


@dataclass
class Draft:
    """The elements of a plan being corrected (one round), by id, plus what was changed and why."""

    plan: ComposePlan
    texts: dict[str, TextElement] = field(default_factory=dict)
    assets: dict[str, AssetPlacement] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: (element id, kind of change) pairs already made: one geometry and one style change per element.
    done: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.texts = {t.id: t for t in self.plan.texts}
        self.assets = {a.id: a for a in self.plan.assets}
        self.shapes = {s.id: s for s in self.plan.shapes}

    @property
    def size(self) -> tuple[int, int]:
        return self.plan.width, self.plan.height

    @property
    def short(self) -> float:
        return float(min(self.plan.width, self.plan.height))

    def text_print(self, el: TextElement) -> Corners:
        """What a text covers: its plate, or its block."""
        placed = place_text(el, *self.size)
        return corners(placed.plate if placed.plate is not None else placed.block)

    def art_print(self, a: AssetPlacement) -> Corners:
        x0, y0, x1, y1 = corners(asset_rect(a, *self.size))
        side = x1 - x0
        below = side * ART_SHADOW if a.shadow else -side * ART_INSET
        return (x0 + side * ART_INSET, y0 + side * ART_INSET, x1 - side * ART_INSET, y1 + below)

    def obstacles(self, skip: set[str], texts: bool = True, art: bool = True) -> list[Corners]:
        """Footprints of every text and illustration except those in ``skip``."""
        out: list[Corners] = []
        if texts:
            out += [self.text_print(t) for t in self.texts.values() if t.id not in skip]
        if art:
            out += [self.art_print(a) for a in self.assets.values() if a.id not in skip]
        return out

    def inside(self, c: Corners) -> bool:
        width, height = self.size
        m = MARGIN * self.short - 0.5
        return c[0] >= m and c[1] >= m and c[2] <= width - m and c[3] <= height - m

    def into_canvas(self, c: Corners) -> tuple[float, float]:
        """The shift that brings ``c`` inside the margins (as far as its size allows)."""
        width, height = self.size
        m = MARGIN * self.short

        def axis(lo: float, hi: float, limit: float) -> float:
            if hi - lo > limit - 2 * m:
                return (limit - lo - hi) / 2  # too big: centre it
            if lo < m:
                return m - lo
            return (limit - m) - hi if hi > limit - m else 0.0

        return axis(c[0], c[2], width), axis(c[1], c[3], height)

    def free_shift(self, c: Corners, obstacles: list[Corners]) -> tuple[float, float] | None:
        """The shortest shift that puts ``c`` inside the canvas and clear of every obstacle (None: no
        such shift within :data:`MAX_MOVE`). Candidates push ``c`` past one side of what it hits, then
        past one side of what it hits next."""
        gap = GAP * self.short
        start = self.into_canvas(c)
        candidates = [start]
        frontier = [start]
        for _depth in range(2):
            grown: list[tuple[float, float]] = []
            for dx, dy in frontier:
                here = moved(c, dx, dy)
                for o in obstacles:
                    if overlap(here, o) > 0:
                        grown += [
                            (dx + o[2] + gap - here[0], dy),
                            (dx + o[0] - gap - here[2], dy),
                            (dx, dy + o[3] + gap - here[1]),
                            (dx, dy + o[1] - gap - here[3]),
                        ]
            candidates += grown
            frontier = grown
        width, height = self.size
        limit = MAX_MOVE * math.hypot(width, height)
        fits = [
            (math.hypot(dx, dy), dx, dy)
            for dx, dy in candidates
            if math.hypot(dx, dy) <= limit
            and self.inside(moved(c, dx, dy))
            and all(overlap(moved(c, dx, dy), o) <= 0 for o in obstacles)
        ]
        if not fits:
            return None
        _d, dx, dy = min(fits)
        return dx, dy

    def once(self, element_id: str, kind: str) -> bool:
        """Claim the ``kind`` change (geometry | style) of ``element_id`` for this round."""
        if (element_id, kind) in self.done:
            return False
        self.done.add((element_id, kind))
        return True

    def build(self) -> ComposePlan:
        return replace(
            self.plan,
            texts=tuple(self.texts.values()),
            assets=tuple(self.assets.values()),
            shapes=tuple(self.shapes.values()),
            revision=self.plan.revision + 1,
            notes=(*self.plan.notes, "; ".join(self.notes)),
        )
