"""Infographics: a header band with the title, then one card per fact: icon, big number, text.

Facts are the quoted strings (or the comma list after a colon); the title is the quoted string that
is introduced as one ("titled …", followed by a colon) or a title made from the topic ("about
coffee" → "Coffee in numbers"). A fact that starts with a number ("2.25 billion cups a day") shows
the number big above its text; one that ends with one ("Average depth: 3,688 m") shows the text
above the number, so the fact always reads in its own order. Cards go in the grid that gives them
the most room for the canvas' shape: a row on wide strips, a column on tall ones.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.chart import topic
from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    card,
    fit_text_box,
    ink_on,
    margin,
    on_background,
    page_background,
    quote_source,
    readable,
    text_rect,
    uniform,
    unit,
)
from openbanana.generators.compose.documents.infographic_icons import icon_for_word, icons_for_text, pick_icons
from openbanana.generators.compose.plan import Shape, TextElement

_NUMBER = (
    r"(?:(?:only|just|over|about|nearly|almost|around|up to|more than|less than|~|≈)\s)?[$€£¥₹#]?\d[\d,.]*"
    r"(?:\s?(?:%|[kKMB]\b|bn\b|°[CF]?|[x×]\b))?"
    r"(?:\s(?:thousand|million|billion|trillion|hundred|percent)\b)?"
    r"(?:\s?(?:m|km|cm|mm|kg|g|t|l|ml|h|hrs|hours|min|mins|s|mph|km/h|ft|mi|lb|lbs|kWh|MW|GW)\b)?"
)
_LEAD = re.compile(rf"^\s*({_NUMBER})\s+(\S.*)$")
_TRAIL = re.compile(rf"^(.*\S)\s+({_NUMBER})\s*$")
_TITLE_BEFORE = re.compile(r"(?:titled|called|named|title|heading|headline|infographic)\s*:?\s*$", re.I)
_FOOTER_BEFORE = re.compile(r"(?:source|sources|footer|credit|credits|via|data from|note)\s*:?\s*$", re.I)
_TOPIC_FORMS = ("{} in numbers", "{} facts", "{} at a glance", "{}")
_POOL = (
    "light-bulb",
    "bar-chart",
    "sparkles",
    "star",
    "pushpin",
    "chart-increasing",
    "bullseye",
    "globe-with-meridians",
)


@dataclass(frozen=True)
class Fact:
    text: str
    #: The part drawn big ("" when the fact has no number), and whether it comes first.
    number: str = ""
    rest: str = ""
    number_first: bool = True


def split_fact(text: str) -> Fact:
    """A fact with its leading (or trailing) number set apart."""
    m = _LEAD.match(text)
    if m and any(ch.isalpha() for ch in m.group(2)):
        return Fact(text, m.group(1), m.group(2), True)
    m = _TRAIL.match(text)
    if m and any(ch.isalpha() for ch in m.group(1)):
        return Fact(text, m.group(2), m.group(1), False)
    return Fact(text)


@dataclass(frozen=True)
class Content:
    title: str
    subtitle: str | None
    facts: tuple[Fact, ...]
    footer: str | None
    topic_icon: str | None
    sample: bool = False


def _roles(ctx: DocumentContext) -> tuple[str | None, str | None, list[str], str | None]:
    """(title, subtitle, facts, footer) among the quoted strings."""
    title = subtitle = footer = None
    facts: list[str] = []
    source = quote_source(ctx)
    for i, q in enumerate(ctx.intent.texts):
        before = source[max(0, q.start - 24) : q.start] if q.start <= len(source) else ""
        after = source[q.end : q.end + 3] if q.end <= len(source) else ""
        if q.role == "title" and title is None:
            title = q.text
        elif q.role == "subtitle" and subtitle is None:
            subtitle = q.text
        elif _FOOTER_BEFORE.search(before) and footer is None:
            footer = q.text
        elif title is None and i == 0 and (_TITLE_BEFORE.search(before) or after.lstrip().startswith(":")):
            title = q.text
        else:
            facts.append(q.text)
    return title, subtitle, facts, footer


def _listed_facts(ctx: DocumentContext) -> list[str]:
    """Facts written without quotes after a colon: "infographic about bees: 20,000 species, …"."""
    source = ctx.intent.sources[-1] if ctx.intent.sources else ""
    if '"' in source or ":" not in source:
        return []
    tail = source.split(":", 1)[1]
    items = [p.strip(" .") for p in re.split(r",(?!\d{3})|;|\band\b|\n", tail)]
    return [p for p in items if p and len(p) <= 80][:9]


def read_content(ctx: DocumentContext) -> Content:
    title, subtitle, facts, footer = _roles(ctx)
    facts = facts or _listed_facts(ctx)
    subject = topic(ctx.intent.unquoted, set())
    topic_icon = ctx.intent.subjects[0][1] if ctx.intent.subjects else None
    if topic_icon is None and subject:
        topic_icon = next((i for w in subject.split() if (i := icon_for_word(w))), None)
    if topic_icon is None and title:
        topic_icon = next(iter(icons_for_text(title)), None)
    sample = False
    if not facts:
        # Placeholders a designer would leave for the copy: numbered, about the topic.
        sample = True
        about = f"Fact about {subject.lower()}" if subject else "Key fact"
        facts = [f"{k} {about}" for k in ("1", "2", "3")]
    if title is None:
        base = subject or "Key facts"
        title = ctx.rng.choice(_TOPIC_FORMS).format(base) if subject else base
    return Content(title, subtitle, tuple(split_fact(f) for f in facts), footer, topic_icon, sample)


def _grid(n: int, area: R, gap: float) -> tuple[int, int]:
    """Columns and rows that give the cards the most room (content wants ~1.3 × as wide as tall)."""
    best = (-1.0, 1, n)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        cw = (area.w - (cols - 1) * gap) / cols
        ch = (area.h - (rows - 1) * gap) / rows
        score = min(cw / 1.3, ch) * (1.0 - 0.08 * (cols * rows - n))
        if score > best[0]:
            best = (score, cols, rows)
    return best[1], best[2]


def _header(sheet: Sheet, content: Content, wide: bool, style: int) -> R:
    """The band with title (and subtitle, topic icon); returns the area left below or beside it."""
    ctx = sheet.ctx
    theme = ctx.theme
    u = unit(ctx)
    W, H = ctx.width, ctx.height
    m = margin(ctx)
    band_color = theme.accents[0] if style != 2 else C.darken(theme.accents[0], 0.35)
    ink = readable(ink_on(band_color), band_color)
    if wide:
        band = R(0, 0, W * 0.25, H) if style == 0 else R(m, m, W * 0.25 - m, H - 2 * m)
        rest = R(band.r + m, m, W - band.r - 2 * m, H - 2 * m)
    else:
        hb = min(H * 0.26, max(H * 0.14, 6.0 * u))
        band = R(0, 0, W, hb) if style == 0 else R(m, m, W - 2 * m, hb - m * 0.4)
        rest = R(m, band.b + m, W - 2 * m, H - band.b - 2 * m)
    sheet.shape(card(ctx, "band", band, band_color, radius=0.0 if style == 0 else 0.03, shadow=style != 0))
    inner = band.inset(min(band.w, band.h) * 0.14)
    align = "center"
    if content.topic_icon and not wide and inner.w > inner.h * 4:
        side = inner.h * 0.86
        sheet.icon(content.topic_icon, "topic", R(inner.x, inner.cy - side / 2, side, side))
        inner = inner.right_of(side, inner.h * 0.35)
        align = "left"
    title_rect = inner if content.subtitle is None else R(inner.x, inner.y, inner.w, inner.h * 0.64)
    el = fit_text_box(ctx, "title", content.title, title_rect, min(3.0 * u, title_rect.h * 0.8), role="title",
                      bold=True, color=ink, font=theme.title_font)  # fmt: skip
    title = sheet.text(replace(el, align=align, effect=theme.title_effect))
    if content.subtitle is not None:
        top = text_rect(ctx, title).b + 0.2 * u
        sub = fit_text_box(ctx, "subtitle", content.subtitle, R(inner.x, top, inner.w, max(1.0, inner.b - top)),
                           1.3 * u, role="subtitle", color=ink)  # fmt: skip
        sheet.text(replace(sub, align=align))
    return rest


@dataclass
class _Slot:
    """One fact card while it is laid out: frame, content area, icon and texts."""

    inner: R
    row: bool
    side: float
    text_area: R
    icon: str
    accent: str
    parts: list[TextElement]


def _card(sheet: Sheet, r: R, fact: Fact, icon: str, accent: str, style: int) -> _Slot:
    """One fact card's frame; its icon and texts are placed once every card's text size is known."""
    ctx = sheet.ctx
    theme = ctx.theme
    sheet.shape(card(ctx, sheet.ident("card"), r, theme.surface, radius=0.022))
    pad = min(r.w, r.h) * 0.1
    inner = r.inset(pad)
    if style == 1:
        sheet.shape(card(ctx, sheet.ident("stripe"), R(r.x, r.y, max(2.0, pad * 0.3), r.h), accent, radius=0.0,
                         shadow=False, layer=1))  # fmt: skip
    row = inner.w / max(1.0, inner.h) >= 1.7
    if row:
        side = min(inner.h, inner.w * 0.3)
        text_area = inner.right_of(side, pad)
    else:
        side = min(inner.h * 0.34, inner.w * 0.5)
        text_area = inner.below(side, pad * 0.6)
    number_color = readable(C.darken(accent, 0.1), theme.surface)
    ink = readable(theme.ink, theme.surface)
    u = unit(ctx)
    if fact.number:
        num_box = R(text_area.x, text_area.y, text_area.w, text_area.h * 0.45)
        rest_box = R(text_area.x, text_area.y, text_area.w, text_area.h * 0.55)
        num = fit_text_box(ctx, sheet.ident("number"), fact.number, num_box, 4.0 * u, bold=True, color=number_color)
        rest = fit_text_box(ctx, sheet.ident("fact"), fact.rest, rest_box, 1.35 * u, color=ink)
        parts = [num, rest] if fact.number_first else [rest, num]
    else:
        parts = [fit_text_box(ctx, sheet.ident("fact"), fact.text, text_area, 1.6 * u, bold=True, color=ink)]
    return _Slot(inner, row, side, text_area, icon, accent, parts)


def _finish(sheet: Sheet, slot: _Slot, parts: list[TextElement]) -> None:
    """Icon badge and texts of a card, stacked and centred as one group."""
    ctx = sheet.ctx
    u = unit(ctx)
    gap = 0.35 * u
    heights = [text_rect(ctx, el).h for el in parts]
    texts_h = sum(heights) + gap * (len(parts) - 1)
    side = slot.side
    if slot.row:
        badge = R(slot.inner.x, slot.inner.cy - side / 2, side, side)
        y = slot.text_area.y + max(0.0, (slot.text_area.h - texts_h) / 2)
    else:
        pad = slot.text_area.y - slot.inner.y - side
        total = side + pad + texts_h
        top = slot.inner.y + max(0.0, (slot.inner.h - total) / 2)
        badge = R(slot.inner.cx - side / 2, top, side, side)
        y = top + side + pad
    sheet.shape(Shape(sheet.ident("badge"), "ellipse", ctx.box(badge.x, badge.y, badge.w, badge.h),
                      fill=C.mix("#ffffff" if ctx.theme.dark else ctx.theme.surface, slot.accent, 0.16)))  # fmt: skip
    sheet.icon(slot.icon, sheet.ident("icon"), badge.inset(side * 0.18))
    area = slot.text_area
    for el, h in zip(parts, heights, strict=True):
        bh = (h + 1.0) / 0.96 + 1.0
        sheet.text(replace(el, box=ctx.box(area.x, y - (bh - h) / 2, area.w, bh)))
        y += h + gap


def build(ctx: DocumentContext) -> DocumentParts:
    rng = ctx.rng
    content = read_content(ctx)
    sheet = Sheet(ctx)
    background = page_background(ctx)
    style = rng.randrange(3)
    wide = ctx.aspect >= 3.0
    area = _header(sheet, content, wide, style)
    u = unit(ctx)
    if content.footer is not None:
        fh = u * 1.9
        foot = R(area.x, area.b - fh, area.w, fh)
        el = fit_text_box(ctx, "footer", content.footer, foot, 0.95 * u, role="label")
        sheet.text(on_background(ctx, el, background, ctx.theme.ink))
        area = R(area.x, area.y, area.w, area.h - fh - 0.3 * u)
    n = len(content.facts)
    gap = margin(ctx) * 0.8
    cols, rows = _grid(n, area, gap)
    cw = (area.w - (cols - 1) * gap) / cols
    ch = (area.h - (rows - 1) * gap) / rows
    icons = pick_icons([f.text for f in content.facts], content.topic_icon, _POOL)
    accents = ctx.theme.accents
    slots: list[_Slot] = []
    for i, fact in enumerate(content.facts):
        col, row = i % cols, i // cols
        in_row = min(cols, n - row * cols)
        offset = (cols - in_row) * (cw + gap) / 2  # centre a short last row
        r = R(area.x + offset + col * (cw + gap), area.y + row * (ch + gap), cw, ch)
        accent = accents[i % len(accents)] if style != 2 else accents[0]
        slots.append(_card(sheet, r, fact, icons[i], accent, style))
    # One size for every number and one for every fact text, as a designer would set them.
    numbers = [p for slot in slots for p in slot.parts if p.id.startswith("number")]
    others = [p for slot in slots for p in slot.parts if not p.id.startswith("number")]
    sized = {el.id: el for el in uniform(ctx, numbers) + uniform(ctx, others)}
    for slot in slots:
        _finish(sheet, slot, [sized[p.id] for p in slot.parts])
    notes = ("The prompt named no facts: the cards hold placeholder text.",) if content.sample else ()
    return DocumentParts(
        layout=f"infographic-{cols}x{rows}",
        background=background,
        texts=tuple(sheet.texts),
        assets=tuple(sheet.assets),
        shapes=tuple(sheet.shapes),
        filters=ctx.theme.filters,
        notes=notes,
    )
