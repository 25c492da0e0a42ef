"""Charts: bar (vertical, horizontal, stacked list), line and pie/donut charts from the prompt's numbers.

The chart sits on one card on the theme's gradient: the title (the first quoted string that is not a
data label, else a title made from the prompt's subject words) heads the card, the plot fills the
rest. Geometry is exact: bar lengths, point heights and wedge angles are proportional to the values
(see :mod:`.chart_bars` and :mod:`.chart_plots`), every label is set at a measured size and checked
against its neighbours, and all text sits on the card's known colour. Wide strips (≥ 3:1) put the
title in a column on the left; tall ones stack title, plot and a value list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.chart_bars import draw_bars
from openbanana.generators.compose.documents.chart_data import STOP, Dataset, read_dataset
from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    area_root,
    card,
    fit_text_box,
    line_metrics,
    margin,
    page_background,
    readable,
    text_rect,
    tight_text,
    unit,
)
from openbanana.generators.compose.documents.chart_plots import draw_line, draw_pie

#: Chart type words; the earliest one in the prompt wins.
_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:donut|doughnut|ring)\b"), "donut"),
    (re.compile(r"\bpie\b"), "pie"),
    (re.compile(r"\b(?:line|trend|area|sparkline|time series|over time)\b"), "line"),
    (re.compile(r"\b(?:bar|bars|column|columns|histogram)\b"), "bar"),
)
_FALLBACK_TITLE = {"bar": "Overview", "line": "Trend", "pie": "Breakdown", "donut": "Breakdown"}
_CHART_WORDS = re.compile(r"\b(?:chart|graph|plot)s?\b")
_TOPIC_PREPS = frozenset({"of", "showing", "for", "about", "on", "comparing", "with", "displaying"})
#: Words that may stand inside a title although they end a data label ("market share by region").
_TOPIC_KEEP = frozenset({"by", "per", "and", "share", "shares", "breakdown", "percentage", "data", "usage"})
_TOPIC_TAIL = frozenset({"by", "per", "and"})
#: Style and colour words that describe the chart, not its subject.
_NOT_TOPIC = frozenset(
    """
    simple nice clean big small large modern minimal minimalist flat dark light pastel vibrant colorful colourful
    bright neon retro vintage elegant playful bold corporate professional beautiful cute red orange yellow green
    blue purple pink black white grey gray teal brown gold silver
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class ChartStyle:
    """Seeded design choices, so two seeds give two visibly different charts."""

    bar_ratio: float
    #: Bar corner radius as a fraction of the bar's thickness.
    rounding: float
    dashed_grid: bool
    multicolor: bool
    title_align: str
    donut_hole: float


def chart_type(unquoted: str, ds_percent: bool, n: int) -> str:
    """The chart type the newest turn names (its earliest type word), else a pie for shares that add
    up to 100 %, else bars."""
    for turn in reversed(unquoted.splitlines()):
        hits = [(m.start(), name) for pattern, name in _TYPES if (m := pattern.search(turn))]
        if hits:
            return min(hits)[1]
    return "pie" if ds_percent and n <= 6 else "bar"


def topic(unquoted: str, labels: set[str]) -> str | None:
    """A title made from the prompt's words: "bar chart of sales: …" → "Sales", "a revenue chart" →
    "Revenue"."""
    text = unquoted.splitlines()[-1] if unquoted else ""
    words = re.findall(r"[a-z][a-z'-]*|\d+|[^\sa-z\d]", text)
    at = next((i for i, w in enumerate(words) if _CHART_WORDS.fullmatch(w) or w == "infographic"), None)
    if at is None:
        return None

    def ok(w: str) -> bool:
        return w.isalpha() and w not in labels and (w not in STOP or w in _TOPIC_KEEP) and w not in _NOT_TOPIC

    picked: list[str] = []
    if at + 1 < len(words) and words[at + 1] in _TOPIC_PREPS:
        for w in words[at + 2 : at + 7]:
            if not ok(w):
                break
            picked.append(w)
    if not picked:
        for w in reversed(words[max(0, at - 4) : at]):
            if w in ("bar", "line", "pie", "donut", "doughnut", "column", "area"):
                continue
            if not ok(w) or w in _TOPIC_TAIL:
                break
            picked.insert(0, w)
    while picked and picked[-1] in _TOPIC_TAIL:
        picked.pop()
    if not picked:
        return None
    phrase = " ".join(picked[:4])
    return phrase[:1].upper() + phrase[1:]


