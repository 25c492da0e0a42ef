"""Widgets shared by the UI mock-ups: the palette of a screen, buttons, placeholder lines, icon tiles,
status and tab bars, small charts.

Filler words ("Home", "Revenue", "9:41") make a mock-up read as a real product, but every drawn word
is OCR-checked like a quoted one; below :data:`MIN_FILLER_PX` a filler word becomes a grey placeholder
bar instead, the way wireframes show text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.layout_kit import (
    LINE_EM,
    Rect,
    Sheet,
    button_fill,
    inset,
    readable,
    text_width,
)
from openbanana.generators.compose.documents.layout_words import Quote
from openbanana.generators.compose.theme import Theme

#: Filler text smaller than this (px) is drawn as a placeholder bar.
MIN_FILLER_PX = 11.0

#: Generic icons for list rows, feature cards and navigation when the prompt names too few subjects.
GENERIC_ICONS: tuple[str, ...] = (
    "star", "light-bulb", "rocket", "bell", "spiral-calendar", "shield", "gem-stone", "high-voltage",
    "chart-increasing", "envelope", "sparkles", "trophy", "bookmark", "gear", "globe-with-meridians", "locked",
)  # fmt: skip
NAV_ICONS: tuple[str, ...] = ("house", "magnifying-glass-tilted-left", "bell", "bust-in-silhouette")


@dataclass(frozen=True)
class UiStyle:
    """The colours and proportions of one mock-up."""

    page: tuple[str, ...]
    screen: str
    surface: str
    ink: str
    muted: str
    primary: str
    on_primary: str
    accents: tuple[str, ...]
    line: str
    skeleton: str
    dark: bool
    #: Corner roundness, multiplied into every radius (seeded: sharp 0.5 … soft 1.5).
    round: float
    title_font: str
    body_font: str

    def tile(self, color: str) -> str:
        """A soft background for an icon tile of ``color``."""
        return C.mix(color, self.surface, 0.8 if not self.dark else 0.7)


def ui_style(theme: Theme, rng: random.Random, named: bool = False) -> UiStyle:
    """The mock-up's palette; without colours named in the prompt the primary is a seeded pick among
    the theme's first accents, so seeds differ in more than the page colour."""
    dark = theme.dark
    primary, on_primary = button_fill(theme.accents[0] if named else rng.choice(theme.accents[:3]))
    screen = "#12151b" if dark else rng.choice(("#f5f6fa", "#f7f7f4", "#f3f6fb", C.lighten(primary, 0.94)))
    surface = "#1f2430" if dark else "#ffffff"
    page = theme.background if not dark else ("#0b0d12", "#1a1f2b")
    ink = readable([screen, surface], ("#eef1f6",) if dark else ("#181b22",))
    muted = readable([screen, surface], ("#a6afbf", "#c3c9d4") if dark else ("#5d6472", "#4a505c"))
    return UiStyle(
        page=tuple(page),
        screen=screen,
        surface=surface,
        ink=ink,
        muted=muted,
        primary=primary,
        on_primary=on_primary,
        accents=theme.accents,
        line="#2c3240" if dark else "#e3e6ec",
        skeleton="#343b4a" if dark else "#dde1e8",
        dark=dark,
        round=rng.choice((0.5, 1.0, 1.0, 1.5)),
        title_font=theme.title_font,
        body_font=theme.body_font,
    )


def bar(sheet: Sheet, x: float, y: float, w: float, h: float, color: str) -> None:
    """A placeholder line of text."""
    sheet.rect((x, y, w, h), color, radius=h / 2)


