"""Product shots: the subject large on a studio set (a soft gradient sweep with a glow behind the
product, a podium or a glossy floor, a contact shadow and a faded reflection), with the product name,
a tagline and a price tag from the quotes.

The set fills the whole canvas; the text sits beside the product on wide canvases and above and below
it on tall ones, always on the plain sweep, never on the product.
"""

from __future__ import annotations

import random

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.layout_kit import LINE_EM, Rect, Sheet, button_fill, readable, split
from openbanana.generators.compose.documents.layout_words import Quote, Roles, quotes, register, subjects, theme
from openbanana.generators.compose.plan import Background, Decoration

#: What to show when the prompt names no product.
FALLBACK = ("wrapped-gift", "package", "gem-stone", "running-shoe", "watch", "camera")
SETS = ("podium", "steps", "floor")


def _podium(sheet: Sheet, cx: float, top: float, width: float, color: str, steps: int) -> float:
    """A cylinder (or two stacked) whose top face is centred at ``top``; returns the lowest y drawn."""
    y = top
    for k in range(steps):
        w = width * (1.0 + 0.28 * k)
        depth = w * 0.2
        body_h = w * (0.24 if steps == 1 else 0.14)
        face = C.lighten(color, 0.5 - 0.08 * k)
        side = C.darken(color, 0.1 + 0.05 * k)
        yk = y
        sheet.ellipse((cx - w / 2, yk + body_h - depth / 2, w, depth), side)
        sheet.rect((cx - w / 2, yk, w, body_h), side)
        sheet.ellipse((cx - w / 2, yk - depth / 2, w, depth), face)
        y = yk + body_h + depth * 0.05
    return y + width * 0.1


def _sparkles(sheet: Sheet, art: Rect, color: str, rng: random.Random) -> None:
    """Three four-pointed glints beside the product."""
    x, y, w, h = art
    for _ in range(3):
        side = rng.random() < 0.5
        cx = x + w * (rng.uniform(0.02, 0.16) if side else rng.uniform(0.84, 0.98))
        cy = y + h * rng.uniform(0.08, 0.5)
        r = min(w, h) * rng.uniform(0.02, 0.04)
        k = r * 0.28
        sheet.polygon([(cx, cy - r), (cx + k, cy - k), (cx + r, cy), (cx + k, cy + k), (cx, cy + r), (cx - k, cy + k),
                       (cx - r, cy), (cx - k, cy - k)], color, opacity=0.85)  # fmt: skip


def _stage(
    sheet: Sheet, art: Rect, product: tuple[str, str], base: str, kind: str, rng: random.Random
) -> tuple[float, float, float]:
    """The product standing on its set, the whole set centred in ``art``; returns the product's centre
    and size (px)."""
    x, y, w, h = art
    cx = x + w / 2
    if kind == "floor":
        # The product stands on a glossy floor line; its mirror image below fades into the floor.
        side = min(w * 0.8, h * 0.48)
        feet = y + h * 0.5
        floor = C.darken(base, 0.03)
        sheet.rect((0.0, feet, float(sheet.w), sheet.h - feet), floor)
        sheet.icon(product[1], (cx - side / 2, feet, side, side), product[0], rotation=180.0, flip=True)
        for k, alpha in enumerate((0.6, 0.8, 0.94)):
            band = side * k / 3
            sheet.rect((cx - side * 0.6, feet + band, side * 1.2, sheet.h - feet - band), floor, opacity=alpha, layer=1)
        sheet.icon(product[1], (cx - side / 2, feet - side, side, side), product[0], shadow=True, layer=1)
        return cx, feet - side / 2, side
    steps = 2 if kind == "steps" else 1
    width = min(w * 0.72, h * 0.62)
    side = min(width * 0.95, h * 0.58)
    stage_h = side + width * (0.34 if steps == 1 else 0.55)
    top = y + max(0.0, (h - stage_h) / 2) + side
    _podium(sheet, cx, top, width, C.mix(base, "#ffffff", 0.1) if rng.random() < 0.5 else base, steps)
    sheet.icon(product[1], (cx - side / 2, top - side * 0.97, side, side), product[0], shadow=True, layer=1)
    return cx, top - side / 2, side


def _price_tag(sheet: Sheet, r: Rect, q: Quote, fill: str, ink: str) -> None:
    x, y, w, h = r
    sheet.rect(r, fill, radius=h / 2, shadow=True)
    sheet.text(q.text, (x + h * 0.4, y + h * 0.24, w - h * 0.8, h * 0.52), on=[fill], prefer=(ink,), bold=True,
               ident=q.ident)  # fmt: skip