def header(sheet: Sheet, inner: R, title: str, subtitle: str | None, align: str, wide: bool) -> R:
    """Title (and subtitle) at the top of a card, or in a left column on wide strips; returns the area
    left below (or beside) it. ``align`` is "left" (with an accent rule) or "center" (underlined)."""
    ctx, theme = sheet.ctx, sheet.ctx.theme
    u = unit(ctx)
    ink = readable(theme.ink, theme.surface)
    muted = readable(theme.muted, theme.surface)
    gap = 0.9 * u
    if wide:
        col = R(inner.x, inner.y, min(inner.w * 0.26, max(inner.h * 2.2, 8 * u)), inner.h)
        t_rect = col if subtitle is None else R(col.x, col.y, col.w, col.h * 0.62)
        el = sheet.text(
            fit_text_box(
                ctx, "title", title, t_rect, 2.0 * u, role="title", bold=True, color=ink, font=theme.title_font
            )
        )
        if subtitle is not None:
            top = text_rect(ctx, el).b + 0.2 * u
            s_rect = R(col.x, top, col.w, max(1.0, col.b - top))
            sheet.text(fit_text_box(ctx, "subtitle", subtitle, s_rect, 1.05 * u, role="subtitle", color=muted))
        rule_x = col.r + gap
        sheet.shape(
            card(ctx, "rule", R(rule_x, inner.y + inner.h * 0.1, max(1.0, 0.12 * u), inner.h * 0.8), theme.accents[0])
        )
        return inner.right_of(col.w + 2 * gap + 0.12 * u)
    ts = min(2.3 * u, inner.h * 0.14)
    rule_w = 0.28 * u
    left = align == "left"
    avail = inner.w - (rule_w + 0.6 * u if left else 0)
    tw, th = line_metrics(title, True, ts)
    if left and tw <= avail:
        x = inner.x + rule_w + 0.6 * u
        el = sheet.text(tight_text(ctx, "title", title, x, inner.y, ts, role="title", bold=True, color=ink))
    else:
        left = False
        rect = R(inner.x, inner.y, inner.w, min(th * 2.1, inner.h * 0.3))
        el = sheet.text(
            fit_text_box(ctx, "title", title, rect, ts, role="title", bold=True, color=ink, font=theme.title_font)
        )
    block = text_rect(ctx, el)
    bottom = block.b
    if subtitle is not None:
        ss = min(1.15 * u, ts * 0.6)
        rect = R(inner.x, bottom + 0.25 * u, inner.w, line_metrics(subtitle, False, ss)[1] * 2.1)
        if left and line_metrics(subtitle, False, ss)[0] <= avail:
            sub = tight_text(ctx, "subtitle", subtitle, block.x, bottom + 0.3 * u, ss, role="subtitle", color=muted)
        else:
            sub = fit_text_box(ctx, "subtitle", subtitle, rect, ss, role="subtitle", color=muted)
        bottom = text_rect(ctx, sheet.text(sub)).b
    if left:
        sheet.shape(card(ctx, "rule", R(inner.x, inner.y, rule_w, bottom - inner.y), theme.accents[0], shadow=False))
    else:
        w = min(inner.w * 0.25, 4 * u)
        sheet.shape(
            card(ctx, "rule", R(inner.cx - w / 2, bottom + 0.45 * u, w, 0.22 * u), theme.accents[0], shadow=False)
        )
        bottom += 0.67 * u
    return inner.below(bottom - inner.y, gap * 1.2)


