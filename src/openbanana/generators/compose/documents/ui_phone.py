"""A phone and what its screen shows: an app home screen (app bar, hero card, list rows or a card
grid, a primary button, a tab bar) or a sign-in form.

Sizes are fractions of the screen width, so the same screen reads the same in a 512 px thumbnail and
a 4K render; a screen taller than a phone's (a 1:8 strip) simply shows more rows, like a full-page
capture of a scrolling app.
"""

from __future__ import annotations

import random

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.layout_kit import Rect, Sheet, inset, legible_accent
from openbanana.generators.compose.documents.layout_words import Quote, Roles
from openbanana.generators.compose.documents.ui_kit import (
    NAV_ICONS,
    UiStyle,
    bar,
    button,
    filler,
    icon_tile,
    status_bar,
    tab_bar,
)

#: Width over height of a phone body.
PHONE_ASPECT = 0.49
#: Screen corner radius over screen width.
SCREEN_RADIUS = 0.08

SECTION_WORDS = ("Popular", "For you", "Today", "Recent", "Featured", "Explore")
FIELD_WORDS = (("Email", "envelope"), ("Password", "locked"))


def phone(sheet: Sheet, r: Rect, style: UiStyle) -> Rect:
    """A phone body filling ``r``; returns its screen."""
    _x, _y, w, _h = r
    sheet.rect(r, "#0e1014", radius=w * 0.14, shadow=True)
    sheet.rect(inset(r, w * 0.008), "#2a2e36", radius=w * 0.135)
    screen = inset(r, w * 0.032)
    sheet.rect(screen, style.screen, radius=screen[2] * SCREEN_RADIUS)
    return screen


def screen_chrome(sheet: Sheet, screen: Rect, style: UiStyle) -> None:
    """The camera island, the status bar and the home indicator every phone screen shows."""
    x, y, w, h = screen
    sheet.rect((x + w * 0.36, y + w * 0.025, w * 0.28, w * 0.07), "#0e1014", radius=w * 0.035)
    pad = w * 0.06
    status_bar(sheet, (x + pad * 1.3, y + w * 0.03, w - pad * 2.6, w * 0.06), style, style.screen)
    sheet.rect((x + w * 0.35, y + h - w * 0.17 * 0.16, w * 0.3, max(1.5, w * 0.012)), style.ink, radius=w * 0.01)


def _row(sheet: Sheet, r: Rect, style: UiStyle, icon: str, color: str, label: Quote | None, rng: random.Random) -> None:
    """A list row: icon tile, a title line and a detail line, a chevron or a price on the right."""
    x, y, w, h = r
    sheet.rect(r, style.surface, radius=h * 0.2 * style.round, shadow=not style.dark)
    tile = (x + h * 0.16, y + h * 0.16, h * 0.68, h * 0.68)
    icon_tile(sheet, tile, icon, color, style)
    tx = tile[0] + tile[2] + h * 0.22
    tw = x + w - tx - h * 0.5
    if label is not None:
        sheet.text(label.text, (tx, y + h * 0.14, tw, h * 0.42), on=[style.surface], prefer=(style.ink,),
                   bold=True, align="left", font=style.body_font, ident=label.ident)  # fmt: skip
    else:
        bar(sheet, tx, y + h * 0.26, tw * rng.uniform(0.45, 0.75), h * 0.15, C.mix(style.ink, style.surface, 0.55))
    bar(sheet, tx, y + h * 0.62, tw * rng.uniform(0.3, 0.6), h * 0.11, style.skeleton)
    cx, cy, s = x + w - h * 0.32, y + h / 2, h * 0.1
    sheet.polygon([(cx - s * 0.5, cy - s), (cx + s * 0.5, cy), (cx - s * 0.5, cy + s)], None,
                  stroke=style.muted, stroke_w=max(1.0, h * 0.03), closed=False)  # fmt: skip


