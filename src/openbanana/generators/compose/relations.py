"""A small solver that places things so the prompt's spatial relations hold ("a cat on a table", "a bird
above a house", "a cake surrounded by candles", "a row of five trees").

Each thing gets a size from its natural size (``nouns.NATURAL_SIZE``, props from ``props.PROPS``) times
its size word, in abstract units (a standing person is 1). The copies of one thing form a group in its
arrangement (row, column, ring, grid, stack or a loose cluster). Relations form a forest: every thing
hangs off at most one anchor, and each tree is built bottom-up into a composite whose parts are placed
relative to the anchor's box (on: feet on its top surface; left-of: right edge left of it, feet on the
same line; around: on an ellipse about it …). Composites are then scaled and packed into the
illustration area (or into the band of a pinned corner), which only translates and scales them, so the
relations still hold on the final boxes.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from openbanana.generators.compose import nouns
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.icon_colors import artwork_top
from openbanana.generators.compose.props import prop_kind
from openbanana.generators.compose.scene import AIR_ICONS
from openbanana.generators.compose.subjects import Relation, SubjectSpec

Rect = tuple[float, float, float, float]

#: The smallest thing is drawn at least this fraction of the largest (readability over realism).
MIN_RATIO = 1 / 4.5
#: Copies shown around something when the prompt gives no number ("surrounded by candles").
AROUND_COUNT = 6
#: Relations whose subject no longer stands on the ground.
_LIFTED = frozenset({"on", "above", "inside", "around", "held"})


@dataclass
class Thing:
    """One drawn copy of a spec, in abstract units (later pixels): top-left corner and size."""

    spec: int
    x: float
    y: float
    w: float
    h: float
    z: float = 0.0
    rotation: float = 0.0
    flip: bool = False
    #: ground | air (lifted onto or above something, or flying around it)
    support: str = "ground"


def unit_size(spec: SubjectSpec) -> tuple[float, float]:
    """(width, height) of one copy before relative clamping."""
    if spec.prop:
        kind = prop_kind(spec.prop)
        return kind.size * kind.aspect * spec.scale, kind.size * spec.scale
    side = nouns.NATURAL_SIZE.get(spec.icon, 0.8) * spec.scale
    return side, side


def _bbox(things: list[Thing]) -> Rect:
    x0 = min(t.x for t in things)
    y0 = min(t.y for t in things)
    x1 = max(t.x + t.w for t in things)
    y1 = max(t.y + t.h for t in things)
    return x0, y0, x1 - x0, y1 - y0


def transform(things: list[Thing], k: float, dx: float, dy: float) -> None:
    """Scale about the origin by ``k``, then move by (dx, dy), in place."""
    for t in things:
        t.x, t.y, t.w, t.h = t.x * k + dx, t.y * k + dy, t.w * k, t.h * k


def _fit(things: list[Thing], k: float, cx: float, bottom: float) -> None:
    """Scale the group by ``k`` and put its bottom centre at (cx, bottom)."""
    x, y, w, h = _bbox(things)
    transform(things, k, 0.0, 0.0)
    transform(things, 1.0, cx - (x + w / 2) * k, bottom - (y + h) * k)


def _group(index: int, spec: SubjectSpec, size: tuple[float, float], rng: random.Random) -> list[Thing]:
    """The copies of one spec in its arrangement, in abstract units."""
    w, h = size
    n = spec.count
    things: list[Thing] = []
    kind = spec.arrangement or ("cluster" if n > 1 else "single")
    if kind == "ring" and n > 1:
        r = max(0.8 * w, n * w * 1.25 / (2 * math.pi))
        for j in range(n):
            a = 2 * math.pi * j / n
            things.append(Thing(index, r * math.sin(a) - w / 2, -r * math.cos(a) - h / 2, w, h, z=-math.cos(a)))
        return things
    cols = {"row": n, "column": 1, "stack": 1}.get(kind, math.ceil(math.sqrt(n * 1.6)) if n > 1 else 1)
    if kind == "grid":
        cols = math.ceil(math.sqrt(n))
    loose = kind == "cluster"
    for j in range(n):
        row, col = divmod(j, cols)
        in_row = min(cols, n - row * cols)
        offset = (cols - in_row) * w * 0.56
        x = offset + col * w * 1.12
        y = row * h * 1.08
        if kind == "stack":
            x, y = rng.uniform(-0.06, 0.06) * w, -j * h * 0.62
        if loose:
            x += rng.uniform(-0.08, 0.08) * w
            y += rng.uniform(-0.06, 0.06) * h
        rotation = rng.uniform(-6.0, 6.0) if loose and not spec.prop else 0.0
        things.append(Thing(index, x, y, w, h, z=j if kind == "stack" else row, rotation=rotation))
    return things


def _place(
    dep: list[Thing],
    kind: str,
    anchor: Rect,
    whole: Rect,
    shelter: bool,
    surface: float,
    side: float,
    open_top: bool,
    canopy: bool = False,
) -> None:
    """Move (and where needed shrink) the dependent composite ``dep`` into relation ``kind`` with the
    anchor's own box ``anchor``; ``whole`` is the anchor's composite so far (side-by-side things go
    beyond it)."""
    ax, ay, aw, ah = anchor
    wx, wy, ww, wh = whole
    _dx, _dy, dw, dh = _bbox(dep)
    acx = ax + aw / 2
    gap = 0.14 * max(min(aw, ah), min(dw, dh))
    if kind == "under" and not shelter:
        kind = "below"
    if kind == "on":
        _fit(dep, min(1.0, 0.9 * aw / dw), acx, ay + surface * ah)
    elif kind == "above":
        _fit(dep, 1.0, acx, wy - gap)
    elif kind == "below":
        _fit(dep, 1.0, acx, wy + wh + gap + dh)
    elif kind == "under":
        _fit(dep, min(1.0, 0.72 * aw / dw, 0.6 * ah / dh), acx, ay + ah)
    elif kind in ("left-of", "right-of", "next-to"):
        left = kind == "left-of" or (kind == "next-to" and side < 0)
        k = 1.0
        cx = wx - gap - dw / 2 if left else wx + ww + gap + dw / 2
        air = all(t.support == "air" for t in dep)
        _fit(dep, k, cx, ay + ah / 2 + dh / 2 if air else ay + ah)
    elif kind == "in-front-of":
        _fit(dep, 1.0, acx + side * 0.3 * aw, ay + ah + 0.15 * ah)
    elif kind == "behind":
        _fit(dep, 0.85, acx - side * 0.32 * aw, ay + ah - 0.16 * ah)
    elif kind == "held" and canopy:  # an umbrella held over the head
        k = min(1.0, 1.5 * aw / dw, 0.9 * ah / dh)
        _fit(dep, k, acx + 0.12 * aw, ay + 0.5 * ah)
    elif kind == "held":  # in the right hand
        k = min(1.0, 0.55 * ah / dh, 0.9 * aw / dw)
        _fit(dep, k, ax + 0.92 * aw, ay + 0.62 * ah + dh * k / 2)
    elif kind == "inside" and open_top:  # in the opening of a bowl or basket, in front of it
        k = min(1.0, 0.62 * aw / dw, 0.45 * ah / dh)
        _fit(dep, k, acx, ay + ah * 0.62)
    elif kind == "inside":
        # Sunk into the anchor and drawn behind its front: the top shows over the rim ("a cat in a box").
        k = min(1.0, 0.72 * aw / dw, 0.8 * ah / dh)
        _fit(dep, k, acx, ay + ah * 0.55)


def _artwork_surface(icon: str, base: list[Thing]) -> float:
    """Where a thing set on ``icon`` stands, as a fraction of its box's height: a little below the top
    of the artwork itself (drawn as a square centred in the box), so an apple sits on an open book
    that is drawn low in its square rather than floating above it."""
    library = load_library()
    if not base or icon not in library:
        return 0.12
    art = library.icon(icon)
    t = base[0]
    side = min(t.w, t.h)
    top = (t.h - side) / 2 + artwork_top(art.template, art.width, art.height) * side
    return min(0.9, max(0.0, top / t.h + 0.03))


def _around(dep: list[Thing], anchor: Rect) -> None:
    """Spread the dependent's copies on an ellipse about the anchor, the upper ones behind it."""
    ax, ay, aw, ah = anchor
    n = len(dep)
    d = max(max(t.w, t.h) for t in dep)
    rx, ry = aw / 2 + d * 0.6, ah / 2 + d * 0.45
    for j, t in enumerate(dep):
        a = 2 * math.pi * (j + 0.5) / n
        cx, cy = ax + aw / 2 + rx * math.sin(a), ay + ah / 2 - ry * math.cos(a)
        t.x, t.y, t.z, t.rotation, t.support = (
            cx - t.w / 2,
            cy - t.h / 2,
            (-1.0 if math.cos(a) > 0 else 1.0),
            0.0,
            "air",
        )


