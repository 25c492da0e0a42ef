"""Line charts and pie/donut charts.

Line points sit at the centres of the category slots of a shared value axis (see
:func:`.chart_bars.vertical_frame`); each value label tries a few spots around its point and takes
the first that clears the line, the markers and the other labels. Pie wedges start at 12 o'clock and
run clockwise in prompt order, each spanning ``360° × value / total``; a legend (swatch, label,
value) sits beside or below the pie, whichever leaves the larger pie, and shares go inside the
wedges only where they fit and contrast.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

from openbanana.generators.compose.documents.chart_bars import Frame, palette, vertical_frame
from openbanana.generators.compose.documents.chart_data import Dataset, format_value
from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    area_root,
    card,
    fit_text_box,
    fits_contrast,
    ink_on,
    line_metrics,
    polyline,
    segment_hits_rect,
    text_rect,
    tight_text,
    unit,
)
from openbanana.generators.compose.plan import Shape


def _value_list(sheet: Sheet, body: R, ds: Dataset) -> None:
    """The data as a two-column table (label left, value right) filling ``body`` from the top."""
    ctx = sheet.ctx
    u = unit(ctx)
    pal = palette(sheet)
    n = len(ds.data)
    size = min(u, body.h / (n * 1.9))
    need = max(line_metrics(d.label, False, size)[0] + line_metrics(d.display, True, size)[0] for d in ds.data)
    if need + size > body.w:
        size *= body.w / (need + size)
    lh = line_metrics("Ag", False, size)[1]
    row = lh * 1.7
    y = body.y
    for i, d in enumerate(ds.data):
        sheet.text(tight_text(ctx, sheet.ident("cat"), d.label, body.x, y + (row - lh) / 2, size, color=pal.ink))
        sheet.text(
            tight_text(ctx, sheet.ident("value"), d.display, body.r, y + (row - lh) / 2, size, anchor="rt",
                       color=pal.ink, bold=True)
        )  # fmt: skip
        if i < n - 1:
            sheet.shape(Shape(sheet.ident("rowline"), "line", ctx.box(body.x, y + row, body.w, 0), stroke=pal.grid,
                              stroke_width=max(1.0, 0.0012 * area_root(ctx)) / ctx.short))  # fmt: skip
        y += row


def _label_spots(x: float, y: float, r: float, gap: float) -> list[tuple[float, float, str]]:
    return [
        (x, y - r - gap, "cb"),
        (x, y + r + gap, "ct"),
        (x + r + gap, y - r - gap * 0.5, "lb"),
        (x - r - gap, y - r - gap * 0.5, "rb"),
        (x + r + gap, y + r + gap * 0.5, "lt"),
        (x - r - gap, y + r + gap * 0.5, "rt"),
    ]


def _point_labels(sheet: Sheet, frame: Frame, ds: Dataset, pts: list[tuple[float, float]], r: float) -> int:
    """Value labels next to the points, each clear of the line, the markers and the other labels;
    returns how many found no spot."""
    ctx = sheet.ctx
    pal = palette(sheet)
    u = unit(ctx)
    segments = list(itertools.pairwise(pts))
    markers = [R(x - r, y - r, 2 * r, 2 * r) for x, y in pts]
    placed: list[R] = []
    bounds = R(
        frame.plot.x - frame.pitch * 0.5, frame.plot.y - 2.5 * u, frame.plot.w + frame.pitch, frame.plot.h + 2.5 * u
    )
    missed = 0
    for (x, y), d in zip(pts, ds.data, strict=True):
        for sx, sy, anchor in _label_spots(x, y, r, 0.35 * u):
            el = tight_text(ctx, "probe", d.display, sx, sy, frame.value_size, anchor=anchor, color=pal.ink, bold=True)
            box = text_rect(ctx, el)
            if not bounds.contains(box) or box.b > frame.plot.b - 1:
                continue
            if any(segment_hits_rect(p, q, box, 1.5) for p, q in segments):
                continue
            if any(box.overlaps(o, 2.0) for o in placed + markers):
                continue
            placed.append(box)
            sheet.text(replace(el, id=sheet.ident("value")))
            sheet.backing(sheet.texts[-1], pal.surface, grow=1.0)
            break
        else:
            missed += 1
    return missed


def draw_line(sheet: Sheet, body: R, ds: Dataset, color: str, dashed: bool) -> str:
    ctx = sheet.ctx
    u = unit(ctx)
    aspect = body.w / max(1.0, body.h)
    name = "plot"
    plot_body = body
    if aspect < 0.75:
        name = "stacked"
        plot_body = R(body.x, body.y, body.w, min(body.h * 0.55, body.w * 1.8))
    frame = vertical_frame(sheet, plot_body, ds, dashed)
    if frame is None:
        _value_list(sheet, body, ds)
        return "table"
    pts = [(frame.slots[i], frame.y(d.value)) for i, d in enumerate(ds.data)]
    width = max(1.5, 0.0055 * area_root(ctx))
    base_y = frame.y(max(frame.axis.start, min(0.0, frame.axis.stop)))
    area = [*pts, (pts[-1][0], base_y), (pts[0][0], base_y)]
    sheet.shape(polyline(ctx, "area", area, color, 0.0, kind="polygon", fill=color, opacity=0.14))
    sheet.shape(polyline(ctx, "line", pts, color, width))
    r = max(2.0, width * 1.35)
    surface = palette(sheet).surface
    for x, y in pts:
        sheet.shape(
            Shape(sheet.ident("point"), "ellipse", ctx.box(x - r, y - r, 2 * r, 2 * r), fill=surface, stroke=color,
                  stroke_width=width * 0.8 / ctx.short)
        )  # fmt: skip
    _point_labels(sheet, frame, ds, pts, r + width * 0.4)
    if name == "stacked":
        rest = body.below(plot_body.h, 1.2 * u)
        if rest.h > 2 * u:
            _value_list(sheet, rest, ds)
    return name


# -- pie -------------------------------------------------------------------------------------------


def _legend_size(ds: Dataset, shares: list[str], rect: R, s0: float) -> tuple[float, int]:
    """The text size and column count at which the legend fits ``rect`` best."""
    n = len(ds.data)
    ew = 1.7 + max(line_metrics(d.label, False, 1.0)[0] for d in ds.data)
    ew += 1.1 + max(line_metrics(t, True, 1.0)[0] for t in shares) if shares else 0.0
    rh = line_metrics("Ag", False, 1.0)[1] * 1.6
    best = (0.0, 1)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        s = min(s0, rect.w / (cols * ew + (cols - 1) * 1.5), rect.h / (rows * rh))
        if s > best[0] + 1e-9:
            best = (s, cols)
    return best


def _legend_extent(ds: Dataset, shares: list[str], size: float, cols: int) -> tuple[float, float]:
    n = len(ds.data)
    rows = math.ceil(n / cols)
    ew = size * 1.7 + max(line_metrics(d.label, False, size)[0] for d in ds.data)
    ew += size * 1.1 + max(line_metrics(t, True, size)[0] for t in shares) if shares else 0.0
    return cols * ew + (cols - 1) * 1.5 * size, rows * line_metrics("Ag", False, size)[1] * 1.6


def _legend(sheet: Sheet, rect: R, ds: Dataset, shares: list[str], colors: list[str], size: float, cols: int) -> None:
    ctx = sheet.ctx
    pal = palette(sheet)
    n = len(ds.data)
    rows = math.ceil(n / cols)
    ew, _h = _legend_extent(ds, shares, size, 1)
    rh = line_metrics("Ag", False, size)[1] * 1.6
    total_w = cols * ew + (cols - 1) * 1.5 * size
    x0 = rect.x + (rect.w - total_w) / 2
    y0 = rect.y + (rect.h - rows * rh) / 2
    lh = line_metrics("Ag", False, size)[1]
    for i, d in enumerate(ds.data):
        col, row = divmod(i, rows)
        x = x0 + col * (ew + 1.5 * size)
        cy = y0 + row * rh + rh / 2
        sw = size * 0.95
        sheet.shape(
            card(
                ctx,
                sheet.ident("swatch"),
                R(x, cy - sw / 2, sw, sw),
                colors[i],
                radius=0.25 * sw / ctx.short,
                shadow=False,
            )
        )
        sheet.text(tight_text(ctx, sheet.ident("legend"), d.label, x + size * 1.7, cy - lh / 2, size, color=pal.ink))
        if shares:
            sheet.text(
                tight_text(
                    ctx, sheet.ident("value"), shares[i], x + ew, cy - lh / 2, size, anchor="rt", color=pal.ink,
                    bold=True,
                )
            )  # fmt: skip


def _in_sector(box: R, cx: float, cy: float, r_in: float, r_out: float, a0: float, a1: float) -> bool:
    for px, py in ((box.x, box.y), (box.r, box.y), (box.x, box.b), (box.r, box.b)):
        dist = math.hypot(px - cx, py - cy)
        angle = math.degrees(math.atan2(px - cx, cy - py)) % 360
        if not (r_in <= dist <= r_out and a0 <= angle <= a1):
            return False
    return True


def draw_pie(sheet: Sheet, body: R, ds: Dataset, colors: list[str], hole: float) -> str:
    ctx = sheet.ctx
    u = unit(ctx)
    pal = palette(sheet)
    values = [max(0.0, d.value) for d in ds.data]
    total = sum(values) or 1.0
    shares = [d.display for d in ds.data]
    gap = 1.2 * u
    options = []
    for f in (0.34, 0.42, 0.5, 0.58):
        side_rect = R(body.r - body.w * f, body.y, body.w * f, body.h)
        side = min(body.h, body.w - side_rect.w - gap)
        below_rect = R(body.x, body.b - body.h * f, body.w, body.h * f)
        below = min(body.w, body.h - below_rect.h - gap)
        for kind, legend_rect, pie_side in (("side", side_rect, side), ("below", below_rect, below)):
            s, cols = _legend_size(ds, shares, legend_rect, u)
            score = pie_side * (1.0 if s >= 0.8 * u else (s / u) ** 2)
            options.append((score, kind, legend_rect, pie_side, s, cols))
    _score, kind, legend_rect, side, s, cols = max(options, key=lambda o: o[0])
    side = max(4.0, side)
    if s < 4.5:
        # Text cannot be set smaller than the renderer's 4 px: on a sliver of a canvas the legend
        # names the slices and leaves their values to the wedges.
        shares = []
        s, cols = _legend_size(ds, shares, legend_rect, u)
        s = max(s, 4.0)
    # The pie and the legend as one group, centred in the body.
    lw, lh = _legend_extent(ds, shares, s, cols)
    if kind == "side":
        x = body.x + max(0.0, (body.w - side - gap * 1.5 - lw) / 2)
        pie = R(x, body.y + (body.h - side) / 2, side, side)
        legend_rect = R(pie.r + gap * 1.5, body.y, lw, body.h)
    else:
        y = body.y + max(0.0, (body.h - side - gap - lh) / 2)
        pie = R(body.x + (body.w - side) / 2, y, side, side)
        legend_rect = R(body.x, pie.b + gap, body.w, lh)
    cx, cy, radius = pie.cx, pie.cy, side / 2
    start = 0.0
    sep = max(1.0, 0.004 * area_root(ctx))
    for i, v in enumerate(values):
        end = start + 360.0 * v / total
        if end > start:
            sheet.shape(
                Shape(sheet.ident("wedge"), "wedge", ctx.box(pie.x, pie.y, pie.w, pie.h), fill=colors[i],
                      stroke=pal.surface if len(values) > 1 else None, stroke_width=sep / ctx.short,
                      start=start, end=end, inner=hole)
            )  # fmt: skip
            _wedge_label(sheet, ds, i, v / total, (cx, cy, radius), (start, end), hole, colors[i])
        start = end
    if hole > 0:
        _donut_centre(sheet, ds, (cx, cy, radius * hole))
    _legend(sheet, legend_rect, ds, shares, colors, s, cols)
    return kind


def _wedge_label(
    sheet: Sheet, ds: Dataset, i: int, share: float, circle: tuple[float, float, float], span: tuple[float, float],
    hole: float, fill: str,
) -> None:  # fmt: skip
    ctx = sheet.ctx
    cx, cy, radius = circle
    a0, a1 = span
    text = ds.data[i].display if ds.percent else f"{round(share * 100)}%"
    ink = ink_on(fill)
    if not fits_contrast(ink, fill):
        return
    mid = math.radians((a0 + a1) / 2)
    rr = radius * ((hole + 1) / 2 if hole else 0.62)
    size = min(unit(ctx) * 1.05, radius * 0.16)
    el = tight_text(ctx, sheet.ident("share"), text, cx + rr * math.sin(mid), cy - rr * math.cos(mid), size,
                    anchor="cm", color=ink, bold=True)  # fmt: skip
    margin = radius * 0.04
    if size >= 5 and _in_sector(text_rect(ctx, el), cx, cy, radius * hole + margin, radius - margin, a0 + 2, a1 - 2):
        sheet.text(el)


def _donut_centre(sheet: Sheet, ds: Dataset, circle: tuple[float, float, float]) -> None:
    ctx = sheet.ctx
    pal = palette(sheet)
    cx, cy, r = circle
    side = 2 * r * 0.68
    if side < 3.0 * unit(ctx) or side < 24:
        return
    if ds.percent:
        top = max(ds.data, key=lambda d: d.value)
        big, small = top.display, top.label
    else:
        big = format_value(sum(d.value for d in ds.data) / ds.mult, ds.decimals, ds.prefix, ds.suffix)
        small = "Total"
    el = sheet.text(
        fit_text_box(ctx, "centre", big, R(cx - side / 2, cy - side / 2, side, side * 0.55), side * 0.4,
                     color=pal.ink, bold=True)
    )  # fmt: skip
    top_y = text_rect(ctx, el).b + side * 0.02
    sheet.text(fit_text_box(ctx, "centre-caption", small, R(cx - side / 2, top_y, side, side * 0.28), side * 0.16,
                            color=pal.muted))  # fmt: skip
