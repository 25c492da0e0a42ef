"""Flowcharts and processes: step boxes joined by arrows.

The boxes go in a snake of ``cols × rows`` cells (row one left to right, row two right to left …);
every arrangement is tried and the one whose labels fit at the largest common size wins, so a
16:9 canvas gets a row, 9:16 a column and many steps a snake. "Start"/"End" steps are pills, a step
ending in "?" is a diamond; in a single row or column a decision also gets a "No" path back to the
step before it through a lane kept free below (or beside) the boxes. ``loop`` (cycles on strips)
adds a return arrow through that lane from the last step to the first.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    card,
    fit_text_box,
    fitted_size,
    line_metrics,
    readable,
    text_rect,
    tight_text,
    uniform,
    unit,
)
from openbanana.generators.compose.documents.diagram_data import Step
from openbanana.generators.compose.documents.diagram_parts import Look, Obstacles, Point, arrow_path, look, stroke_px
from openbanana.generators.compose.plan import Shape, TextElement

_TERMINAL = frozenset({"start", "begin", "end", "done", "finish", "finished", "stop", "complete", "completed"})


@dataclass(frozen=True)
class Node:
    rect: R
    step: Step
    shape: str  # box | pill | diamond
    row: int
    col: int

    def edge(self, side: str, gap: float) -> Point:
        r = self.rect
        return {
            "l": (r.x - gap, r.cy),
            "r": (r.r + gap, r.cy),
            "t": (r.cx, r.y - gap),
            "b": (r.cx, r.b + gap),
        }[side]


def _shape_of(step: Step) -> str:
    if step.decision:
        return "diamond"
    return "pill" if step.text.strip(" .!").lower() in _TERMINAL else "box"


def _inner(node: Node) -> R:
    r = node.rect
    inset = min(r.w, r.h) * 0.14
    return r.inset(inset + (r.h * 0.25 if node.shape == "pill" else 0.0), inset)


def _icon_box(node: Node) -> R:
    inner = _inner(node)
    side = inner.h * 0.9
    return R(inner.x, inner.cy - side / 2, side, side)


def _text_box(node: Node, icon: bool) -> R:
    r = node.rect
    if node.shape == "diamond":
        return R(r.x + r.w * 0.22, r.y + r.h * 0.24, r.w * 0.56, r.h * 0.52)
    inner = _inner(node)
    if icon:
        return inner.right_of(_icon_box(node).w, inner.h * 0.25)
    return inner


def _grid(body: R, steps: tuple[Step, ...], cols: int, rows: int, u: float) -> list[Node]:
    cell_w, cell_h = body.w / cols, body.h / rows
    node_w = cell_w * (0.72 if cols > 1 else 0.94)
    node_h = min(cell_h * (0.62 if rows > 1 else 0.78), node_w * 0.62, 7.5 * u)
    node_w = min(node_w, max(node_h * 3.4, 16 * u))
    nodes = []
    for i, step in enumerate(steps):
        row, k = divmod(i, cols)
        col = k if row % 2 == 0 else cols - 1 - k
        cx, cy = body.x + cell_w * (col + 0.5), body.y + cell_h * (row + 0.5)
        shape = _shape_of(step)
        w = node_w * (1.15 if shape == "diamond" else 1.0)
        h = node_h * (1.3 if shape == "diamond" else 1.0)
        h = min(h, cell_h * 0.92)
        nodes.append(Node(R(cx - w / 2, cy - h / 2, w, h), step, shape, row, col))
    return nodes


def _labels(
    sheet: Sheet, nodes: list[Node], looks: list[Look], icons: list[str | None], u: float, probe: bool = False
) -> list[TextElement]:
    """The step labels in their boxes at one common size (``probe``: for sizing only, no ids used)."""
    els = []
    for i, n in enumerate(nodes):
        ident = f"probe{i}" if probe else sheet.ident("step")
        box = _text_box(n, icons[i] is not None)
        els.append(fit_text_box(sheet.ctx, ident, n.step.text, box, 1.6 * u, bold=True, color=looks[i].ink))
    return uniform(sheet.ctx, els)


def _arrangements(n: int, loop: bool, aspect: float) -> list[tuple[int, int]]:
    if loop:
        return [(n, 1)] if aspect >= 1 else [(1, n)]
    return [(c, math.ceil(n / c)) for c in range(1, n + 1) if math.ceil(n / c) * c - n < c]


def draw_flow(
    sheet: Sheet, body: R, steps: tuple[Step, ...], style: int, loop: bool, icons: list[str | None] | None = None
) -> str:
    ctx = sheet.ctx
    u = unit(ctx)
    n = len(steps)
    icons = icons or [None] * n
    looks = [look(sheet, style, i) for i in range(n)]
    width = stroke_px(sheet)
    best: tuple[float, int, int, list[Node], R] | None = None
    for cols, rows in _arrangements(n, loop, body.w / max(1.0, body.h)):
        lane_below = rows == 1 and (loop or any(s.decision for s in steps[1:])) and cols > 1
        lane_right = cols == 1 and (loop or any(s.decision for s in steps[1:])) and rows > 1
        area = body
        if lane_below:
            area = R(body.x, body.y, body.w, body.h - min(body.h * 0.26, 4.5 * u))
        elif lane_right:
            area = R(body.x, body.y, body.w - min(body.w * 0.2, 3.0 * u), body.h)
        nodes = _grid(area, steps, cols, rows, u)
        size = min(fitted_size(ctx, el) for el in _labels(sheet, nodes, looks, icons, u, probe=True))
        # A single row or column reads most simply; among those, the one that follows the canvas.
        simple = rows == 1 or cols == 1
        follows = (rows == 1) == (body.w >= body.h)
        score = size * (1.0 if simple else 0.8) * (1.0 if follows else 0.75)
        if best is None or score > best[0]:
            best = (score, cols, rows, nodes, area)
    assert best is not None
    _score, cols, rows, nodes, area = best
    if any(_text_box(nd, True).w < 6 * u for nd in nodes):
        icons = [None] * n  # no room for an icon beside the words
    obstacles = Obstacles(rects=[nd.rect for nd in nodes])
    for i, node in enumerate(nodes):
        _node_shape(sheet, node, looks[i])
        icon = icons[i]
        if icon is not None and node.shape != "diamond":
            sheet.icon(icon, sheet.ident("icon"), _icon_box(node))
    for el in _labels(sheet, nodes, looks, icons, u):
        sheet.text(el)
    gap = 0.3 * u
    for a, b in itertools.pairwise(nodes):
        if a.row == b.row:
            pts = [a.edge("r", gap), b.edge("l", gap)] if b.col > a.col else [a.edge("l", gap), b.edge("r", gap)]
        else:
            pts = [a.edge("b", gap), b.edge("t", gap)]
        arrow_path(sheet, pts, looks[0].arrow, width)
        obstacles.add_path(pts)
    lane_y = area.b + (body.b - area.b) * 0.55
    lane_x = area.r + (body.r - area.r) * 0.5
    if loop and n > 1:
        first, last = nodes[0], nodes[-1]
        if rows == 1:
            pts = [last.edge("b", gap), (last.rect.cx, lane_y), (first.rect.cx, lane_y), first.edge("b", gap)]
        else:
            pts = [last.edge("r", gap), (lane_x, last.rect.cy), (lane_x, first.rect.cy), first.edge("r", gap)]
        arrow_path(sheet, pts, looks[0].arrow, width)
        obstacles.add_path(pts)
    elif rows == 1 or cols == 1:
        for i in range(1, n):
            if nodes[i].step.decision:
                _decision(sheet, nodes, i, rows == 1, (lane_y, lane_x), looks[0], width, obstacles)
    kind = "row" if rows == 1 else ("column" if cols == 1 else f"snake-{cols}x{rows}")
    return kind


def _node_shape(sheet: Sheet, node: Node, lk: Look) -> None:
    ctx = sheet.ctx
    r = node.rect
    sw = max(1.0, stroke_px(sheet) * 0.8) / ctx.short
    if node.shape == "diamond":
        pts = ((r.cx, r.y), (r.r, r.cy), (r.cx, r.b), (r.x, r.cy))
        sheet.shape(
            Shape(sheet.ident("node"), "polygon", ctx.box(r.x, r.y, r.w, r.h),
                  points=tuple((round(x / ctx.width, 5), round(y / ctx.height, 5)) for x, y in pts),
                  fill=lk.fill, stroke=lk.stroke, stroke_width=sw if lk.stroke else 0.0)
        )  # fmt: skip
        return
    radius = (0.5 * r.h if node.shape == "pill" else 0.18 * r.h) / ctx.short
    sheet.shape(card(ctx, sheet.ident("node"), r, lk.fill, radius=radius, stroke=lk.stroke,
                     stroke_width=sw if lk.stroke else 0.0))  # fmt: skip


def _decision(
    sheet: Sheet, nodes: list[Node], i: int, row: bool, lanes: tuple[float, float], lk: Look, width: float,
    obstacles: Obstacles,
) -> None:  # fmt: skip
    """The "No" path from decision ``i`` back to the step before it, through the free lane, and the
    "Yes"/"No" tags where they fit."""
    ctx = sheet.ctx
    u = unit(ctx)
    gap = 0.3 * u
    d, prev = nodes[i], nodes[i - 1]
    lane_y, lane_x = lanes
    if row:
        pts = [d.edge("b", gap), (d.rect.cx, lane_y), (prev.rect.cx, lane_y), prev.edge("b", gap)]
    else:
        pts = [d.edge("r", gap), (lane_x, d.rect.cy), (lane_x, prev.rect.cy), prev.edge("r", gap)]
    arrow_path(sheet, pts, lk.arrow, width, dashed=True)
    obstacles.add_path(pts)
    size = 1.05 * u
    tags: list[tuple[str, float, float, str]] = []
    if row:
        tags.append(("No", pts[0][0] + 0.4 * u, (pts[0][1] + pts[1][1]) / 2, "lm"))
    else:
        tags.append(("No", (pts[0][0] + pts[1][0]) / 2, pts[0][1] - 0.3 * u, "cb"))
    if i + 1 < len(nodes):
        nxt = nodes[i + 1]
        if row:
            tags.append(("Yes", (d.rect.r + nxt.rect.x) / 2, d.rect.cy - 0.35 * u, "cb"))
        else:
            tags.append(("Yes", d.rect.cx + 0.4 * u, (d.rect.b + nxt.rect.y) / 2, "lm"))
    for text, x, y, anchor in tags:
        tw, th = line_metrics(text, True, size)
        if tw > 0 and th > 0:
            el = tight_text(
                ctx,
                sheet.ident("tag"),
                text,
                x,
                y,
                size,
                anchor=anchor,
                color=readable(sheet.ctx.theme.muted, sheet.ctx.theme.surface),
                bold=True,
            )
            if obstacles.clear(text_rect(ctx, el), 1.0):
                sheet.text(el)
                obstacles.rects.append(text_rect(ctx, el))