#: "A giant cat next to a tiny house": a thing called big is drawn at least this many times the size of
#: one called small, whatever their natural sizes (the words were chosen to override them).
SIZE_CONTRAST = 2.3


def _contrast_sizes(specs: list[SubjectSpec], sizes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``sizes`` with every thing the prompt calls big grown until it is :data:`SIZE_CONTRAST` times
    every thing it calls small."""
    big = [i for i, s in enumerate(specs) if s.size_word and s.scale > 1.0]
    small = [i for i, s in enumerate(specs) if s.size_word and s.scale < 1.0]
    if not big or not small:
        return sizes
    out = list(sizes)
    largest_small = max(max(out[i]) for i in small)
    for i in big:
        w, h = out[i]
        k = max(1.0, SIZE_CONTRAST * largest_small / max(w, h))
        out[i] = (w * k, h * k)
    return out


class Solver:
    """Builds one composite per unanchored thing (see the module docstring)."""

    def __init__(self, specs: list[SubjectSpec], relations: list[Relation], rng: random.Random) -> None:
        self.specs = [
            replace(s, count=max(s.count, AROUND_COUNT))
            if not s.explicit_count and any(r.subject == i and r.kind == "around" for r in relations)
            else s
            for i, s in enumerate(specs)
        ]
        self.rng = rng
        self.parent: dict[int, Relation] = {}
        for r in relations:
            if r.subject in self.parent or r.subject == r.target or self._ancestor(r.subject, r.target):
                continue
            self.parent[r.subject] = r
        raw = _contrast_sizes(self.specs, [unit_size(s) for s in self.specs])
        biggest = max((max(w, h) for w, h in raw), default=1.0)
        self.sizes = []
        for w, h in raw:
            k = max(1.0, biggest * MIN_RATIO / max(w, h))
            self.sizes.append((w * k, h * k))

    def _ancestor(self, node: int, of: int) -> bool:
        """Whether ``node`` is ``of`` or above it in the forest (an edge of→node would close a cycle)."""
        seen = set()
        while of not in seen:
            if of == node:
                return True
            seen.add(of)
            rel = self.parent.get(of)
            if rel is None:
                return False
            of = rel.target
        return True

    @property
    def roots(self) -> list[int]:
        return [i for i in range(len(self.specs)) if i not in self.parent]

    def _side_by_side(self, children: list[tuple[int, Relation]]) -> list[tuple[int, Relation, list[Thing]]]:
        """Each child's composite; several things *on* (or *in*) one anchor first stand in a row, so a
        laptop and a plant on one desk sit next to each other rather than in one spot."""
        out: list[tuple[int, Relation, list[Thing]]] = []
        rows: dict[str, tuple[int, Relation, list[Thing]]] = {}
        for child, rel in children:
            dep = self.build(child)
            if rel.kind not in ("on", "inside") or rel.kind not in rows:
                if rel.kind in ("on", "inside"):
                    rows[rel.kind] = (child, rel, dep)
                out.append((child, rel, dep))
                continue
            row = rows[rel.kind][2]
            x, _y, w, h = _bbox(row)
            _dx, _dy, dw, dh = _bbox(dep)
            _fit(dep, 1.0, x + w + 0.12 * min(h, dh) + dw / 2, _bbox(row)[1] + h)
            row += dep
        return out

    def build(self, index: int) -> list[Thing]:
        spec = self.specs[index]
        base = _group(index, spec, self.sizes[index], self.rng)
        if spec.icon in AIR_ICONS:
            for t in base:
                t.support = "air"
        anchor = _bbox(base)
        shelter = (spec.prop or spec.icon) in nouns.SHELTERS
        surface = prop_kind(spec.prop).surface if spec.prop else _artwork_surface(spec.icon, base)
        result = list(base)
        children = sorted(((c, r) for c, r in self.parent.items() if r.target == index), key=lambda cr: cr[0])
        for child, rel, dep in self._side_by_side(children):
            if rel.kind in _LIFTED:
                for t in dep:
                    t.support = "air"
            if rel.kind == "around":
                own = [t for t in dep if t.spec == child]
                _around(own, anchor)
                dep = own
            else:
                side = 1.0 if self.rng.random() < 0.6 else -1.0
                open_top = spec.icon in nouns.OPEN_CONTAINERS
                canopy = self.specs[child].icon in nouns.SHELTERS
                _place(dep, rel.kind, anchor, _bbox(result), shelter, surface, side, open_top, canopy)
                if rel.kind == "inside" and open_top:
                    rel = Relation(rel.subject, "in-front-of", rel.target)  # drawn over the bowl
            low, high = min(t.z for t in result), max(t.z for t in result)
            for t in dep:
                if rel.kind in ("behind", "inside"):
                    t.z = low - 1 + t.z * 0.01
                elif rel.kind != "around":
                    t.z = high + 1 + t.z * 0.01
            result += dep
        return result


def pack(groups: list[list[Thing]], rect: Rect, fill: float = 0.94) -> None:
    """Scale and move composites (in place) into ``rect`` (pixels): in rows, the row count that lets
    them be largest, each row centred and its things standing on one line."""
    if not groups:
        return
    boxes = [_bbox(g) for g in groups]
    rx, ry, rw, rh = rect
    unit = sum(b[3] for b in boxes) / len(boxes)
    gap = unit * 0.18
    best: tuple[float, list[list[int]]] = (0.0, [list(range(len(groups)))])
    for rows in range(1, min(len(groups), 4) + 1):
        per = math.ceil(len(groups) / rows)
        split = [list(range(i, min(i + per, len(groups)))) for i in range(0, len(groups), per)]
        width = max(sum(boxes[i][2] for i in row) + gap * (len(row) - 1) for row in split)
        height = sum(max(boxes[i][3] for i in row) for row in split) + gap * (len(split) - 1)
        # One line reads best ("a red car and a blue bus"): more rows must earn a clearly larger scale.
        scale = min(rw / width, rh / height) / (1 + 0.18 * (len(split) - 1))
        if scale > best[0] * 1.02:
            best = (scale, split)
    _score, split = best
    width = max(sum(boxes[i][2] for i in row) + gap * (len(row) - 1) for row in split)
    height = sum(max(boxes[i][3] for i in row) for row in split) + gap * (len(split) - 1)
    scale = min(rw / width, rh / height) * fill
    heights = [max(boxes[i][3] for i in row) * scale for row in split]
    y = ry + (rh - sum(heights) - gap * scale * (len(split) - 1)) / 2
    for row, row_h in zip(split, heights, strict=True):
        width = (sum(boxes[i][2] for i in row) + gap * (len(row) - 1)) * scale
        x = rx + (rw - width) / 2
        for i in row:
            bx, by, bw, bh = boxes[i]
            transform(groups[i], scale, x - bx * scale, y + row_h - (by + bh) * scale)
            x += (bw + gap) * scale
        y += row_h + gap * scale
