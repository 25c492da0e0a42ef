"""Bar charts and the value axis they share with line charts.

Three arrangements, picked from the plot area's shape and the labels' lengths:

* ``vertical``: columns over category labels, value axis with nice ticks on the left;
* ``horizontal``: rows with the category labels right-aligned on the left and the values at the
  bar ends (wide strips, long labels, or when asked for);
* ``list``: on tall, narrow areas each row is a label line (name left, value right) over a bar on a
  faint full-length track.

Bar lengths are exactly ``value / axis span`` of the plot (axes start at zero unless values are
negative), so pixel measurements reproduce the data's ratios.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.chart_data import Dataset
from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    card,
    fit_text_box,
    fitted_size,
    line,
    line_metrics,
    readable,
    tight_text,
    uniform,
    unit,
)
from openbanana.generators.compose.plan import TextElement


@dataclass(frozen=True)
class Axis:
    start: float
    stop: float
    step: float

    def ticks(self) -> list[float]:
        count = round((self.stop - self.start) / self.step)
        return [self.start + i * self.step for i in range(count + 1)]

    def frac(self, v: float) -> float:
        return (v - self.start) / (self.stop - self.start)


def nice_axis(lo: float, hi: float, max_ticks: int) -> Axis:
    """An axis from ≤ lo to ≥ hi in steps of 1, 2, 2.5 or 5 × 10ⁿ with at most ``max_ticks`` ticks."""
    lo, hi = min(0.0, lo), max(0.0, hi)
    if hi - lo <= 0:
        hi = lo + 1.0
    span = hi - lo
    intervals = max(1, max_ticks - 1)
    mag = 10 ** math.floor(math.log10(span / intervals))
    step = mag
    for m in (1.0, 2.0, 2.5, 5.0, 10.0, 20.0):
        step = m * mag
        if math.ceil(hi / step - 1e-9) - math.floor(lo / step + 1e-9) <= intervals:
            break
    return Axis(math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step, step)


@dataclass
class Palette:
    ink: str
    muted: str
    grid: str
    base: str
    surface: str


def palette(sheet: Sheet) -> Palette:
    t = sheet.ctx.theme
    return Palette(
        ink=readable(t.ink, t.surface),
        muted=readable(t.muted, t.surface),
        grid=C.mix(t.surface, t.ink, 0.12),
        base=C.mix(t.surface, t.ink, 0.45),
        surface=t.surface,
    )


@dataclass
class Frame:
    """A vertical value axis and category slots: where bars and line points go."""

    plot: R
    axis: Axis
    slots: list[float]
    pitch: float
    value_size: float

    def y(self, v: float) -> float:
        return self.plot.b - self.axis.frac(v) * self.plot.h


def vertical_frame(sheet: Sheet, body: R, ds: Dataset, dashed: bool, value_room: bool = True) -> Frame | None:
    """Axis, grid and category labels for columns or a line; None when the labels would have to
    shrink below ~60% of the body size (the caller then lays the data out another way)."""
    ctx = sheet.ctx
    u = unit(ctx)
    pal = palette(sheet)
    n = len(ds.data)
    values = [d.value for d in ds.data]
    lab, tick_px = u, 0.85 * u
    val = 0.95 * u
    vh = line_metrics("0", False, val)[1] if value_room else 0.0
    lab_h = line_metrics("Ag", False, lab)[1]
    tick_h = line_metrics("0", False, tick_px)[1]
    gap = 0.45 * u
    # Category labels: one line when every label fits its slot, else two.
    est_pitch = body.w * 0.88 / n
    one_line = all(line_metrics(d.label, False, lab)[0] <= est_pitch * 0.94 for d in ds.data)
    cat_h = lab_h * (1.05 if one_line else 2.1)
    neg_room = vh + gap if min(values) < 0 else 0.0
    plot_h = body.h - vh - gap - cat_h - gap - neg_room
    if plot_h < 2 * u:
        return None
    show_ticks = plot_h >= 3.2 * tick_h
    max_ticks = max(2, min(6, int(plot_h / (tick_h * 2.4)) + 1)) if show_ticks else 2
    axis = nice_axis(min(values), max(values), max_ticks)
    labels = [ds.tick(v, axis.step) for v in axis.ticks()]
    tick_w = max(line_metrics(t, False, tick_px)[0] for t in labels) + gap if show_ticks else 0.0
    plot = R(body.x + tick_w + gap * 0.5, body.y + vh + gap, body.w - tick_w - gap, plot_h)
    pitch = plot.w / n
    # Value labels shrink to the slot width.
    widest = max(line_metrics(d.display, False, val)[0] for d in ds.data)
    value_size = min(val, val * pitch * 0.94 / max(widest, 1e-6))
    frame = Frame(plot, axis, [plot.x + pitch * (i + 0.5) for i in range(n)], pitch, value_size)
    cats: list[TextElement] = []
    top = plot.b + gap + neg_room
    for i, d in enumerate(ds.data):
        rect = R(frame.slots[i] - pitch * 0.47, top, pitch * 0.94, cat_h)
        cats.append(fit_text_box(ctx, sheet.ident("cat"), d.label, rect, lab, color=pal.ink))
    cats = uniform(ctx, cats)
    if min(fitted_size(ctx, c) for c in cats) < 0.6 * lab and n > 1:
        return None
    for c in cats:
        sheet.text(c)
    width = max(1.0, 0.0016 * (ctx.width * ctx.height) ** 0.5)
    for v, text in zip(axis.ticks(), labels, strict=True):
        y = frame.y(v)
        if show_ticks:
            sheet.text(
                tight_text(ctx, sheet.ident("tick"), text, plot.x - gap, y, tick_px, anchor="rm", color=pal.muted)
            )
        if abs(v) > 1e-12 and show_ticks:
            sheet.shape(line(ctx, sheet.ident("grid"), plot.x, y, plot.r, y, pal.grid, width, dashed=dashed))
    y0 = frame.y(0.0)
    sheet.shape(line(ctx, "baseline", plot.x, y0, plot.r, y0, pal.base, width * 1.6))
    return frame


def _bar(sheet: Sheet, r: R, color: str, rounding: float, horizontal: bool) -> None:
    thick = r.h if horizontal else r.w
    radius = rounding * thick / sheet.ctx.short
    sheet.shape(card(sheet.ctx, sheet.ident("bar"), r, color, radius=radius, shadow=False))


def _value_label(sheet: Sheet, text: str, x: float, y: float, size: float, anchor: str) -> TextElement:
    pal = palette(sheet)
    el = sheet.text(
        tight_text(sheet.ctx, sheet.ident("value"), text, x, y, size, anchor=anchor, color=pal.ink, bold=True)
    )
    sheet.backing(el, pal.surface)
    return el


def _vertical(
    sheet: Sheet, body: R, ds: Dataset, colors: list[str], ratio: float, rounding: float, dashed: bool
) -> bool:
    frame = vertical_frame(sheet, body, ds, dashed)
    if frame is None:
        return False
    u = unit(sheet.ctx)
    bw = min(frame.pitch * ratio, frame.plot.w * 0.3)
    y0 = frame.y(0.0)
    for i, d in enumerate(ds.data):
        cx = frame.slots[i]
        y1 = frame.y(d.value)
        top, height = min(y0, y1), abs(y1 - y0)
        if height > 0:
            _bar(sheet, R(cx - bw / 2, top, bw, height), colors[i], rounding, False)
        if d.value >= 0:
            _value_label(sheet, d.display, cx, top - 0.3 * u, frame.value_size, "cb")
        else:
            _value_label(sheet, d.display, cx, top + height + 0.3 * u, frame.value_size, "ct")
    return True


def _horizontal(
    sheet: Sheet, body: R, ds: Dataset, colors: list[str], ratio: float, rounding: float, dashed: bool
) -> bool:
    ctx = sheet.ctx
    u = unit(ctx)
    pal = palette(sheet)
    n = len(ds.data)
    values = [d.value for d in ds.data]
    gap = 0.5 * u
    tick_px = 0.85 * u
    tick_h = line_metrics("0", False, tick_px)[1]
    lab_h = line_metrics("Ag", False, u)[1]
    show_ticks = body.h >= n * lab_h * 1.5 + 2.4 * tick_h
    plot_h = body.h - (tick_h + gap if show_ticks else 0.0)
    pitch = plot_h / n
    size = min(u, pitch * 0.8 / (lab_h / u))
    if size < 0.45 * u:
        return False
    val_size = size * 0.95
    vw = max(line_metrics(d.display, True, val_size)[0] for d in ds.data) + gap
    widths = [line_metrics(d.label, False, size)[0] for d in ds.data]
    lw = min(max(widths), body.w * 0.34)
    neg = min(values) < 0
    plot = R(body.x + lw + gap, body.y, body.w - lw - gap - vw - (vw if neg else 0.0), plot_h)
    if plot.w < 3 * u:
        return False
    if neg:
        plot = R(plot.x + vw, plot.y, plot.w, plot.h)
    axis = nice_axis(min(values), max(values), max(2, min(6, int(plot.w / (4.5 * u)))))

    def x_of(v: float) -> float:
        return plot.x + axis.frac(v) * plot.w

    width = max(1.0, 0.0016 * (ctx.width * ctx.height) ** 0.5)
    if show_ticks:
        for v in axis.ticks():
            x = x_of(v)
            text = ds.tick(v, axis.step)
            sheet.text(
                tight_text(ctx, sheet.ident("tick"), text, x, plot.b + gap * 0.6, tick_px, anchor="ct", color=pal.muted)
            )
            if abs(v) > 1e-12:
                sheet.shape(line(ctx, sheet.ident("grid"), x, plot.y, x, plot.b, pal.grid, width, dashed=dashed))
    labels: list[TextElement] = []
    for i, d in enumerate(ds.data):
        cy = plot.y + pitch * (i + 0.5)
        if widths[i] <= lw + 0.5:
            labels.append(
                tight_text(ctx, sheet.ident("cat"), d.label, body.x + lw, cy, size, anchor="rm", color=pal.ink)
            )
        else:
            rect = R(body.x, plot.y + pitch * i, lw, pitch)
            labels.append(fit_text_box(ctx, sheet.ident("cat"), d.label, rect, size, color=pal.ink))
    for el in uniform(ctx, labels):
        sheet.text(el)
    x0 = x_of(0.0)
    thick = min(pitch * ratio, 3.2 * u)
    for i, d in enumerate(ds.data):
        cy = plot.y + pitch * (i + 0.5)
        x1 = x_of(d.value)
        left, length = min(x0, x1), abs(x1 - x0)
        if length > 0:
            _bar(sheet, R(left, cy - thick / 2, length, thick), colors[i], rounding, True)
        if d.value >= 0:
            _value_label(sheet, d.display, left + length + gap * 0.6, cy, val_size, "lm")
        else:
            _value_label(sheet, d.display, left - gap * 0.6, cy, val_size, "rm")
    sheet.shape(line(ctx, "baseline", x0, plot.y, x0, plot.b, pal.base, width * 1.6))
    return True


def _list(sheet: Sheet, body: R, ds: Dataset, colors: list[str], rounding: float) -> bool:
    """Rows of "label … value" over a bar on a track, for tall narrow areas (values ≥ 0)."""
    ctx = sheet.ctx
    u = unit(ctx)
    pal = palette(sheet)
    n = len(ds.data)
    if min(d.value for d in ds.data) < 0:
        return False
    size = min(u * 1.3, body.h / (n * 3.6))
    gap = 0.6 * size
    need = max(line_metrics(d.label, False, size)[0] + line_metrics(d.display, True, size)[0] for d in ds.data)
    if need + gap > body.w:
        size *= body.w / (need + gap) * 0.98
        gap = 0.6 * size
    lh = line_metrics("Ag", False, size)[1]
    thick = 1.1 * size
    row = lh + 0.3 * size + thick
    spacing = min(5.0 * size, (body.h - n * row) / max(1, n - 1)) if n > 1 else 0.0
    spacing = max(0.6 * size, spacing)
    total = n * row + (n - 1) * spacing
    y = body.y + max(0.0, (body.h - total) / 2)
    top = max(d.value for d in ds.data) or 1.0
    track = C.mix(pal.surface, pal.ink, 0.07)
    for i, d in enumerate(ds.data):
        sheet.text(tight_text(ctx, sheet.ident("cat"), d.label, body.x, y, size, color=pal.ink))
        sheet.text(
            tight_text(ctx, sheet.ident("value"), d.display, body.r, y, size, anchor="rt", color=pal.ink, bold=True)
        )
        by = y + lh + 0.3 * size
        sheet.shape(
            card(
                ctx,
                sheet.ident("track"),
                R(body.x, by, body.w, thick),
                track,
                radius=rounding * thick / ctx.short,
                shadow=False,
            )
        )
        length = body.w * d.value / top
        if length > 0:
            _bar(sheet, R(body.x, by, length, thick), colors[i], rounding, True)
        y += row + spacing
    return True


def draw_bars(
    sheet: Sheet,
    body: R,
    ds: Dataset,
    colors: list[str],
    ratio: float,
    rounding: float,
    dashed: bool,
    horizontal: bool,
) -> str:
    """Draw the bars in the arrangement that suits ``body``; returns the arrangement's name."""
    aspect = body.w / max(1.0, body.h)
    order: list[str]
    if aspect < 0.7:
        order = ["list", "horizontal", "vertical"]
    elif horizontal or aspect >= 3.5:
        order = ["horizontal", "vertical", "list"]
    else:
        order = ["vertical", "horizontal", "list"]
    for name in order:
        mark = len(sheet.shapes), len(sheet.texts)
        done = {
            "vertical": lambda: _vertical(sheet, body, ds, colors, ratio, rounding, dashed),
            "horizontal": lambda: _horizontal(sheet, body, ds, colors, ratio, rounding, dashed),
            "list": lambda: _list(sheet, body, ds, colors, rounding),
        }[name]()
        if done:
            return name
        del sheet.shapes[mark[0] :], sheet.texts[mark[1] :]
    _vertical_forced(sheet, body, ds, colors, rounding)
    return "vertical"


def _vertical_forced(sheet: Sheet, body: R, ds: Dataset, colors: list[str], rounding: float) -> None:
    """Bars without text, when nothing else fits (tiny canvases)."""
    n = len(ds.data)
    axis = nice_axis(min(d.value for d in ds.data), max(d.value for d in ds.data), 2)
    pitch = body.w / n
    y0 = body.b - axis.frac(0.0) * body.h
    for i, d in enumerate(ds.data):
        y1 = body.b - axis.frac(d.value) * body.h
        if abs(y1 - y0) > 0:
            _bar(
                sheet, R(body.x + pitch * (i + 0.2), min(y0, y1), pitch * 0.6, abs(y1 - y0)), colors[i], rounding, False
            )