def filler(
    sheet: Sheet,
    word: str,
    r: Rect,
    style: UiStyle,
    on: str,
    *,
    size: float | None = None,
    bold: bool = False,
    align: str = "left",
    color: str | None = None,
) -> None:
    """A filler word, or a placeholder bar where it would be too small to read."""
    size = size if size is not None else r[3] / LINE_EM
    if size < MIN_FILLER_PX:
        x, y, w, h = r
        bh = max(2.0, h * 0.42)
        bw = min(w, size * 0.55 * max(3, len(word)))
        bx = x if align == "left" else (x + w - bw if align == "right" else x + (w - bw) / 2)
        bar(sheet, bx, y + (h - bh) / 2, bw, bh, style.skeleton)
        return
    prefer = (color,) if color else (style.muted,)
    sheet.text(word, r, on=[on], size=size, prefer=prefer, bold=bold, font=style.body_font, align=align)


def button(
    sheet: Sheet,
    r: Rect,
    label: str,
    style: UiStyle,
    *,
    ident: str | None = None,
    outline: bool = False,
    on: str | None = None,
    fill: str | None = None,
) -> None:
    """A pill or rounded button with its label centred inside; filler labels obey :data:`MIN_FILLER_PX`."""
    x, y, w, h = r
    radius = h * (0.5 if style.round > 1.2 else 0.22 * style.round + 0.08)
    if outline:
        back = on or style.surface
        sheet.rect(r, back, radius=radius, stroke=style.primary, stroke_w=max(1.0, h * 0.05))
        ink, under = readable([back], (C.darken(style.primary, 0.1), style.ink)), back
    else:
        body = fill or style.primary
        ink = style.on_primary if fill is None else readable([body])
        sheet.rect(r, body, radius=radius, shadow=not style.dark and h > 18)
        under = body
    # Label at about a third of the button's height: the colour ring the contrast check reads (0.6 em
    # around the glyphs) stays on the button.
    text_r = inset(r, max(h * 0.45, w * 0.06), h * 0.26)
    size = text_r[3] / LINE_EM
    if ident is None and size < MIN_FILLER_PX:
        bar(sheet, x + w * 0.3, y + h * 0.4, w * 0.4, h * 0.2, C.mix(ink, under, 0.35))
        return
    sheet.text(label, text_r, on=[under], size=size, prefer=(ink,), bold=True, font=style.body_font, ident=ident)


def icon_tile(sheet: Sheet, r: Rect, icon: str, color: str, style: UiStyle, *, circle: bool = False) -> None:
    """An icon on a soft rounded tile of its accent colour."""
    if circle:
        sheet.ellipse(r, style.tile(color))
    else:
        sheet.rect(r, style.tile(color), radius=min(r[2], r[3]) * 0.28 * style.round)
    sheet.icon(icon, r, scale=0.62)


def status_bar(sheet: Sheet, r: Rect, style: UiStyle, on: str) -> None:
    """Time on the left, signal and battery on the right."""
    x, y, w, h = r
    ink = readable([on], (style.ink,))
    filler(sheet, "9:41", (x, y, w * 0.3, h), style, on, size=h * 0.55, bold=True, color=ink)
    bw, bh = h * 0.9, h * 0.42
    bx, by = x + w - bw, y + (h - bh) / 2
    sheet.rect((bx, by, bw, bh), None, radius=bh * 0.3, stroke=ink, stroke_w=max(1.0, h * 0.06))
    sheet.rect((bx + bh * 0.2, by + bh * 0.2, bw * 0.6, bh * 0.6), ink, radius=bh * 0.15)
    for i in range(4):
        sh = bh * (0.35 + 0.22 * i)
        sheet.rect((bx - h * 1.1 + i * h * 0.22, by + bh - sh, h * 0.14, sh), ink, radius=h * 0.03)


