"""Pieces the diagram layouts share: node colours, label chips, arrows and collision bookkeeping."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    area_root,
    card,
    ink_on,
    line,
    line_metrics,
    polyline,
    readable,
    segment_hits_rect,
    text_rect,
    tight_text,
)
from openbanana.generators.compose.plan import TextElement

Point = tuple[float, float]


@dataclass(frozen=True)
class Look:
    """Colours of nodes, chips and arrows for one of three seeded looks: filled accent nodes, white
    nodes with an accent outline, or tinted nodes."""

    fill: str
    stroke: str | None
    ink: str
    arrow: str
    chip_fill: str
    chip_stroke: str
    chip_ink: str
    accent: str


def look(sheet: Sheet, style: int, index: int = 0) -> Look:
    t = sheet.ctx.theme
    accent = t.accents[index % len(t.accents)] if style != 1 else t.accents[0]
    surface = t.surface
    if style == 0:
        fill, stroke = accent, None
    elif style == 1:
        fill, stroke = surface, accent
    else:
        fill, stroke = C.mix(surface, accent, 0.2), None
    ink = readable(ink_on(fill), fill)
    arrow = C.mix(surface, t.ink, 0.55)
    chip_fill = C.mix(surface, accent, 0.1)
    return Look(fill, stroke, ink, arrow, chip_fill, accent, readable(t.ink, chip_fill), accent)


def stroke_px(sheet: Sheet) -> float:
    return max(1.2, 0.0045 * area_root(sheet.ctx))


@dataclass
class Obstacles:
    """What a label must not touch: rectangles (nodes, other labels) and segments (arrows, lines)."""

    rects: list[R] = field(default_factory=list)
    segments: list[tuple[Point, Point]] = field(default_factory=list)

    def clear(self, box: R, pad: float) -> bool:
        if any(box.overlaps(r, pad) for r in self.rects):
            return False
        return not any(segment_hits_rect(p, q, box, pad) for p, q in self.segments)

    def add_path(self, pts: Sequence[Point]) -> None:
        self.segments.extend(itertools.pairwise(pts))


@dataclass(frozen=True)
class Chip:
    text: TextElement
    rect: R


def chip(sheet: Sheet, text: str, cx: float, cy: float, size: float, lk: Look, anchor: str = "cm") -> Chip:
    """A label on a rounded chip; (cx, cy) is the chip's point named by ``anchor`` (l|c|r, t|m|b)."""
    ctx = sheet.ctx
    tw, th = line_metrics(text, False, size)
    padx, pady = 0.6 * size, 0.28 * size
    w, h = tw + 2 * padx, th + 2 * pady
    x = {"l": cx, "c": cx - w / 2, "r": cx - w}[anchor[0]]
    y = {"t": cy, "m": cy - h / 2, "b": cy - h}[anchor[1]]
    el = tight_text(ctx, "probe", text, x + w / 2, y + h / 2, size, anchor="cm", color=lk.chip_ink)
    tr = text_rect(ctx, el)
    return Chip(el, R(min(x, tr.x - padx * 0.5), min(y, tr.y - pady * 0.5), max(w, tr.w + padx), max(h, tr.h + pady)))


def commit_chip(sheet: Sheet, c: Chip, lk: Look, prefix: str = "label") -> TextElement:
    ctx = sheet.ctx
    sheet.shape(
        card(ctx, sheet.ident("chip"), c.rect, lk.chip_fill, radius=0.5 * c.rect.h / ctx.short, shadow=False,
             stroke=lk.chip_stroke, stroke_width=max(1.0, 0.0022 * area_root(ctx)) / ctx.short, layer=1)
    )  # fmt: skip
    el = replace(c.text, id=sheet.ident(prefix))
    return sheet.text(el)


def arrow_path(sheet: Sheet, pts: Sequence[Point], color: str, width: float, *, dashed: bool = False) -> None:
    """A polyline ending in an arrowhead at its last point."""
    ctx = sheet.ctx
    if len(pts) < 2:
        return
    if len(pts) > 2:
        sheet.shape(polyline(ctx, sheet.ident("path"), list(pts[:-1]), color, width, dashed=dashed))
    (x0, y0), (x1, y1) = pts[-2], pts[-1]
    sheet.shape(line(ctx, sheet.ident("arrow"), x0, y0, x1, y1, color, width, kind="arrow", dashed=dashed))
