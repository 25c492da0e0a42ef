"""Posters (and, through :func:`compose`, banners and social posts): a big title, a subtitle, a details
line (date, place, price), an illustration area and an optional call to action, in the look of the
prompt's style (retro sunburst, pop-art starburst, minimal rule, corporate band, playful confetti …).

The canvas decides the arrangement: a portrait or square poster stacks title, art and details (title
on top or under the art, seeded); a landscape one sets the words beside the art; an extreme ratio is a
strip with the art at one end. Each :class:`Profile` (poster, banner, social) shifts the weights.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.layout_kit import Rect, Sheet, flat, inset, split
from openbanana.generators.compose.documents.layout_promo import (
    Copy,
    Look,
    Under,
    art,
    decorate,
    line,
    look_for,
    read_copy,
    stack,
)
from openbanana.generators.compose.documents.layout_words import Quote, quotes, register, styles, subjects, theme


@dataclass(frozen=True)
class Profile:
    name: str
    #: Share of the long axis the illustration takes.
    art_share: float
    #: Words for a call-to-action button when the prompt quotes none (empty: no button).
    default_cta: tuple[str, ...] = ()
    #: Draw the handle with an avatar disc (social posts).
    avatar: bool = False


POSTER = Profile("poster", 0.48)


def _icons(ctx: DocumentContext) -> list[tuple[str, str]]:
    return [(noun, icon) for noun, icon, _c in subjects(ctx)][:4]


def _band(sheet: Sheet, r: Rect, look: Look) -> str:
    """A solid band behind the title (corporate and band looks); returns its colour."""
    color = C.darken(look.accent, 0.15) if not look.dark else C.lighten(look.accent, 0.1)
    sheet.rect(r, color)
    return color


def _with_avatar(sheet: Sheet, r: Rect, q: Quote, look: Look, on: Under) -> Rect:
    """A handle line with an avatar disc before it."""
    x, y, w, h = r
    side = h * 0.9
    sheet.circle(x + side / 2, y + h / 2, side / 2, look.accent)
    sheet.icon("bust-in-silhouette", (x + side * 0.15, y + h / 2 - side * 0.35, side * 0.7, side * 0.7))
    line(sheet, q, (x + side * 1.3, y + h * 0.12, w - side * 1.3, h * 0.76), on, look, "details", "left")
    return r


def compose(ctx: DocumentContext, profile: Profile) -> DocumentParts:
    rng: random.Random = ctx.rng
    th = theme(ctx)
    sheet = Sheet(ctx)
    items = quotes(ctx)
    register(sheet, items)
    copy = read_copy(items)
    look = look_for(th, styles(ctx), rng)
    if copy.cta is None and profile.default_cta:
        text = rng.choice(profile.default_cta)
        copy.cta = Quote(len(items), text, "button", (), 0, "")
    handle = copy.handle if profile.avatar else None
    if handle is not None:
        copy.handle = None
    icons = _icons(ctx)
    setting = ctx.intent.scene if rng.random() < 0.7 else None
    width, height = float(ctx.width), float(ctx.height)
    short = ctx.short
    margin = max(short * rng.uniform(0.06, 0.09), max(width, height) * 0.012)
    inner: Rect = (margin, margin, width - 2 * margin, height - 2 * margin)
    angle = rng.choice((160.0, 180.0, 200.0))
    background = flat(look.page, angle)

    def page(r: Rect) -> list[str]:
        x, y, w, h = r
        return [background.color_at(px / width, py / height) for px in (x, x + w / 2, x + w) for py in (y, y + h)]

    aspect = ctx.aspect
    keep: list[Rect] = []
    has_art = bool(icons) or setting is not None
    share = profile.art_share if has_art else 0.0
    strip_handle = handle if aspect >= 2.4 else None  # a wide strip gives the handle a column instead
    if handle is not None and strip_handle is None:
        hh = min(inner[3] * 0.08, max(inner[2] * 0.1, min(22.0, inner[3] * 0.04)))
        keep.append(_with_avatar(sheet, (inner[0], inner[1] + inner[3] - hh, inner[2], hh), handle, look, page))
        inner = (inner[0], inner[1], inner[2], inner[3] - hh * 1.5)
    if aspect >= 2.4:  # a strip: the art at one end, the words in columns along the rest
        art_first = rng.random() < 0.5
        long = inner[2]
        side = min(inner[3], long * share) if has_art else 0.0
        rest_len = long - side - long * 0.04
        if art_first:
            art_r, text_r = split(inner, [side, rest_len], long * 0.04, vertical=False)
        else:
            text_r, art_r = split(inner, [rest_len, side], long * 0.04, vertical=False)
        layout = f"{profile.name}-strip"
        if text_r[2] > text_r[3] * 4:
            # Title | sub-line and details | button, each as tall as the strip, so nothing shrinks to
            # a footnote.
            cta, copy.cta = copy.cta, None
            more = Copy(subtitle=copy.subtitle, details=copy.details)
            parts = [("title", 2.4)] + ([("rest", 1.5)] if more.lines else []) + ([("cta", 0.9)] if cta else [])
            parts += [("handle", 1.2)] if strip_handle else []
            cols = split(text_r, [w_ for _n, w_ in parts], text_r[2] * 0.03, vertical=False)
            for (name, _w), col in zip(parts, cols, strict=True):
                if name == "title" and copy.title is not None:
                    line(sheet, copy.title, inset(col, 0, col[3] * 0.08), page, look, "title", "left")
                    keep.append(col)
                elif name == "rest":
                    keep += stack(sheet, inset(col, 0, col[3] * 0.12), more, look, page, "left")
                elif name == "cta" and cta is not None:
                    keep += stack(sheet, col, Copy(cta=cta), look, page, "center")
                elif strip_handle is not None:
                    hh = min(col[3] * 0.4, col[2] * 0.16)
                    keep.append(_with_avatar(sheet, (col[0], col[1] + (col[3] - hh) / 2, col[2], hh), strip_handle,
                                             look, page))  # fmt: skip
        else:
            copy.handle = strip_handle
            keep += stack(sheet, text_r, copy, look, page, "left")
    elif aspect >= 1.15:  # landscape: words beside the art
        art_left = rng.random() < 0.5
        if has_art:
            cols = split(inner, [1.0 - share, share], inner[2] * 0.05, vertical=False)
            text_r, art_r = (cols[1], cols[0]) if art_left else (cols[0], cols[1])
            layout = f"{profile.name}-split-{'art-left' if art_left else 'art-right'}"
        else:  # words only: the whole width, centred
            text_r, art_r = inner, (0.0, 0.0, 0.0, 0.0)
            layout = f"{profile.name}-typographic"
        text_r = inset(text_r, 0, text_r[3] * 0.06)
        keep += stack(sheet, text_r, copy, look, page, "left" if has_art else "center")
    else:  # portrait or square: title, art, the rest (or art first)
        title_top = rng.random() < 0.65
        title_share = 0.26 if copy.title is not None else 0.0
        rest = [q for q in (copy.subtitle, *copy.details, copy.cta) if q is not None]
        rest_share = min(0.34, 0.08 * len(rest) + (0.04 if copy.cta else 0.0))
        art_share = max(0.0, 1.0 - title_share - rest_share) if has_art else 0.0
        order = ["title", "art", "rest"] if title_top else ["art", "title", "rest"]
        shares = {"title": title_share, "art": art_share, "rest": rest_share}
        if not has_art:
            shares = {"title": 0.55, "art": 0.0, "rest": 0.45 if rest else 0.0}
        boxes = dict(zip(order, split(inner, [shares[k] for k in order], inner[3] * 0.03, vertical=True), strict=True))
        art_r = boxes["art"]
        if has_art and art_r[3] > art_r[2] * 1.15:  # a tall canvas: even spacing, not one big hole
            heights = {k: boxes[k][3] for k in order}
            heights["art"] = art_r[2] * 1.1
            spare = (inner[3] - sum(heights.values())) / (len(order) + 1)
            cur = inner[1] + spare
            for k in order:
                boxes[k] = (inner[0], cur, inner[2], heights[k])
                cur += heights[k] + spare
            art_r = boxes["art"]
        layout = f"{profile.name}-{'title-top' if title_top else 'art-top'}"
        if copy.title is not None:
            title_r = boxes["title"]
            on: Under = page
            if look.decor == "band" and title_top:
                band = (0.0, 0.0, width, title_r[1] + title_r[3] + margin * 0.5)
                band_color = _band(sheet, band, look)
                on = lambda _r: [band_color]  # noqa: E731
                layout += "-band"
            line(sheet, copy.title, title_r, on, look, "title", "center")
            keep.append(title_r)
        keep += stack(sheet, boxes["rest"], copy, look, page, "center", with_title=False)
    if has_art and art_r[2] > 4 and art_r[3] > 4:
        art(sheet, art_r, icons, look, setting, ctx.intent.time, rng)
        keep.append(art_r)
    decorate(sheet, look, keep, rng)
    return sheet.parts(f"{layout}-{look.decor}", background, look.filters)


def build(ctx: DocumentContext) -> DocumentParts:
    return compose(ctx, POSTER)
