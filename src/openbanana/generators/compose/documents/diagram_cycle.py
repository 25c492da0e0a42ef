"""Cycles: the stages around an ellipse, curved arrows from each stage to the next.

Each stage is a round badge holding the icon its words suggest (sun for evaporation, cloud for
condensation …) or its number, with its label on a chip beside it: outward from the centre first,
then below, above, right or left, whichever is the first clear of every badge, arrow and other chip.
When some label finds no clear spot the whole ring is tried again smaller; strips and rings that
never fit become a row or column of stages with a return arrow (:func:`.diagram_flow.draw_flow`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from openbanana.generators.compose.documents.chart_kit import R, Sheet, readable, tight_text, unit
from openbanana.generators.compose.documents.diagram_data import Step
from openbanana.generators.compose.documents.diagram_flow import draw_flow
from openbanana.generators.compose.documents.diagram_parts import (
    Chip,
    Look,
    Obstacles,
    Point,
    arrow_path,
    chip,
    commit_chip,
    look,
    stroke_px,
)
from openbanana.generators.compose.documents.infographic_icons import icons_for_text
from openbanana.generators.compose.plan import Shape


@dataclass
class Ring:
    centres: list[Point]
    radius: float
    arcs: list[list[Point]]
    chips: list[Chip]
    #: Labels that had to leave the outward spot and ended up as near another stage as their own.
    misplaced: int = 0
    #: Label size as a multiple of the body text size.
    scale: float = 1.0


def _arc(
    centre: Point, radii: tuple[float, float], a0: float, a1: float, clear: float, p0: Point, p1: Point
) -> list[Point]:
    """Points along the ellipse from angle a0 to a1 (degrees, clockwise from 12 o'clock), cut back at
    both ends until ``clear`` px from the stage centres p0 and p1."""
    cx, cy = centre
    rx, ry = radii

    def at(a: float) -> Point:
        t = math.radians(a)
        return cx + rx * math.sin(t), cy - ry * math.cos(t)

    step = 0.5
    t0 = a0
    while t0 < a1 and math.dist(at(t0), p0) < clear:
        t0 += step
    t1 = a1
    while t1 > t0 and math.dist(at(t1), p1) < clear:
        t1 -= step
    if t1 - t0 < 4:
        return []
    count = max(6, int((t1 - t0) / 3))
    return [at(t0 + (t1 - t0) * k / count) for k in range(count + 1)]


def _spots(p: Point, angle: float, r: float, gap: float) -> list[tuple[float, float, str]]:
    dx, dy = math.sin(math.radians(angle)), -math.cos(math.radians(angle))
    ax = "l" if dx > 0.38 else ("r" if dx < -0.38 else "c")
    ay = "t" if dy > 0.38 else ("b" if dy < -0.38 else "m")
    d = r + gap
    x, y = p
    return [
        (x + dx * d, y + dy * d, ax + ay),
        (x, y + d, "ct"),
        (x, y - d, "cb"),
        (x + d, y, "lm"),
        (x - d, y, "rm"),
    ]


def _ring(
    sheet: Sheet, body: R, steps: tuple[Step, ...], lk: Look, scale: float, spread: tuple[float, float], turn: float
) -> Ring | None:
    """Stages on an ellipse whose radii are ``spread`` × what the body allows across and down, labels
    at ``scale`` × the body text size; None when some label finds no clear spot."""
    u = unit(sheet.ctx)
    n = len(steps)
    size = 1.15 * u * scale
    probes = [chip(sheet, s.text, 0, 0, size, lk).rect for s in steps]
    chip_w, chip_h = max(r.w for r in probes), max(r.h for r in probes)
    base = min(body.w, body.h)
    radius = base * (0.12 if n <= 4 else (0.1 if n <= 6 else 0.08))
    gap = 0.45 * u
    # spread[0] ≤ 0: leave room for the widest label beside the stages at 3 and 9 o'clock.
    room_x = body.w / 2 - radius - gap
    rx = room_x * spread[0] if spread[0] > 0 else (room_x - chip_w) * -spread[0]
    ry = (body.h / 2 - radius - gap - chip_h) * spread[1]
    rx, ry = min(rx, ry * 2.2), min(ry, rx * 2.2)
    # A narrow ring takes smaller stages rather than no ring at all.
    radius = min(radius, max(min(rx, ry) / 1.6, base * 0.07))
    if min(rx, ry) < radius * 1.6:
        return None
    centre = (body.cx, body.cy)
    angles = [turn + 360.0 * i / n for i in range(n)]
    centres = [(centre[0] + rx * math.sin(math.radians(a)), centre[1] - ry * math.cos(math.radians(a))) for a in angles]
    head = stroke_px(sheet) * 4
    arcs = []
    for i in range(n):
        j = (i + 1) % n
        pts = _arc(centre, (rx, ry), angles[i], angles[i] + 360.0 / n, radius + gap * 0.6 + head * 0.3,
                   centres[i], centres[j])  # fmt: skip
        if len(pts) < 2:
            return None
        arcs.append(pts)
    obstacles = Obstacles(rects=[R(x - radius, y - radius, 2 * radius, 2 * radius) for x, y in centres])
    for pts in arcs:
        obstacles.add_path(pts)
    chips: list[Chip] = []
    misplaced = 0
    for i, step in enumerate(steps):
        for k, (x, y, anchor) in enumerate(_spots(centres[i], angles[i], radius, gap)):
            c = chip(sheet, step.text, x, y, size, lk, anchor)
            if body.contains(c.rect) and obstacles.clear(c.rect, 0.25 * u):
                chips.append(c)
                obstacles.rects.append(c.rect)
                misplaced += k > 0 and not _own_side(c.rect, centres, i)
                break
        else:
            return None
    # Centre what was drawn (odd stage counts leave more room on one side than the other).
    boxes = [c.rect for c in chips] + [R(x - radius, y - radius, 2 * radius, 2 * radius) for x, y in centres]
    left, right = min(b.x for b in boxes), max(b.r for b in boxes)
    top, bottom = min(b.y for b in boxes), max(b.b for b in boxes)
    dx, dy = body.cx - (left + right) / 2, body.cy - (top + bottom) / 2
    return Ring(
        [(x + dx, y + dy) for x, y in centres],
        radius,
        [[(x + dx, y + dy) for x, y in pts] for pts in arcs],
        [_moved(sheet, c, dx, dy) for c in chips],
        misplaced,
        scale,
    )


def _own_side(r: R, centres: list[Point], i: int) -> bool:
    """Whether a chip is nearer its own stage than any other (it reads as that stage's label)."""
    dists = [math.dist((r.cx, r.cy), c) for c in centres]
    return min(dists) == dists[i] and all(d > dists[i] * 1.25 for k, d in enumerate(dists) if k != i)


def _moved(sheet: Sheet, c: Chip, dx: float, dy: float) -> Chip:
    ctx = sheet.ctx
    b = c.text.box
    box = replace(b, x=round(b.x + dx / ctx.width, 5), y=round(b.y + dy / ctx.height, 5))
    return Chip(replace(c.text, box=box), R(c.rect.x + dx, c.rect.y + dy, c.rect.w, c.rect.h))


def draw_cycle(sheet: Sheet, body: R, steps: tuple[Step, ...], style: int) -> str:
    ctx = sheet.ctx
    icons = [next(iter(icons_for_text(s.text)), None) for s in steps]
    aspect = body.w / max(1.0, body.h)
    lk = look(sheet, style)
    ring = None
    if 1 / 3.2 < aspect < 3.2 and len(steps) >= 2:
        # The largest ring whose labels all sit clearly by their own stage; failing that, the one
        # with the fewest ambiguous labels.
        # Stage one at 12 o'clock first; turned by half a step, no stage sits at 3 or 9 o'clock, where
        # a label needs the most width.
        tries = [(x, y, t) for t in (0.0, 180.0 / len(steps)) for x in (1.0, -1.0, 0.85, -0.9, 0.7) for y in (1.0, 0.8)]
        for scale in (1.2, 1.0, 0.85, 0.7, 0.55):
            for x, y, turn in tries:
                attempt = _ring(sheet, body, steps, lk, scale, (x, y), turn)
                if attempt is not None and (ring is None or attempt.misplaced < ring.misplaced):
                    ring = attempt
                if ring is not None and ring.misplaced == 0:
                    break
            if ring is not None and ring.misplaced == 0:
                break
    if ring is not None and ring.scale <= 0.7 and not 0.8 <= aspect <= 1.8:
        ring = None  # a cramped ring on a long canvas reads worse than a row or column with a loop
    if ring is None:
        return "loop-" + draw_flow(sheet, body, steps, style, loop=True, icons=icons)
    width = stroke_px(sheet)
    for pts in ring.arcs:
        arrow_path(sheet, pts, lk.arrow, width)
    r = ring.radius
    for i, (x, y) in enumerate(ring.centres):
        node = look(sheet, style, i)
        sheet.shape(
            Shape(sheet.ident("stage"), "ellipse", ctx.box(x - r, y - r, 2 * r, 2 * r), fill=node.fill,
                  stroke=node.stroke, stroke_width=(width / ctx.short) if node.stroke else 0.0, shadow=True)
        )  # fmt: skip
        icon = icons[i]
        if icon is not None:
            side = r * 1.25
            sheet.icon(icon, sheet.ident("icon"), R(x - side / 2, y - side / 2, side, side))
        else:
            ink = readable(node.ink, node.fill)
            sheet.text(tight_text(ctx, sheet.ident("number"), str(i + 1), x, y, r * 0.9, anchor="cm", color=ink,
                                  bold=True))  # fmt: skip
    for c in ring.chips:
        commit_chip(sheet, c, lk)
    return "ring"
