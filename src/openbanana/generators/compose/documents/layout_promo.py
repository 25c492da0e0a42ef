"""The shared machinery of posters, banners and social posts: the copy (title, subtitle, details, call
to action, handle), a look per style (palette, decoration, typefaces), an illustration area and a
typographic stack with real hierarchy.

A template decides the arrangement (which blocks go where along which axis); this module draws the
blocks. Decorations stay out of every text rectangle, so text always sits on the plain page colour
(or on a band or button the template put under it, whose colour it is told).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.layout_kit import (
    LINE_EM,
    Rect,
    Sheet,
    button_fill,
    legible_accent,
    readable,
    square,
    text_width,
)
from openbanana.generators.compose.documents.layout_scene import mini_scene
from openbanana.generators.compose.documents.layout_words import Quote, Roles
from openbanana.generators.compose.theme import Theme

#: Decorations per style; a style not listed draws from :data:`PLAIN_DECOR`.
STYLE_DECOR: dict[str, tuple[str, ...]] = {
    "retro": ("sunburst",), "vintage": ("sunburst", "frame"), "pop-art": ("burst",), "minimal": ("rule",),
    "corporate": ("band",), "playful": ("confetti",), "neon": ("rings",), "elegant": ("frame",),
    "flat": ("blob", "circles"),
}  # fmt: skip
PLAIN_DECOR = ("circles", "blob", "band", "frame", "confetti", "stripes")

#: The colours under a rectangle of the page (to pick text colours that read there).
Under = Callable[[Rect], list[str]]


@dataclass
class Copy:
    title: Quote | None = None
    subtitle: Quote | None = None
    details: list[Quote] = field(default_factory=list)
    cta: Quote | None = None
    handle: Quote | None = None

    @property
    def lines(self) -> list[Quote]:
        return [q for q in (self.title, self.subtitle, *self.details, self.cta, self.handle) if q is not None]


def read_copy(items: list[Quote]) -> Copy:
    """Every quote in a role: title, subtitle, details (dates, places, prices, the rest), CTA, handle."""
    roles = Roles(items)
    copy = Copy()
    copy.cta = roles.take("button")
    copy.handle = roles.take("handle")
    copy.title = roles.take("title", "name") or roles.take("", "label", "caption", "speech", "link", "tab")
    copy.subtitle = roles.take("subtitle", "tagline") or roles.take("", "label", "caption", "speech")
    copy.details = roles.rest()
    if copy.title is None and copy.details:
        copy.title = copy.details.pop(0)
    return copy


@dataclass(frozen=True)
class Look:
    page: tuple[str, ...]
    ink: str
    muted: str
    accent: str
    button: tuple[str, str]
    decor: str
    title_font: str
    body_font: str
    effect: str
    filters: tuple[str, ...]
    dark: bool


def look_for(th: Theme, styles: frozenset[str], rng: random.Random) -> Look:
    """Palette, decoration and typefaces for the prompt's styles (seeded where the style leaves a choice)."""
    wanted = [d for s in sorted(styles) for d in STYLE_DECOR.get(s, ())]
    decor = rng.choice(wanted or PLAIN_DECOR)
    page = th.background
    ink = readable(page, ("#f4f5f7",) if th.dark else ("#15171c",))
    muted = readable(page, (C.mix(ink, page[0], 0.3), ink))
    accent = th.accents[0]
    title_font = th.title_font
    if title_font == "sans" and not {"corporate", "minimal"} & styles:
        title_font = rng.choice(("sans", "sans", "display", "serif"))
    return Look(
        page=tuple(page),
        ink=ink,
        muted=muted,
        accent=accent,
        button=button_fill(accent),
        decor=decor,
        title_font=title_font,
        body_font=th.body_font,
        effect=th.title_effect,
        filters=th.filters,
        dark=th.dark,
    )


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def decorate(sheet: Sheet, look: Look, keep_clear: list[Rect], rng: random.Random) -> None:
    """Page decorations that never touch ``keep_clear`` (text and illustration rectangles)."""
    w, h = float(sheet.w), float(sheet.h)
    short = min(w, h)
    colors = [look.accent, *sheet.ctx.theme.accents[1:3]]
    if look.decor in ("confetti", "circles", "rings"):
        count = {"confetti": 26, "circles": 5, "rings": 4}[look.decor]
        for _ in range(count * 3):
            if count <= 0:
                break
            r = short * (rng.uniform(0.006, 0.016) if look.decor == "confetti" else rng.uniform(0.04, 0.12))
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            box = (cx - r * 1.2, cy - r * 1.2, r * 2.4, r * 2.4)
            if any(_overlaps(box, k) for k in keep_clear) or cx < r or cy < r or cx > w - r or cy > h - r:
                continue
            color = rng.choice(colors)
            if look.decor == "rings":
                sheet.ellipse((cx - r, cy - r, 2 * r, 2 * r), None, stroke=color, stroke_w=max(1.5, r * 0.12))
            elif look.decor == "circles":
                sheet.circle(cx, cy, r, color, opacity=0.22)
            elif rng.random() < 0.5:
                sheet.circle(cx, cy, r, color)
            else:
                a = rng.uniform(0, math.pi)
                dx, dy = math.cos(a) * r * 1.6, math.sin(a) * r * 1.6
                sheet.line(cx - dx, cy - dy, cx + dx, cy + dy, color, r * 0.9)
            count -= 1
    elif look.decor == "frame":
        m = short * 0.025
        sheet.rect((m, m, w - 2 * m, h - 2 * m), None, stroke=look.ink, stroke_w=max(1.0, short * 0.004))
        m2 = m + short * 0.012
        sheet.rect((m2, m2, w - 2 * m2, h - 2 * m2), None, stroke=look.ink, stroke_w=max(1.0, short * 0.0015))
    elif look.decor == "stripes":
        band = short * 0.018
        for k in range(3):
            y = h - band * (2.2 * k + 1.6)
            if not any(_overlaps((0, y, w, band), c) for c in keep_clear):
                sheet.rect((0.0, y, w, band), colors[k % len(colors)], opacity=0.85)