def _hero(sheet: Sheet, r: Rect, style: UiStyle, text: Quote | None, icon: str, rng: random.Random) -> None:
    """A coloured card with a line of text and the main illustration."""
    x, y, w, h = r
    fill = style.primary if rng.random() < 0.6 else C.mix(style.accents[1 % len(style.accents)], "#000000", 0.15)
    sheet.rect(r, fill, radius=min(w, h) * 0.12 * style.round, shadow=not style.dark)
    art = (x + w * 0.58, y + h * 0.1, w * 0.38, h * 0.8)
    ax, ay = art[0] + art[2] / 2, art[1] + art[3] / 2
    sheet.circle(ax, ay, min(art[2], art[3]) * 0.56, "#ffffff", opacity=0.12)
    sheet.circle(ax, ay, min(art[2], art[3]) * 0.42, "#ffffff", opacity=0.12)
    sheet.icon(icon, art, scale=0.92)
    text_r = (x + w * 0.07, y + h * 0.14, w * 0.5, h * 0.46)
    if text is not None:
        sheet.text(text.text, text_r, on=[fill], size=h * 0.16, prefer=("#ffffff",), bold=True,
                   align="left", font=style.title_font, ident=text.ident)  # fmt: skip
    else:
        for k, frac in enumerate((0.8, 0.55)):
            bar(sheet, text_r[0], text_r[1] + h * (0.08 + 0.16 * k), text_r[2] * frac, h * 0.09, "#ffffff")
    pill = (x + w * 0.07, y + h * 0.68, w * 0.26, h * 0.17)
    sheet.rect(pill, "#ffffff", radius=pill[3] / 2, opacity=0.95)
    bar(sheet, pill[0] + pill[2] * 0.22, pill[1] + pill[3] * 0.4, pill[2] * 0.56, pill[3] * 0.2, fill)


