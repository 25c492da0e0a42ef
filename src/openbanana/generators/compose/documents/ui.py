"""UI mock-ups: a mobile app screen, a website landing page, a dashboard or a sign-in screen.

The prompt's words pick the variant (dashboard, login, website, app); without one the canvas decides:
portrait is a phone, landscape a browser. Quoted strings take the roles their wording gives them (the
first is the title or headline, "… button" the button label, the rest card and row labels); every one
of them is drawn exactly once, on a surface it contrasts with. Dark mode comes from the theme.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace

from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.layout_kit import Rect, Sheet, fit_aspect, flat, inset, split
from openbanana.generators.compose.documents.layout_words import Roles, quotes, register, subjects, theme
from openbanana.generators.compose.documents.ui_dash import dashboard
from openbanana.generators.compose.documents.ui_kit import GENERIC_ICONS, UiStyle, chips, ui_style
from openbanana.generators.compose.documents.ui_phone import PHONE_ASPECT, app_screen, login_form, phone, screen_chrome
from openbanana.generators.compose.documents.ui_web import browser, hero_text, landing, login_split

#: Variant → words that ask for it, tried in order.
VARIANTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dashboard", re.compile(r"\b(?:dashboards?|admin|analytics|kpis?|control panel|metrics)\b")),
    ("login", re.compile(r"\b(?:log ?in|sign ?in|sign ?up|register|registration|onboarding|auth)\b")),
    ("web", re.compile(r"\b(?:websites?|web ?pages?|landing|home ?page|site|saas|browser)\b")),
    ("app", re.compile(r"\b(?:apps?|mobile|phone|ios|android|smartphone)\b")),
)


def variant_for(unquoted: str, aspect: float) -> str:
    """The mock-up variant a prompt asks for; without a word, portrait canvases get a phone."""
    for name, pattern in VARIANTS:
        if pattern.search(unquoted):
            return name
    return "app" if aspect < 1.0 else "web"


def _icons(ctx: DocumentContext, rng: random.Random) -> list[str]:
    """The prompt's subjects first, then generic UI icons (seeded), at least eight."""
    found = [icon for _noun, icon, _count in subjects(ctx)]
    extra = [i for i in rng.sample(GENERIC_ICONS, len(GENERIC_ICONS)) if i not in found]
    return (found + extra)[: max(8, len(found))]


def _backdrop(sheet: Sheet, style: UiStyle, rng: random.Random, device: Rect) -> None:
    """Two soft discs behind the device, so the page is not an empty field."""
    x, y, w, h = device
    for k in range(2):
        rad = max(w, h) * rng.uniform(0.28, 0.42)
        cx = x + (w * rng.uniform(-0.05, 0.2) if k == 0 else w * rng.uniform(0.8, 1.05))
        cy = y + (h * rng.uniform(0.1, 0.35) if k == 0 else h * rng.uniform(0.65, 0.9))
        sheet.disc(cx, cy, rad, style.accents[k % len(style.accents)], 0.14)


def _phone_rect(area: Rect) -> Rect:
    """A phone filling ``area``: phone proportions, or longer in a tall strip (a scrolling capture)."""
    x, y, w, h = area
    if w / h <= PHONE_ASPECT * 0.85:
        return (x, y, w, h)
    return fit_aspect(area, PHONE_ASPECT)