def art(
    sheet: Sheet, r: Rect, icons: list[tuple[str, str]], look: Look, setting: str | None, time: str | None,
    rng: random.Random,
) -> None:  # fmt: skip
    """The illustration area: a backdrop by style (disc, blob, sunburst, starburst or a small scene in a
    rounded window) with the subjects on it."""
    x, y, w, h = r
    sq = square(r)
    cx, cy = sq[0] + sq[2] / 2, sq[1] + sq[3] / 2
    rad = sq[2] / 2
    if setting is not None:
        win = (x + w * 0.04, y + h * 0.04, w * 0.92, h * 0.92)
        ground = mini_scene(sheet, win, setting, time or "day", rng)
        sheet.rect(win, None, stroke=look.ink, stroke_w=max(1.5, min(w, h) * 0.012))
        _group(sheet, (win[0], win[1] + win[3] * 0.2, win[2], ground - win[1] - win[3] * 0.2 + win[3] * 0.06), icons,
               rng, shadow=True)  # fmt: skip
        return
    tint = C.mix(look.accent, look.page[0], 0.55)
    if look.decor == "sunburst":
        for k in range(16):
            a0 = k * 22.5
            sheet.wedge(sq, a0, a0 + 11.25, C.mix(look.accent, look.page[0], 0.45), inner=0.0)
        sheet.circle(cx, cy, rad * 0.62, C.mix(look.accent, look.page[0], 0.2))
    elif look.decor == "burst":
        pts = []
        for k in range(28):
            a = math.tau * k / 28
            rr = rad * (1.0 if k % 2 == 0 else 0.78)
            pts.append((cx + rr * math.sin(a), cy - rr * math.cos(a)))
        sheet.polygon(pts, "#ffe14d", stroke="#15171c", stroke_w=max(1.5, rad * 0.03))
    elif look.decor == "blob":
        pts = []
        phase = rng.uniform(0, math.tau)
        for k in range(36):
            a = math.tau * k / 36
            rr = rad * (0.86 + 0.1 * math.sin(3 * a + phase) + 0.04 * math.sin(5 * a + phase * 2))
            pts.append((cx + rr * math.sin(a), cy - rr * math.cos(a)))
        sheet.polygon(pts, tint)
    elif look.decor == "rule":
        sheet.circle(cx, cy, rad * 0.8, C.mix(look.accent, look.page[0], 0.85))
    else:
        sheet.circle(cx, cy, rad * 0.92, tint)
        sheet.circle(cx + rad * 0.62, cy - rad * 0.6, rad * 0.16, look.accent, opacity=0.8)
    _group(sheet, (cx - rad * 0.72, cy - rad * 0.72, rad * 1.44, rad * 1.44), icons, rng, shadow=False)