def app_screen(sheet: Sheet, screen: Rect, style: UiStyle, roles: Roles, icons: list[str], rng: random.Random) -> None:
    """An app home screen filling ``screen``."""
    x, y, w, h = screen
    pad = w * 0.06
    screen_chrome(sheet, screen, style)
    title = roles.title()
    cta = roles.take("button")
    hero_q = roles.take("subtitle", "tagline", "price", "details")
    labels = [q for q in roles.rest()]
    top = y + w * 0.13
    bar_h = w * 0.13
    title_r = (x + pad, top, w - pad * 2 - bar_h * 1.1, bar_h)
    if title is not None:
        sheet.text(title.text, title_r, on=[style.screen], size=w * 0.075, prefer=(style.ink,), bold=True,
                   align="left", font=style.title_font, ident=title.ident, role="title")  # fmt: skip
    else:
        bar(sheet, x + pad, top + bar_h * 0.35, w * 0.4, bar_h * 0.3, style.skeleton)
    av = bar_h * 0.8
    sheet.ellipse((x + w - pad - av, top + (bar_h - av) / 2, av, av), style.tile(style.accents[2 % 6]))
    sheet.icon("bust-in-silhouette", (x + w - pad - av, top + (bar_h - av) / 2, av, av), scale=0.7)
    tabs_h = w * 0.17
    bottom = y + h - tabs_h
    cur = top + bar_h + pad * 0.6
    hero_h = w * 0.46
    btn_h = max(w * 0.13, min(22.0, h * 0.05)) if cta is not None else 0.0
    end = bottom - (btn_h + pad if cta is not None else pad * 0.5)
    gap = pad * 0.45
    section = w * 0.08
    # Rows for every label come first: the hero card and the section heading only take what is left.
    need = len(labels) * (w * 0.16 + gap)
    if end - cur - need > hero_h + pad + w * 0.2:
        _hero(sheet, (x + pad, cur, w - 2 * pad, hero_h), style, hero_q, icons[0], rng)
        cur += hero_h + pad
    elif hero_q is not None:
        labels.insert(0, hero_q)
        need += w * 0.16 + gap
    if end - cur - need > section * 2:
        filler(sheet, rng.choice(SECTION_WORDS), (x + pad, cur, w * 0.5, section), style, style.screen,
               size=w * 0.05, bold=True, color=style.ink)  # fmt: skip
        cur += section + pad * 0.4
    room = end - cur + gap
    count = max(len(labels), int(room // (w * 0.2 + gap)), 1)
    row_h = min(w * 0.26, room / count - gap)
    for i in range(count):
        ry = cur + i * (row_h + gap)
        color = style.accents[(i + 1) % len(style.accents)]
        label = labels[i] if i < len(labels) else None
        _row(sheet, (x + pad, ry, w - 2 * pad, row_h), style, icons[(i + 1) % len(icons)], color, label, rng)
    if cta is not None:
        button(sheet, (x + pad, bottom - btn_h - pad * 0.6, w - 2 * pad, btn_h), cta.text, style, ident=cta.ident)
    tab_bar(sheet, (x, bottom, w, tabs_h), style, NAV_ICONS, active=0, corner=SCREEN_RADIUS * w)
    sheet.rect((x + w * 0.35, y + h - tabs_h * 0.16, w * 0.3, max(1.5, w * 0.012)), style.ink, radius=w * 0.01)


def login_form(sheet: Sheet, r: Rect, style: UiStyle, roles: Roles, icon: str, on: str, rng: random.Random) -> None:
    """A sign-in form in ``r``: mark, welcome line, two fields, the button, a help link."""
    x, y, w, h = r
    title = roles.title()
    sub = roles.take("subtitle", "tagline", "details")
    cta = roles.take("button")
    fields = [roles.take("field") for _ in FIELD_WORDS]
    link = roles.take("link", "label", "caption")
    extra = roles.rest()
    # A button under ~20 px cannot hold a legible label: narrow strips get that much if they are tall enough.
    unit = min(max(w * 0.12, 18.0), h / (11.5 + 0.9 * len(extra)))
    mark = unit * 1.7
    total = mark + unit * (9.2 + 0.9 * len(extra))
    cur = y + max(0.0, (h - total) / 2)
    cx = x + w / 2
    icon_tile(sheet, (cx - mark / 2, cur, mark, mark), icon, style.primary, style)
    cur += mark + unit * 0.7
    if title is not None:
        sheet.text(title.text, (x, cur, w, unit * 1.3), on=[on], prefer=(style.ink,), bold=True, role="title",
                   font=style.title_font, ident=title.ident)  # fmt: skip
    else:
        filler(sheet, "Welcome back", (x, cur, w, unit * 1.3), style, on, bold=True, align="center", color=style.ink)
    cur += unit * 1.3 + unit * 0.25
    if sub is not None:
        sheet.text(sub.text, (x, cur, w, unit * 0.8), on=[on], prefer=(style.muted,), font=style.body_font,
                   ident=sub.ident)  # fmt: skip
    else:
        filler(sheet, "Sign in to continue", (x, cur, w, unit * 0.75), style, on, align="center")
    cur += unit * 0.8 + unit * 0.6
    for (word, glyph), quote in zip(FIELD_WORDS, fields, strict=True):
        field = (x, cur, w, unit * 1.1)
        sheet.rect(
            field, style.surface, radius=unit * 0.28 * style.round, stroke=style.line, stroke_w=max(1, unit * 0.04)
        )
        sheet.icon(glyph, (x + unit * 0.3, cur + unit * 0.25, unit * 0.6, unit * 0.6))
        text_r = (x + unit * 1.15, cur + unit * 0.22, w - unit * 1.5, unit * 0.66)
        if quote is not None:
            sheet.text(quote.text, text_r, on=[style.surface], prefer=(style.muted,), align="left", ident=quote.ident)
        else:
            filler(sheet, word, text_r, style, style.surface)
        cur += unit * 1.1 + unit * 0.35
    cur += unit * 0.35
    button(sheet, (x, cur, w, unit * 1.1), cta.text if cta else "Sign in", style, ident=cta.ident if cta else None)
    cur += unit * 1.1 + unit * 0.5
    link_r = (x, cur, w, unit * 0.7)
    link_ink = legible_accent(style.primary, on)
    if link is not None:
        sheet.text(link.text, link_r, on=[on], prefer=(link_ink,), ident=link.ident)
    else:
        filler(sheet, "Forgot password?", link_r, style, on, align="center", color=link_ink)
    for q in extra:
        cur += unit * 0.9
        sheet.text(q.text, (x, cur, w, unit * 0.7), on=[on], prefer=(style.muted,), ident=q.ident)
