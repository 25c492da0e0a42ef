"""A browser window and the pages it shows: a landing page (nav bar, hero with headline, sub-line and
call to action, feature cards) and a split sign-in page.

The page is a column of bands (nav, hero, features) in a normal window; in a wide strip (a 4:1 or
8:1 header) the hero and the features sit side by side, and in a portrait window the page becomes the
mobile layout: centred hero, the illustration under it, features stacked.
"""

from __future__ import annotations

import random

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.layout_kit import Rect, Sheet, grid, inset, split
from openbanana.generators.compose.documents.layout_words import Quote, Roles
from openbanana.generators.compose.documents.ui_kit import UiStyle, bar, button, filler, icon_tile
from openbanana.generators.compose.documents.ui_phone import login_form

NAV_WORDS = ("Features", "Pricing", "About", "Blog", "Contact")
FEATURE_WORDS = ("Fast", "Secure", "Simple", "Reliable", "Friendly", "Smart")
CTA_WORDS = ("Get started", "Try it free", "Join now", "Learn more")


def browser(sheet: Sheet, r: Rect, style: UiStyle) -> Rect:
    """A browser window with its tab strip and address bar; returns the page viewport."""
    x, y, w, h = r
    bar_h = max(6.0, min(h * 0.075, w * 0.035))
    radius = bar_h * 0.35
    chrome = "#232833" if style.dark else "#e8eaef"
    sheet.rect(r, chrome, radius=radius, shadow=True)
    dot = bar_h * 0.13
    for i, color in enumerate(("#ff5f57", "#febc2e", "#28c840")):
        sheet.circle(x + bar_h * 0.45 + i * dot * 3.2, y + bar_h / 2, dot, color)
    url = (x + w * 0.3, y + bar_h * 0.2, w * 0.4, bar_h * 0.6)
    sheet.rect(url, "#171b23" if style.dark else "#ffffff", radius=url[3] / 2)
    sheet.icon("locked", (url[0] + url[3] * 0.4, url[1] + url[3] * 0.15, url[3] * 0.7, url[3] * 0.7))
    bar(sheet, url[0] + url[3] * 1.4, url[1] + url[3] * 0.38, url[2] * 0.35, url[3] * 0.24, style.skeleton)
    view = (x, y + bar_h, w, h - bar_h)
    sheet.rect((x, y + bar_h, w, h - bar_h - radius), style.screen)
    sheet.rect((x, y + h - 2 * radius, w, 2 * radius), style.screen, radius=radius)
    return view


def nav_bar(sheet: Sheet, r: Rect, style: UiStyle, roles: Roles, icon: str, links: int) -> None:
    """Logo mark and brand name on the left, links and a sign-up button on the right."""
    x, y, w, h = r
    pad = h * 0.5
    mark = h * 0.56
    icon_tile(sheet, (x + pad, y + (h - mark) / 2, mark, mark), icon, style.primary, style)
    brand = roles.take("name")
    brand_r = (x + pad + mark * 1.25, y + h * 0.25, w * 0.22, h * 0.5)
    if brand is not None:
        sheet.text(brand.text, brand_r, on=[style.screen], prefer=(style.ink,), bold=True, align="left",
                   font=style.title_font, ident=brand.ident)  # fmt: skip
    else:
        bar(sheet, brand_r[0], y + h * 0.42, w * 0.08, h * 0.16, style.skeleton)
    btn_w = h * 2.3
    button(sheet, (x + w - pad - btn_w, y + h * 0.22, btn_w, h * 0.56), "Sign up", style)
    quoted = [q for q in (roles.take("link") for _ in range(links)) if q is not None]
    words: list[Quote | str] = [*quoted, *NAV_WORDS[: max(0, links - len(quoted))]]
    slot = min(h * 2.6, (w * 0.5 - btn_w) / max(1, len(words)))
    for i, word in enumerate(words):
        lr = (x + w - pad - btn_w - (len(words) - i) * slot - pad * 0.5, y + h * 0.3, slot * 0.9, h * 0.4)
        if isinstance(word, Quote):
            sheet.text(word.text, lr, on=[style.screen], prefer=(style.muted,), ident=word.ident)
        else:
            filler(sheet, word, lr, style, style.screen, align="center")
    sheet.rect((x, y + h - max(1.0, h * 0.02), w, max(1.0, h * 0.02)), style.line)


