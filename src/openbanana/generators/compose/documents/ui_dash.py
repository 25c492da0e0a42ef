"""An analytics dashboard: sidebar navigation, a top bar with the page title, KPI cards with numbers
and trend chips, a chart card and a donut card, all drawn from shapes.

Wide windows get the sidebar and a row of KPIs over two chart cards; a portrait window becomes the
mobile dashboard (KPIs two by two, charts stacked); an extreme strip is one row of cards.
"""

from __future__ import annotations

import random

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.layout_kit import Rect, Sheet, grid, inset, readable, split
from openbanana.generators.compose.documents.layout_words import Quote, Roles
from openbanana.generators.compose.documents.ui_kit import UiStyle, bar, bar_chart, donut, filler, icon_tile, line_chart

KPI_WORDS = ("Revenue", "Users", "Orders", "Growth", "Sessions", "Churn")
NAV = (("house", "Overview"), ("chart-increasing", "Analytics"), ("busts-in-silhouette", "Customers"),
       ("memo", "Reports"), ("gear", "Settings"))  # fmt: skip


def _kpi_value(word: str, rng: random.Random) -> str:
    if word in ("Growth", "Churn"):
        return f"{rng.uniform(1.0, 24.0):.1f}%"
    if word == "Revenue":
        return f"${rng.randint(12, 98)}.{rng.randint(1, 9)}k"
    return f"{rng.randint(1, 48)},{rng.randint(100, 999)}"


def _sidebar(sheet: Sheet, r: Rect, style: UiStyle, brand: Quote | None, icon: str, rng: random.Random) -> None:
    x, y, w, h = r
    fill = "#0f1320" if style.dark else rng.choice(("#1c2333", C.mix(style.primary, "#000000", 0.55), "#ffffff"))
    sheet.rect(r, fill)
    if fill == "#ffffff":
        sheet.rect((x + w - 1.5, y, 1.5, h), style.line)
    unit = min(w * 0.16, h / 14)
    pad = unit * 0.8
    icon_tile(sheet, (x + pad, y + pad, unit * 1.4, unit * 1.4), icon, style.primary, style)
    name_r = (x + pad + unit * 1.8, y + pad + unit * 0.3, w - pad * 2 - unit * 1.8, unit * 0.85)
    if brand is not None:
        sheet.text(brand.text, name_r, on=[fill], prefer=("#ffffff" if fill != "#ffffff" else style.ink,), bold=True,
                   align="left", ident=brand.ident)  # fmt: skip
    else:
        bar(sheet, name_r[0], name_r[1] + unit * 0.25, name_r[2] * 0.6, unit * 0.35, C.mix(fill, "#888888", 0.5))
    cur = y + pad * 2 + unit * 2.2
    for i, (glyph, word) in enumerate(NAV):
        if cur + unit * 1.3 > y + h - pad:
            break
        item = (x + pad * 0.5, cur, w - pad, unit * 1.3)
        under = fill
        if i == 0:
            under = style.primary if fill != "#ffffff" else style.tile(style.primary)
            sheet.rect(item, under, radius=unit * 0.3 * style.round)
        sheet.icon(glyph, (item[0] + unit * 0.35, cur + unit * 0.3, unit * 0.7, unit * 0.7))
        ink = readable([under], ("#ffffff",) if C.luminance(under) < 0.4 else (style.ink,))
        filler(sheet, word, (item[0] + unit * 1.35, cur + unit * 0.3, item[2] - unit * 1.6, unit * 0.7), style, under,
               color=ink)  # fmt: skip
        cur += unit * 1.6