def _app(sheet: Sheet, style: UiStyle, roles: Roles, icons: list[str], rng: random.Random, login: bool) -> str:
    ctx = sheet.ctx
    m = ctx.short * 0.05
    area = inset((0.0, 0.0, float(ctx.width), float(ctx.height)), m)
    aspect = ctx.aspect
    if aspect > 1.15 and not login:  # a showcase: headline, sub-line and button beside the phone
        x, y, w, h = area
        ph = _phone_rect((0, 0, w, h))
        pw = ph[2]
        right = rng.random() < 0.7
        gap = w * 0.05
        text_w = min(w - pw - gap, max(h * 1.2, (w - pw) * 0.6))
        block = text_w + gap + pw
        x0 = x + (w - block) / 2
        text_r = (x0, y + h * 0.16, text_w, h * 0.68) if right else (x0 + pw + gap, y + h * 0.16, text_w, h * 0.68)
        dev = (x0 + text_w + gap, y, pw, h) if right else (x0, y, pw, h)
        _backdrop(sheet, style, rng, dev)
        title = roles.items[0] if roles.items else None
        # A phone too small for legible rows: its labels become tags under the headline instead.
        tags = len(roles.items) > 3 and pw < 220
        if tags:
            text_r, tag_r = split(text_r, [1.0, 0.45], text_r[3] * 0.05, vertical=True)
        hero_text(sheet, text_r, style, roles, "left", rng, style.page[0])
        if tags:
            chips(sheet, tag_r, roles.rest(), style)
        screen = phone(sheet, dev, style)
        if title is not None and title.index in roles.used:
            roles.items.append(replace(title, index=title.index + 100))
        app_screen(sheet, screen, style, roles, icons, rng)
        return "app-showcase" + ("" if right else "-left")
    dev = _phone_rect(area)
    dev = (area[0] + (area[2] - dev[2]) / 2, dev[1], dev[2], dev[3])
    _backdrop(sheet, style, rng, dev)
    screen = phone(sheet, dev, style)
    if login:
        x, y, w, h = screen
        screen_chrome(sheet, screen, style)
        login_form(sheet, inset(screen, w * 0.09, w * 0.18), style, roles, icons[0], style.screen, rng)
        return "login-phone"
    app_screen(sheet, screen, style, roles, icons, rng)
    return "app-phone" if dev[3] / dev[2] < 2.6 else "app-phone-long"


def _window(sheet: Sheet, style: UiStyle, rng: random.Random, chrome: bool) -> Rect:
    ctx = sheet.ctx
    m = ctx.short * rng.uniform(0.04, 0.06)
    area = inset((0.0, 0.0, float(ctx.width), float(ctx.height)), m)
    _backdrop(sheet, style, rng, area)
    if chrome:
        return browser(sheet, area, style)
    sheet.rect(area, style.screen, radius=ctx.short * 0.02, shadow=True)
    return area


def _card_login(sheet: Sheet, style: UiStyle, roles: Roles, icons: list[str], rng: random.Random) -> str:
    ctx = sheet.ctx
    card = fit_aspect(inset((0.0, 0.0, float(ctx.width), float(ctx.height)), ctx.short * 0.07), 0.78)
    _backdrop(sheet, style, rng, card)
    sheet.rect(card, style.surface, radius=card[2] * 0.05 * style.round, shadow=True)
    login_form(sheet, inset(card, card[2] * 0.12, card[3] * 0.07), style, roles, icons[0], style.surface, rng)
    return "login-card"


def build(ctx: DocumentContext) -> DocumentParts:
    rng = ctx.rng
    th = theme(ctx)
    style = ui_style(th, rng, named=bool(ctx.intent.background_colors or ctx.intent.palette_colors))
    sheet = Sheet(ctx)
    items = quotes(ctx)
    register(sheet, items)
    roles = Roles(items)
    icons = _icons(ctx, rng)
    kind = variant_for(ctx.intent.unquoted, ctx.aspect)
    layouts: dict[str, Callable[[], str]] = {
        "app": lambda: _app(sheet, style, roles, icons, rng, login=False),
        "web": lambda: landing(sheet, _window(sheet, style, rng, True), style, roles, icons, rng),
        "dashboard": lambda: dashboard(sheet, _window(sheet, style, rng, rng.random() < 0.5), style, roles, icons, rng),
        "login": lambda: (
            _app(sheet, style, roles, icons, rng, login=True)
            if ctx.aspect < 0.8
            else _card_login(sheet, style, roles, icons, rng)
            if ctx.aspect < 1.2
            else login_split(sheet, _window(sheet, style, rng, True), style, roles, icons, rng)
        ),
    }
    layout = layouts[kind]()
    return sheet.parts(f"ui-{layout}", flat(style.page, rng.choice((135.0, 160.0, 180.0))), th.filters)