def hero_text(sheet: Sheet, r: Rect, style: UiStyle, roles: Roles, align: str, rng: random.Random, on: str) -> None:
    """Headline, sub-line and call-to-action button stacked in ``r``."""
    x, y, w, h = r
    title = roles.title()
    sub = roles.take("subtitle", "tagline", "details", "price")
    cta = roles.take("button")
    if w > h * 3.2:  # a strip: headline and sub-line, the button beside them
        words, btn_col = split(r, [2.4, 1.0], w * 0.04, vertical=False)
        head_h, sub_h = split(words, [0.62, 0.3], h * 0.06, vertical=True)
        btn_h = (btn_col[0], y + h * 0.28, btn_col[2], h * 0.44)
    else:
        # Without a sub-line on a bare backdrop (nothing to stand in for it), the button moves up.
        sub_w = 0.22 if sub is not None or on == style.screen else 0.02
        pad = (0.22 - sub_w) / 2
        _top, head_h, sub_h, btn_h, _bottom = split((x, y, w, h), [pad, 0.5, sub_w, 0.15, pad], h * 0.05, vertical=True)
    # Narrow columns let the headline wrap onto more lines rather than shrink to a caption.
    head_size = min(head_h[3] / 1.5, w * (0.2 if w < 300 else 0.14))
    if title is not None:
        sheet.text(title.text, head_h, on=[on], size=head_size, prefer=(style.ink,), bold=True, role="title",
                   font=style.title_font, align=align, ident=title.ident)  # fmt: skip
    else:
        bar(sheet, head_h[0], head_h[1] + head_h[3] * 0.4, head_h[2] * 0.7, head_h[3] * 0.2, style.skeleton)
    if sub is not None:
        sub_size = min(sub_h[3] / 2.2, max(head_size * 0.42, w * 0.09))
        sheet.text(sub.text, sub_h, on=[on], size=sub_size, prefer=(style.muted,), font=style.body_font, align=align,
                   ident=sub.ident, role="subtitle")  # fmt: skip
    elif on == style.screen:  # placeholder lines inside a page, nothing on a bare backdrop
        for k in range(2):
            bar(sheet, sub_h[0], sub_h[1] + sub_h[3] * (0.25 + 0.3 * k), sub_h[2] * (0.8 - 0.25 * k), sub_h[3] * 0.12,
                style.skeleton)  # fmt: skip
    bw = min(btn_h[2] * 0.55 if btn_h[2] == w else btn_h[2],
             max(btn_h[3] * 3.4, btn_h[3] * 0.5 * len(cta.text if cta else "Get started") + btn_h[3]))  # fmt: skip
    bx = btn_h[0] if align == "left" else btn_h[0] + (btn_h[2] - bw) / 2
    label = cta.text if cta else rng.choice(CTA_WORDS)
    button(sheet, (bx, btn_h[1], bw, btn_h[3]), label, style, ident=cta.ident if cta else None)


def art(sheet: Sheet, r: Rect, style: UiStyle, icons: list[str], rng: random.Random) -> None:
    """The hero illustration: the subjects on a soft blob of the accent colour, with floating chips."""
    x, y, w, h = r
    side = min(w, h)
    cx, cy = x + w / 2, y + h / 2
    sheet.circle(cx, cy, side * 0.46, style.tile(style.primary))
    sheet.circle(cx + side * 0.3, cy - side * 0.3, side * 0.1, style.tile(style.accents[1 % len(style.accents)]))
    main = (cx - side * 0.32, cy - side * 0.32, side * 0.64, side * 0.64)
    sheet.icon(icons[0], main)
    for k, name in enumerate(icons[1:3]):
        chip = (
            x + w / 2 + (side * 0.18 if k else -side * 0.5),
            cy + side * (0.12 if k else -0.05),
            side * 0.3,
            side * 0.3,
        )
        sheet.rect(chip, style.surface, radius=side * 0.06 * style.round, shadow=True, layer=1)
        sheet.icon(name, chip, scale=0.7, layer=1)