def _top_bar(sheet: Sheet, r: Rect, style: UiStyle, title: Quote | None) -> None:
    """Page title on the left; search, bell and avatar on the right where the bar is wide enough."""
    x, y, w, h = r
    narrow = w < h * 7
    title_w = w if narrow else w * 0.5
    if title is not None:
        sheet.text(title.text, (x, y + h * 0.15, title_w, h * 0.7), on=[style.screen], prefer=(style.ink,), bold=True,
                   role="title", align="left", font=style.title_font, ident=title.ident)  # fmt: skip
    else:
        filler(sheet, "Dashboard", (x, y + h * 0.2, title_w * 0.8, h * 0.6), style, style.screen, bold=True,
               color=style.ink)  # fmt: skip
    if narrow:
        return
    search = (x + w * 0.58, y + h * 0.2, w * 0.28, h * 0.6)
    sheet.rect(search, style.surface, radius=search[3] / 2, stroke=style.line, stroke_w=max(1.0, h * 0.02))
    sheet.icon("magnifying-glass-tilted-left", inset((search[0], search[1], search[3], search[3]), search[3] * 0.22))
    filler(sheet, "Search", inset((search[0] + search[3], search[1], search[2] - search[3] * 1.4, search[3]), 0,
                                  search[3] * 0.22), style, style.surface)  # fmt: skip
    av = h * 0.62
    sheet.ellipse((x + w - av, y + (h - av) / 2, av, av), style.tile(style.accents[2 % len(style.accents)]))
    sheet.icon("bust-in-silhouette", (x + w - av, y + (h - av) / 2, av, av), scale=0.7)
    sheet.icon("bell", (x + w - av * 2.3, y + (h - av) / 2, av, av), scale=0.7)


def _card(sheet: Sheet, r: Rect, style: UiStyle) -> None:
    sheet.rect(r, style.surface, radius=min(r[2], r[3]) * 0.07 * style.round, shadow=not style.dark)


def _kpi(
    sheet: Sheet, r: Rect, style: UiStyle, label: Quote | str, value: Quote | str, rng: random.Random, color: str
) -> None:
    """A KPI card: its name, a big number, a trend chip (green up or red down)."""
    up = rng.random() < 0.75
    _x, _y, w, h = r
    _card(sheet, r, style)
    pad = min(w, h) * 0.14
    inner = inset(r, pad)
    ix, iy, iw, ih = inner
    if isinstance(label, Quote):
        sheet.text(label.text, (ix, iy, iw * 0.75, ih * 0.24), on=[style.surface], prefer=(style.muted,), align="left",
                   ident=label.ident)  # fmt: skip
    else:
        filler(sheet, label, (ix, iy, iw * 0.7, ih * 0.24), style, style.surface)
    dot = ih * 0.2
    sheet.circle(ix + iw - dot / 2, iy + dot / 2, dot / 2, color)
    value_r = (ix, iy + ih * 0.32, iw, ih * 0.4)
    if isinstance(value, Quote):
        sheet.text(value.text, value_r, on=[style.surface], prefer=(style.ink,), bold=True, align="left",
                   ident=value.ident)  # fmt: skip
    else:
        filler(sheet, value, value_r, style, style.surface, bold=True, color=style.ink)
    chip_h = ih * 0.22
    good = "#1f9d55" if up else "#d64545"
    chip = (ix, iy + ih - chip_h, min(iw * 0.55, chip_h * 3.2), chip_h)
    back = C.mix(good, style.surface, 0.85)
    sheet.rect(chip, back, radius=chip_h / 2)
    trend = f"{'+' if up else '-'}{rng.uniform(0.8, 18.0):.1f}%"
    filler(sheet, trend, inset(chip, chip_h * 0.35, chip_h * 0.12), style, back, bold=True, align="center",
           color=C.darken(good, 0.25))  # fmt: skip


def _chart_card(
    sheet: Sheet, r: Rect, style: UiStyle, title: Quote | None, rng: random.Random, kind: str, unit: float
) -> None:
    """A card with a heading (``unit`` px tall) over a bar, line or donut chart."""
    x, y, w, h = r
    _card(sheet, r, style)
    pad = min(w, h, unit * 6) * 0.09
    head = (x + pad, y + pad * 0.7, w - 2 * pad, max(4.0, min(unit, h * 0.2)))
    if title is not None:
        sheet.text(
            title.text, head, on=[style.surface], prefer=(style.ink,), bold=True, align="left", ident=title.ident
        )
    else:
        filler(sheet, "Weekly sales" if kind != "donut" else "Channels", head, style, style.surface, bold=True,
               color=style.ink)  # fmt: skip
    body = (x + pad, head[1] + head[3] + pad * 0.6, w - 2 * pad, y + h - head[1] - head[3] - pad * 1.6)
    if kind == "bars":
        bar_chart(sheet, body, style, rng, max(5, min(12, int(body[2] / max(body[3] * 0.18, 1.0)))))
    elif kind == "line":
        line_chart(sheet, body, style, rng, 9)
    else:
        side = min(body[2] * 0.5, body[3])
        ring = (body[0], body[1] + (body[3] - side) / 2, side, side)
        donut(sheet, ring, style, rng, 4)
        lx = body[0] + side * 1.15
        for i in range(4):
            ly = body[1] + body[3] * (0.15 + 0.2 * i)
            sheet.circle(lx, ly + side * 0.03, side * 0.035, style.accents[i % len(style.accents)])
            bar(sheet, lx + side * 0.08, ly, (body[0] + body[2] - lx) * (0.7 - 0.1 * i), side * 0.06, style.skeleton)


