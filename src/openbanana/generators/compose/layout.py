"""Placing text boxes and illustrations on the canvas, driven by the aspect ratio and the seed.

Extreme ratios (1:8 … 8:1) are laid out as strips: the text group and the illustration group sit
one after the other along the long axis. Everything is computed in pixels and returned in canvas
fractions.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from openbanana.generators.compose.plan import Box

ROLE_WEIGHT = {"title": 1.0, "subtitle": 0.5, "label": 0.38}


@dataclass(frozen=True)
class TextSlot:
    id: str
    role: str
    text: str


Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Placed:
    box: Rect
    rotation: float
    flip: bool


def frac(r: Rect, width: int, height: int) -> Box:
    x, y, w, h = r
    return Box(round(x / width, 5), round(y / height, 5), round(w / width, 5), round(h / height, 5))


def _text_weight(slot: TextSlot) -> float:
    length = len(slot.text)
    return ROLE_WEIGHT.get(slot.role, 0.4) * (0.75 + 0.5 * min(1.0, length / 40.0))


def _stack(rect: Rect, weights: list[float], vertical: bool, gap: float) -> list[Rect]:
    x, y, w, h = rect
    total = sum(weights) or 1.0
    length = (h if vertical else w) - gap * (len(weights) - 1)
    out: list[Rect] = []
    pos = y if vertical else x
    for wt in weights:
        size = length * wt / total
        out.append((x, pos, w, size) if vertical else (pos, y, size, h))
        pos += size + gap
    return out


def _stack_texts(rect: Rect, slots: list[TextSlot], gap: float) -> dict[str, Rect]:
    if not slots:
        return {}
    _x, _y, w, h = rect
    # Stack across the rectangle's long axis only when it is much wider than tall and several texts
    # would otherwise become slivers.
    vertical = not (w > h * 3.2 and len(slots) > 1 and h < w / 6)
    rects = _stack(rect, [_text_weight(s) for s in slots], vertical, gap)
    return {s.id: r for s, r in zip(slots, rects, strict=True)}


def arrange_grid(rect: Rect, count: int, rng: random.Random) -> list[Placed]:
    """``count`` illustrations in the largest grid that fits ``rect``, with seeded jitter."""
    x, y, w, h = rect
    if count <= 0 or w <= 1 or h <= 1:
        return []
    best = (0.0, 1, count)
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        cell = min(w / cols, h / rows)
        if cell > best[0] + 1e-6:
            best = (cell, cols, rows)
    cell, cols, rows = best
    grid_w, grid_h = cols * cell, rows * cell
    ox, oy = x + (w - grid_w) / 2, y + (h - grid_h) / 2
    placed: list[Placed] = []
    for i in range(count):
        row, col = divmod(i, cols)
        in_row = min(cols, count - row * cols)
        row_off = (cols - in_row) * cell / 2
        scale = rng.uniform(0.74, 0.92) if count > 1 else rng.uniform(0.82, 0.96)
        size = cell * scale
        slack = (cell - size) / 2
        cx = ox + row_off + col * cell + cell / 2 + rng.uniform(-slack, slack) * 0.8
        cy = oy + row * cell + cell / 2 + rng.uniform(-slack, slack) * 0.8
        rotation = rng.uniform(-9.0, 9.0) if count > 1 else rng.uniform(-4.0, 4.0)
        placed.append(Placed((cx - size / 2, cy - size / 2, size, size), rotation, rng.random() < 0.25))
    return placed


@dataclass(frozen=True)
class Layout:
    #: Name of the arrangement (reported in the plan summary).
    name: str
    #: Text boxes by slot id.
    boxes: dict[str, Box]
    #: (box, rotation, flip) per illustration instance, in a seeded grid over ``asset_rect``.
    placements: list[tuple[Box, float, bool]]
    #: Where the illustrations go (pixels), None when there are none.
    asset_rect: Rect | None
    margin: float = 0.0


def layout_margin(width: int, height: int, rng: random.Random) -> float:
    """The seeded outer margin in pixels."""
    return max(2.0, min(width, height) * rng.uniform(0.045, 0.065))


def compute_layout(
    width: int,
    height: int,
    slots: list[TextSlot],
    asset_count: int,
    rng: random.Random,
    area: Rect | None = None,
    margin: float | None = None,
) -> Layout:
    """Text boxes by id, the illustrations' rectangle and a grid of instance boxes in it. ``area``
    (pixels) is the part of the canvas left for them (default: the canvas inside the margin)."""
    short = min(width, height)
    if margin is None:
        margin = layout_margin(width, height, rng)
    gap = max(1.0, short * 0.03)
    inner: Rect = area if area is not None else (margin, margin, width - 2 * margin, height - 2 * margin)
    aspect = width / height if area is None else inner[2] / max(1.0, inner[3])
    titles = [s for s in slots if s.role == "title"]
    others = [s for s in slots if s.role != "title"]
    text_rects: dict[str, Rect] = {}
    asset_rect: Rect | None = None
    name: str

    if not slots:
        name = "illustration"
        asset_rect = inner
    elif asset_count == 0:
        name = "typographic"
        text_rects = _stack_texts(inner, slots, gap)
    elif aspect >= 2.2 or aspect <= 1 / 2.2:
        horizontal = aspect >= 2.2
        long_len = inner[2] if horizontal else inner[3]
        short_len = inner[3] if horizontal else inner[2]
        per_item = short_len * 0.95
        asset_len = min(long_len * rng.uniform(0.34, 0.46), max(per_item, asset_count * per_item * 0.8))
        text_len = long_len - asset_len - gap
        assets_first = rng.random() < 0.5
        name = "strip-" + ("horizontal" if horizontal else "vertical") + ("-assets-first" if assets_first else "")
        x, y, w, h = inner
        if horizontal:
            text_r: Rect = (x + (asset_len + gap if assets_first else 0), y, text_len, h)
            asset_rect = (x + (0 if assets_first else text_len + gap), y, asset_len, h)
        else:
            text_r = (x, y + (asset_len + gap if assets_first else 0), w, text_len)
            asset_rect = (x, y + (0 if assets_first else text_len + gap), w, asset_len)
        if not horizontal and others and rng.random() < 0.5 and not assets_first:
            # Title above the illustrations, the rest below them.
            name = "strip-vertical-sandwich"
            title_len = text_len * 0.6
            rest_len = text_len - title_len
            text_rects.update(_stack_texts((x, y, w, title_len), titles, gap))
            asset_rect = (x, y + title_len + gap, w, asset_len)
            text_rects.update(_stack_texts((x, y + title_len + asset_len + 2 * gap, w, rest_len - gap), others, gap))
        else:
            text_rects = _stack_texts(text_r, titles + others, gap)
    else:
        x, y, w, h = inner
        options = ["poster-top", "poster-bottom"]
        if aspect >= 1.3:
            options += ["split-left", "split-right"]
        name = rng.choice(options)
        text_w = sum(_text_weight(s) for s in slots)
        if name.startswith("split"):
            share = min(0.6, max(0.42, 0.42 + 0.08 * text_w))
            tw = w * share
            if name == "split-left":
                text_r = (x, y, tw, h)
                asset_rect = (x + tw + gap, y, w - tw - gap, h)
            else:
                asset_rect = (x, y, w - tw - gap, h)
                text_r = (x + w - tw, y, tw, h)
            text_rects = _stack_texts(text_r, titles + others, gap)
        else:
            title_h = h * (min(0.34, 0.22 + 0.06 * sum(_text_weight(s) for s in titles)) if titles else 0.0)
            other_h = h * min(0.3, 0.12 * sum(_text_weight(s) / 0.5 for s in others))
            asset_h = h - title_h - other_h - gap * ((1 if titles else 0) + (1 if others else 0))
            if name == "poster-top":
                cur = y
                if titles:
                    text_rects.update(_stack_texts((x, cur, w, title_h), titles, gap))
                    cur += title_h + gap
                asset_rect = (x, cur, w, asset_h)
                cur += asset_h + gap
                if others:
                    text_rects.update(_stack_texts((x, cur, w, other_h), others, gap))
            else:
                asset_rect = (x, y, w, asset_h)
                cur = y + asset_h + gap
                text_rects.update(
                    _stack_texts(
                        (x, cur, w, title_h + other_h + (gap if titles and others else 0)), titles + others, gap
                    )
                )

    placed = arrange_grid(asset_rect, asset_count, rng) if asset_rect is not None and asset_count else []
    boxes = {sid: frac(r, width, height) for sid, r in text_rects.items()}
    assets = [(frac(p.box, width, height), round(p.rotation, 2), p.flip) for p in placed]
    return Layout(name, boxes, assets, asset_rect if asset_count else None, margin)