def _group(sheet: Sheet, r: Rect, icons: list[tuple[str, str]], rng: random.Random, shadow: bool) -> None:
    """One to four subjects: one large, or a row with the first one biggest."""
    x, y, w, h = r
    if not icons:
        return
    if len(icons) == 1:
        sheet.icon(icons[0][1], r, icons[0][0], shadow=shadow, rotation=rng.uniform(-5, 5), scale=0.92)
        return
    n = min(4, len(icons))
    weights = [1.5] + [1.0] * (n - 1)
    total = sum(weights)
    pos = x
    for k in range(n):
        cw = w * weights[k] / total
        side = min(cw, h) * (1.0 if k == 0 else 0.8)
        box = (pos + (cw - side) / 2, y + h - side - (h - min(cw, h)) / 2, side, side)
        sheet.icon(icons[k][1], box, icons[k][0], shadow=shadow, rotation=rng.uniform(-6, 6), flip=k % 2 == 1)
        pos += cw


def cta_button(sheet: Sheet, r: Rect, q: Quote, look: Look, align: str = "center") -> Rect:
    """A call-to-action button sized to its label inside ``r``; returns the button's rectangle."""
    x, y, w, h = r
    bh = min(h, max(12.0, w * 0.3))
    size = bh * 0.36
    bw = min(w, text_width(q.text, size, True) * 1.08 + bh * 1.3)
    bx = x if align == "left" else x + (w - bw) / 2
    btn = (bx, y + (h - bh) / 2, bw, bh)
    fill, ink = look.button
    sheet.rect(btn, fill, radius=bh / 2, shadow=not look.dark)
    sheet.text(q.text, (bx + bh * 0.5, btn[1] + bh * 0.26, bw - bh, bh * 0.48), on=[fill], prefer=(ink,), bold=True,
               font=look.body_font, ident=q.ident)  # fmt: skip
    return btn


def line(sheet: Sheet, q: Quote, r: Rect, under: Under, look: Look, role: str, align: str) -> None:
    """One text block of the stack in its role's colour, weight and typeface."""
    size = r[3] / LINE_EM
    on = under(r)
    if role == "title":
        title_ink = readable(on, (look.ink,))
        sheet.text(q.text, r, on=on, size=size, prefer=(title_ink,), bold=True, role="title", font=look.title_font,
                   effect=look.effect, align=align, ident=q.ident)  # fmt: skip
    elif role == "subtitle":
        accent = legible_accent(look.accent, on[0]) if not look.dark else look.ink
        sheet.text(q.text, r, on=on, size=size, prefer=(accent, look.ink), bold=True, role="subtitle",
                   font=look.body_font, align=align, ident=q.ident)  # fmt: skip
    else:
        sheet.text(q.text, r, on=on, size=size, prefer=(look.muted, look.ink), font=look.body_font, align=align,
                   ident=q.ident)  # fmt: skip


def stack(
    sheet: Sheet, r: Rect, copy: Copy, look: Look, under: Under, align: str, with_title: bool = True
) -> list[Rect]:
    """Title, subtitle, details, CTA and handle stacked in ``r`` with real hierarchy (the title gets most
    of the height, then the subtitle); returns the rectangles used (for decorations to avoid)."""
    x, y, w, h = r
    blocks: list[tuple[str, Quote, float]] = []
    if with_title and copy.title is not None:
        blocks.append(("title", copy.title, 1.0 + 0.35 * min(2.0, len(copy.title.text) / 14)))
    if copy.subtitle is not None:
        blocks.append(("subtitle", copy.subtitle, 0.42))
    blocks += [("details", q, 0.3) for q in copy.details]
    if copy.cta is not None:
        blocks.append(("cta", copy.cta, 0.42))
    if copy.handle is not None:
        blocks.append(("handle", copy.handle, 0.26))
    if not blocks:
        return []
    total = sum(b[2] for b in blocks)
    gap = h * 0.035
    unit = (h - gap * (len(blocks) - 1)) / total
    cur = y
    used: list[Rect] = []
    for role, q, weight in blocks:
        bh = unit * weight
        box = (x, cur, w, bh)
        if role == "cta":
            used.append(cta_button(sheet, (x, cur, w, bh), q, look, align))
        elif role == "handle":
            line(sheet, q, (x, cur + bh * 0.1, w, bh * 0.8), under, look, "details", align)
            used.append(box)
        else:
            line(sheet, q, box, under, look, role, align)
            used.append(box)
        cur += bh + gap
    return used