def features(sheet: Sheet, r: Rect, style: UiStyle, roles: Roles, icons: list[str], vertical: bool) -> None:
    """A row (or column) of feature cards: icon tile, a name, two placeholder lines."""
    labels = roles.rest()
    count = max(3, len(labels))
    _x, _y, w, h = r
    gap = min(w, h) * 0.06
    # A column of more than three cards becomes two columns, so each card keeps a readable size.
    two = vertical and count > 3 and w >= 300
    cells = grid(r, count, 2, gap) if two else split(r, [1.0] * count, gap, vertical)
    for i, cell in enumerate(cells):
        cx, cy, cw, ch = cell
        sheet.rect(cell, style.surface, radius=min(cw, ch) * 0.08 * style.round, shadow=not style.dark)
        unit = min(ch * 0.3, cw * 0.25)
        color = style.accents[i % len(style.accents)]
        icon_tile(sheet, (cx + unit * 0.5, cy + unit * 0.5, unit, unit), icons[(i + 1) % len(icons)], color, style)
        side = cx + unit * 1.8 if vertical or ch < cw * 0.5 else cx + unit * 0.5
        top = cy + unit * 0.55 if side > cx + unit else cy + unit * 1.8
        tw = cx + cw - side - unit * 0.4
        name = (side, top, tw, unit * 0.62)
        label = labels[i] if i < len(labels) else None
        if label is not None:
            sheet.text(label.text, name, on=[style.surface], prefer=(style.ink,), bold=True, align="left",
                       ident=label.ident)  # fmt: skip
        else:
            filler(sheet, FEATURE_WORDS[i % len(FEATURE_WORDS)], name, style, style.surface, bold=True,
                   color=style.ink)  # fmt: skip
        for k in range(2):
            ly = top + unit * (0.95 + 0.38 * k)
            if ly + unit * 0.2 < cy + ch - unit * 0.2:
                bar(sheet, side, ly, tw * (0.85 - 0.3 * k), unit * 0.16, style.skeleton)


def landing(sheet: Sheet, view: Rect, style: UiStyle, roles: Roles, icons: list[str], rng: random.Random) -> str:
    """A landing page filling ``view``; returns the arrangement's name."""
    x, y, w, h = view
    aspect = w / h
    nav_h = max(8.0, min(h * 0.12, w * 0.055))
    nav_bar(sheet, (x, y, w, nav_h), style, roles, icons[0], links=3 if aspect > 1.2 else 0)
    body = inset((x, y + nav_h, w, h - nav_h), min(w, h) * 0.06)
    _bx, _by, bw, bh = body
    if aspect >= 2.6:  # a strip: hero text | illustration | feature cards
        text_r, art_r, feat_r = split(body, [1.2, 0.55, 1.3], bw * 0.03, vertical=False)
        hero_text(sheet, text_r, style, roles, "left", rng, style.screen)
        art(sheet, art_r, style, icons, rng)
        features(sheet, feat_r, style, roles, icons, vertical=False)
        return "landing-strip"
    if aspect <= 0.8:  # the mobile page: everything centred and stacked
        text_r, art_r, feat_r = split(body, [1.0, 0.9, 1.3], bh * 0.03, vertical=True)
        hero_text(sheet, text_r, style, roles, "center", rng, style.screen)
        art(sheet, art_r, style, icons, rng)
        features(sheet, feat_r, style, roles, icons, vertical=True)
        return "landing-mobile"
    hero_r, feat_r = split(body, [2.0, 1.0], bh * 0.06, vertical=True)
    tint = C.mix(style.primary, style.screen, 0.93 if not style.dark else 0.85)
    if rng.random() < 0.3:  # a centred hero: the words in the middle, an illustration either side
        sheet.rect((x, y + nav_h, w, hero_r[1] + hero_r[3] - y - nav_h + bh * 0.03), tint)
        side_w = hero_r[2] * 0.22
        left, middle, right = split(hero_r, [side_w, hero_r[2] - 2 * side_w, side_w], 0, vertical=False)
        hero_text(sheet, inset(middle, middle[2] * 0.06, middle[3] * 0.06), style, roles, "center", rng, tint)
        for k, r in enumerate((left, right)):
            sq = (r[0] + r[2] * 0.1, r[1] + (r[3] - r[2] * 0.8) / 2, r[2] * 0.8, r[2] * 0.8)
            sheet.circle(sq[0] + sq[2] / 2, sq[1] + sq[3] / 2, sq[2] * 0.5, style.tile(style.accents[k % 6]))
            sheet.icon(icons[k % len(icons)], sq, scale=0.7)
        features(sheet, feat_r, style, roles, icons, vertical=False)
        return "landing-centred"
    flip = rng.random() < 0.35
    parts = split(hero_r, [1.0, 0.8], bw * 0.04, vertical=False)
    text_r, art_r = (parts[1], parts[0]) if flip else (parts[0], parts[1])
    sheet.rect((x, y + nav_h, w, hero_r[1] + hero_r[3] - y - nav_h + bh * 0.03), tint)
    hero_text(sheet, inset(text_r, 0, text_r[3] * 0.08), style, roles, "left", rng, tint)
    art(sheet, art_r, style, icons, rng)
    features(sheet, feat_r, style, roles, icons, vertical=False)
    return "landing-split-art-left" if flip else "landing-split"