def dashboard(sheet: Sheet, view: Rect, style: UiStyle, roles: Roles, icons: list[str], rng: random.Random) -> str:
    """A dashboard filling ``view``; returns the arrangement's name. Every quote lands somewhere: the
    title in the top bar, a name in the sidebar, numbers as KPI values, captions as card titles and
    anything else as KPI labels (more KPI cards when there are more of them)."""
    x, y, w, h = view
    aspect = w / h
    wide = 1.25 <= aspect < 3.0
    strip = aspect >= 3.0
    title = roles.title()
    brand = roles.take("name")
    # A KPI quote with a digit is its number ("12.4k"); without one it names the KPI ("Active users").
    numeric = [q for q in roles.items if q.index not in roles.used and any(c.isdigit() for c in q.text)]
    values = [q for q in numeric if q.cue in ("metric", "price", "")][:8]
    roles.used.update(q.index for q in values)
    heads = [q for q in (roles.take("caption", "subtitle", "tagline", "details") for _ in range(2)) if q is not None]
    labels = roles.rest()
    if not wide and brand is not None:
        heads.append(brand)
        brand = None
    if wide:
        side_w = min(w * 0.18, h * 0.45)
        _sidebar(sheet, (x, y, side_w, h), style, brand, icons[0], rng)
        x, w = x + side_w, w - side_w
    pad = min(w, h) * 0.045
    bx, by, bw, bh = inset((x, y, w, h), pad)
    if not strip:
        top_h = min(bh * 0.1, max(bw * 0.06, min(bw * 0.16, 28.0)))
        _top_bar(sheet, (bx, by, bw, top_h), style, title)
        title = None
        by, bh = by + top_h + pad * 0.6, bh - top_h - pad * 0.6
    elif title is not None:
        heads.insert(0, title)
    charts = 1 if strip else 2
    labels += heads[charts:]
    heads = heads[:charts]
    count = max(3 if strip else 4, len(labels), len(values))
    words = [KPI_WORDS[i % len(KPI_WORDS)] for i in rng.sample(range(len(KPI_WORDS)), len(KPI_WORDS))]
    items = [
        (
            labels[i] if i < len(labels) else words[i % len(words)],
            values[i] if i < len(values) else _kpi_value(words[i % len(words)], rng),
        )
        for i in range(count)
    ]
    colors = style.accents
    if strip:  # one row: KPI cards, then a chart card
        cells = split((bx, by, bw, bh), [1.0] * count + [1.8], pad, vertical=False)
        for i, cell in enumerate(cells[:count]):
            _kpi(sheet, cell, style, *items[i], rng, colors[i % len(colors)])
        _chart_card(sheet, cells[-1], style, heads[0] if heads else None, rng, "line", bh * 0.2)
        return "dashboard-strip"
    cols = 4 if aspect >= 1.0 else (2 if bw >= 280 else 1)
    rows = -(-count // cols)
    kpi_h = min(bh * (0.24 if cols == 4 else 0.16) * (1 if rows <= 2 else 2 / rows), bw / cols * 0.62)
    kpi_h = max(kpi_h, min(bw / cols * 0.45, bh * 0.5 / rows))
    kpi_area = (bx, by, bw, kpi_h * rows + pad * (rows - 1))
    for i, cell in enumerate(grid(kpi_area, count, cols, pad)):
        _kpi(sheet, cell, style, *items[i], rng, colors[i % len(colors)])
    rest = (bx, by + kpi_area[3] + pad, bw, bh - kpi_area[3] - pad)
    vertical = aspect < 1.0
    chart_r, donut_r = split(rest, [1.7, 1.0] if not vertical else [1.3, 1.0], pad, vertical)
    unit = min(bw, bh) * 0.045
    _chart_card(sheet, chart_r, style, heads[0] if heads else None, rng, rng.choice(("bars", "line")), unit)
    _chart_card(sheet, donut_r, style, heads[1] if len(heads) > 1 else None, rng, "donut", unit)
    return "dashboard-sidebar" if wide else ("dashboard-mobile" if vertical else "dashboard-wide")