def _words(
    sheet: Sheet, r: Rect, name: Quote | None, tagline: Quote | None, price: Quote | None, extra: list[Quote],
    on: list[str], ink: str, tag: tuple[str, str], align: str, font: str,
) -> None:  # fmt: skip
    """Name, tagline, price tag and any further lines stacked in ``r``."""
    _x, y, w, h = r
    weights = [w_ for w_, q in ((1.0, name), (0.45, tagline), (0.42, price)) if q is not None]
    weights += [0.3] * len(extra)
    strip = w > h * 3.5
    if strip:  # a wide strip: the pieces side by side, each as tall as the strip allows
        rows = split(r, [1.4 if k == 0 else 1.0 for k in range(len(weights))] or [1.0], w * 0.03, vertical=False)
        rows = [(rx, y + h * 0.15, rw, h * 0.7) for rx, _y, rw, _h in rows]
    else:
        rows = split(r, weights or [1.0], h * 0.05, vertical=True)
    k = 0
    if name is not None:
        sheet.text(name.text, rows[k], on=on, size=min(rows[k][3] / LINE_EM, w * 0.16), prefer=(ink,), bold=True,
                   role="title", align=align, font=font, ident=name.ident)  # fmt: skip
        k += 1
    if tagline is not None:
        sheet.text(tagline.text, rows[k], on=on, size=rows[k][3] / LINE_EM / 1.4, prefer=(C.mix(ink, on[0], 0.2), ink),
                   align=align, role="subtitle", ident=tagline.ident)  # fmt: skip
        k += 1
    if price is not None:
        px, py, pw, ph = rows[k]
        tag_h = min(ph * (0.85 if not strip else 0.7), w * 0.16 if not strip else ph)
        tag_w = min(pw, tag_h * (1.2 + 0.55 * len(price.text)))
        tx = px if align == "left" else px + (pw - tag_w) / 2
        _price_tag(sheet, (tx, py + (ph - tag_h) / 2, tag_w, tag_h), price, *tag)
        k += 1
    for q in extra:
        sheet.text(q.text, rows[k], on=on, prefer=(ink,), align=align, ident=q.ident)
        k += 1


def build(ctx: DocumentContext) -> DocumentParts:
    rng = ctx.rng
    th = theme(ctx)
    sheet = Sheet(ctx)
    items = quotes(ctx)
    register(sheet, items)
    roles = Roles(items)
    price = roles.take("price")
    name = roles.take("name", "title") or roles.take_except("tagline", "subtitle", "details", "caption")
    tagline = roles.take("tagline", "subtitle", "details", "caption") or roles.take_any()
    extra = roles.rest()
    found = subjects(ctx)
    product = (found[0][0], found[0][1]) if found else (lambda icon: (icon, icon))(rng.choice(FALLBACK))
    accent = th.accents[0]
    if th.dark:
        colors: tuple[str, ...] = ("#2a2f3a", "#12141a")
    else:
        colors = (C.lighten(accent, rng.uniform(0.82, 0.9)), C.lighten(accent, rng.uniform(0.6, 0.7)))
    base = C.mix(colors[-1], accent, 0.12)
    width, height = float(ctx.width), float(ctx.height)
    margin = ctx.short * 0.07
    inner = (margin, margin, width - 2 * margin, height - 2 * margin)
    has_words = any(q is not None for q in (name, tagline, price)) or bool(extra)
    aspect = ctx.aspect
    if not has_words:
        art, text_r, align = inner, None, "center"
    elif aspect >= 1.2:
        left = rng.random() < 0.6
        a, b = split(inner, [1.0, 1.15 if aspect < 2.5 else 0.8], inner[2] * 0.04, vertical=False)
        text_r, art = (a, b) if left else (b, a)
        text_r = (text_r[0], text_r[1] + text_r[3] * 0.2, text_r[2], text_r[3] * 0.6)
        align = "left"
    else:
        text_r, art = split(inner, [0.45, 1.0], inner[3] * 0.03, vertical=True)
        align = "center"
    # A glossy floor runs the full width under the product, so only where no words sit beside it.
    kind = rng.choice(SETS if align == "center" else SETS[:2])
    cx, cy, side = _stage(sheet, art, product, base, kind, rng)
    reach = side * 0.75 / (((width**2 + height**2) ** 0.5) / 1.6)
    glow = Decoration("glow", round(cx / width, 4), round(cy / height, 4), round(reach, 4), 0.35)
    background = Background("gradient", colors, 180.0, (glow,))
    _sparkles(sheet, art, "#ffffff" if not th.dark else "#ffe9a8", rng)
    if text_r is not None:
        tx, ty, tw, th_ = text_r
        under = [background.color_at(px / width, py / height) for px in (tx, tx + tw) for py in (ty, ty + th_)]
        ink = readable(under, ("#15171c",) if not th.dark else ("#f4f4f4",))
        _words(sheet, text_r, name, tagline, price, extra, under, ink, button_fill(accent), align, th.title_font)
    return sheet.parts(f"product-{kind}", background, th.filters)