def tab_bar(
    sheet: Sheet, r: Rect, style: UiStyle, icons: tuple[str, ...], active: int = 0, corner: float = 0.0
) -> None:
    """A bottom navigation bar: icons, the active one marked with a dot in the primary colour;
    ``corner`` rounds its bottom corners to follow the screen's."""
    x, y, w, h = r
    corner = min(corner, h * 0.5)
    sheet.rect((x, y, w, h - corner), style.surface)
    if corner > 0:
        sheet.rect((x, y + h - 2 * corner, w, 2 * corner), style.surface, radius=corner)
    sheet.rect((x, y, w, max(1.0, h * 0.012)), style.line)
    cells = len(icons)
    for i, name in enumerate(icons):
        cx = x + w * (i + 0.5) / cells
        side = min(h * 0.42, w / cells * 0.6)
        sheet.icon(name, (cx - side / 2, y + h * 0.22, side, side))
        if i == active:
            sheet.circle(cx, y + h * 0.22 + side + h * 0.12, max(1.5, h * 0.035), style.primary)


def bar_chart(sheet: Sheet, r: Rect, style: UiStyle, rng: random.Random, bars: int) -> None:
    """Bars rising from a baseline with faint grid lines: a chart made of shapes."""
    x, y, w, h = r
    for k in range(4):
        gy = y + h * k / 3.0
        sheet.line(x, gy, x + w, gy, style.line, max(1.0, h * 0.006))
    slot = w / bars
    value = rng.uniform(0.35, 0.6)
    for i in range(bars):
        value = min(0.95, max(0.15, value + rng.uniform(-0.18, 0.22)))
        bh = h * value
        color = style.primary if i == bars - 1 or rng.random() < 0.2 else C.mix(style.primary, style.surface, 0.45)
        sheet.rect((x + i * slot + slot * 0.18, y + h - bh, slot * 0.64, bh), color, radius=slot * 0.12)


def line_chart(sheet: Sheet, r: Rect, style: UiStyle, rng: random.Random, points: int) -> None:
    """A trend line over a soft filled area, with grid lines."""
    x, y, w, h = r
    for k in range(4):
        gy = y + h * k / 3.0
        sheet.line(x, gy, x + w, gy, style.line, max(1.0, h * 0.006))
    value = rng.uniform(0.2, 0.4)
    pts: list[tuple[float, float]] = []
    for i in range(points):
        value = min(0.92, max(0.08, value + rng.uniform(-0.12, 0.2)))
        pts.append((x + w * i / (points - 1), y + h * (1 - value)))
    sheet.polygon([(x, y + h), *pts, (x + w, y + h)], style.primary, opacity=0.16)
    sheet.polygon(pts, None, stroke=style.primary, stroke_w=max(1.5, h * 0.025), closed=False)
    lx, ly = pts[-1]
    sheet.circle(lx, ly, max(2.0, h * 0.035), style.primary)


def donut(sheet: Sheet, r: Rect, style: UiStyle, rng: random.Random, parts: int) -> None:
    shares = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    total = sum(shares)
    start = 0.0
    for i, share in enumerate(shares):
        end = start + 360.0 * share / total
        sheet.wedge(r, start, end - 1.5, style.accents[i % len(style.accents)], inner=0.62)
        start = end


def chips(sheet: Sheet, r: Rect, labels: list[Quote], style: UiStyle) -> None:
    """Quoted labels as a flow of rounded tags filling ``r`` (largest size at which they all fit)."""
    x, y, w, h = r
    if not labels:
        return
    size = h / 2.2
    while size > 6.0:
        pos, row, rows = x, y, []
        for q in labels:
            pw = text_width(q.text, size, True) * 1.06 + size * 1.6
            if pos + pw > x + w + 0.5 and pos > x:
                pos, row = x, row + size * 2.6
            rows.append((q, (pos, row, min(pw, w), size * 2.0)))
            pos += pw + size * 0.6
        if row + size * 2.0 <= y + h:
            break
        size *= 0.9
    for q, pill in rows:
        sheet.rect(pill, style.surface, radius=pill[3] / 2, stroke=style.line, stroke_w=max(1.0, size * 0.08))
        sheet.text(q.text, inset(pill, size * 0.7, size * 0.4), on=[style.surface], size=size, prefer=(style.ink,),
                   bold=True, font=style.body_font, ident=q.ident)  # fmt: skip