def _footers(sheet: Sheet, inner: R, notes: list[str]) -> R:
    """Extra quoted strings (sources, notes) as muted lines at the bottom of the card."""
    if not notes:
        return inner
    ctx = sheet.ctx
    u = unit(ctx)
    muted = readable(ctx.theme.muted, ctx.theme.surface)
    bottom = inner.b
    for i, note in reversed(list(enumerate(notes))):
        size = 0.9 * u
        _w, h = line_metrics(note, False, size)
        rect = R(inner.x, bottom - h * 1.15, inner.w, h * 1.15)
        el = sheet.text(fit_text_box(ctx, f"note{i}", note, rect, size, color=muted))
        bottom = text_rect(ctx, el).y - 0.3 * u
    return R(inner.x, inner.y, inner.w, max(1.0, bottom - inner.y - 0.5 * u))


def build(ctx: DocumentContext) -> DocumentParts:
    rng = ctx.rng
    unquoted = ctx.intent.unquoted
    provisional = chart_type(unquoted, False, 0)
    ds: Dataset = read_dataset(ctx.intent.sources, unquoted, provisional, rng)
    kind = chart_type(unquoted, ds.percent and 95 <= sum(d.value for d in ds.data) <= 105, len(ds.data))
    style = ChartStyle(
        bar_ratio=rng.uniform(0.52, 0.72),
        rounding=rng.choice((0.0, 0.12, 0.25, 0.5)),
        dashed_grid=rng.random() < 0.4,
        multicolor=rng.random() < 0.4,
        title_align=rng.choice(("left", "center")),
        donut_hole=rng.uniform(0.52, 0.66),
    )
    labels_used = {d.label for d in ds.data if d.quote >= 0}
    free = [q.text for q in ctx.intent.texts if q.text not in labels_used]
    label_words = {w for d in ds.data for w in d.label.lower().split()}
    title = free[0] if free else (topic(unquoted, label_words) or _FALLBACK_TITLE[kind])
    subtitle = free[1] if len(free) > 1 else None

    sheet = Sheet(ctx)
    background = page_background(ctx)
    m = margin(ctx)
    frame = R(m, m, ctx.width - 2 * m, ctx.height - 2 * m)
    sheet.shape(card(ctx, "card", frame, ctx.theme.surface, radius=0.03))
    pad = max(2.0, min(0.04 * area_root(ctx), 0.09 * min(frame.w, frame.h)))
    inner = frame.inset(pad)
    wide = ctx.aspect >= 3.0
    body = header(sheet, inner, title, subtitle, style.title_align, wide)
    body = _footers(sheet, body, free[2:])
    colors = _series_colors(ctx.theme.accents, len(ds.data), style.multicolor or kind in ("pie", "donut"))
    if kind in ("pie", "donut"):
        layout = draw_pie(sheet, body, ds, colors, style.donut_hole if kind == "donut" else 0.0)
    elif kind == "line":
        layout = draw_line(sheet, body, ds, colors[0], style.dashed_grid)
    else:
        horizontal = "horizontal" in unquoted
        layout = draw_bars(sheet, body, ds, colors, style.bar_ratio, style.rounding, style.dashed_grid, horizontal)
    notes = []
    if ds.sample:
        notes.append("The prompt gave no numbers: the chart shows a seeded sample series.")
    return DocumentParts(
        layout=f"{kind}-chart-{layout}",
        background=background,
        texts=tuple(sheet.texts),
        shapes=tuple(sheet.shapes),
        filters=ctx.theme.filters,
        notes=tuple(notes),
    )


def _series_colors(accents: tuple[str, ...], n: int, multi: bool) -> list[str]:
    """One colour per datum: the accents in turn (shifted when there are more data than accents), or
    the primary accent for all when the series is drawn in one colour."""
    if not multi:
        return [accents[0]] * max(1, n)
    out = []
    for i in range(max(1, n)):
        base = accents[i % len(accents)]
        rounds = i // len(accents)
        out.append(base if rounds == 0 else C.rotate_hue(C.lighten(base, 0.15 * rounds), 18 * rounds))
    return out