def login_strip(sheet: Sheet, view: Rect, style: UiStyle, roles: Roles, icons: list[str]) -> str:
    """A sign-in bar for a wide strip: mark and title, the two fields and the button in one row."""
    x, y, w, h = view
    title = roles.title()
    cta = roles.take("button")
    fields = [roles.take("field"), roles.take("field")]
    extra = roles.rest()
    pad = h * 0.18
    row = (x + pad, y + pad, w - 2 * pad, h - 2 * pad)
    weights = [1.3 + 0.6 * len(extra), 1.0, 1.0, 0.7]
    head, f1, f2, btn = split(row, weights, pad, vertical=False)
    mark = min(head[3], head[2] * 0.25)
    icon_tile(sheet, (head[0], head[1] + (head[3] - mark) / 2, mark, mark), icons[0], style.primary, style)
    words = (head[0] + mark * 1.25, head[1], head[2] - mark * 1.25, head[3])
    lines = [q for q in (title, *extra) if q is not None]
    for k, q in enumerate(lines):
        part = split(words, [1.0] * len(lines), 0, vertical=True)[k]
        sheet.text(q.text, part, on=[style.screen], prefer=(style.ink,), bold=k == 0, align="left", ident=q.ident)
    fh = min(f1[3] * 0.7, f1[2] * 0.26)
    for (word, glyph), quote, field in zip(
        (("Email", "envelope"), ("Password", "locked")), fields, (f1, f2), strict=True
    ):
        fx, fy, fw = field[0], field[1] + (field[3] - fh) / 2, field[2]
        sheet.rect((fx, fy, fw, fh), style.surface, radius=fh * 0.3, stroke=style.line, stroke_w=max(1.0, fh * 0.04))
        sheet.icon(glyph, (fx + fh * 0.2, fy + fh * 0.2, fh * 0.6, fh * 0.6))
        text_r = (fx + fh, fy + fh * 0.22, fw - fh * 1.2, fh * 0.56)
        if quote is not None:
            sheet.text(quote.text, text_r, on=[style.surface], prefer=(style.muted,), align="left", ident=quote.ident)
        else:
            filler(sheet, word, text_r, style, style.surface)
    bh = min(btn[3] * 0.7, btn[2] * 0.4)
    button(sheet, (btn[0], btn[1] + (btn[3] - bh) / 2, btn[2], bh), cta.text if cta else "Sign in", style,
           ident=cta.ident if cta else None)  # fmt: skip
    return "login-strip"


def login_split(sheet: Sheet, view: Rect, style: UiStyle, roles: Roles, icons: list[str], rng: random.Random) -> str:
    """A sign-in page: an illustrated brand panel beside a centred form (a one-row bar in a strip)."""
    x, y, w, h = view
    if w > h * 3:
        return login_strip(sheet, view, style, roles, icons)
    panel_w = w * rng.uniform(0.42, 0.5)
    left = rng.random() < 0.7
    panel = (x, y, panel_w, h) if left else (x + w - panel_w, y, panel_w, h)
    fill = C.mix(style.primary, "#000000", 0.1)
    sheet.rect(panel, fill)
    rad = min(panel_w, h) * 0.22
    sheet.circle(panel[0] + panel_w - rad * 1.2, y + rad * 1.2, rad, "#ffffff", opacity=0.08)
    sheet.circle(panel[0] + rad * 1.1, y + h - rad * 1.1, rad * 0.8, "#ffffff", opacity=0.08)
    sheet.icon(icons[0], inset(panel, panel_w * 0.18, h * 0.18))
    form_area = (x + panel_w, y, w - panel_w, h) if left else (x, y, w - panel_w, h)
    fw = min(form_area[2] * 0.7, h * 0.75)
    form = (form_area[0] + (form_area[2] - fw) / 2, y + h * 0.06, fw, h * 0.88)
    login_form(sheet, form, style, roles, icons[0], style.screen, rng)
    return "login-split" if left else "login-split-right"
