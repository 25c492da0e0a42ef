"""Logos: a mark (the subject's icon in a circle, rounded square, shield or hexagon badge, or a
monogram of the name's initials when the prompt names no subject) with the quoted name as a wordmark
and a second quote as the tagline, on a plain background.

Wide canvases get a horizontal lockup (mark beside the words), others a stacked one; the whole lockup
is measured and centred, so a 1:8 or 8:1 canvas holds it as a strip with room around it.
"""

from __future__ import annotations

import math
import random

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.layout_kit import (
    LINE_EM,
    Rect,
    Sheet,
    button_fill,
    flat,
    legible_accent,
    readable,
    text_width,
)
from openbanana.generators.compose.documents.layout_words import Quote, Roles, quotes, register, subjects, theme

BADGES = ("circle", "rounded", "shield", "hexagon", "ring")
BACKDROPS = ("#ffffff", "#faf8f4", "#f5f7fa")


def _polygon(kind: str, r: Rect) -> list[tuple[float, float]]:
    x, y, w, h = r
    if kind == "hexagon":
        cx, cy = x + w / 2, y + h / 2
        return [(cx + w / 2 * math.cos(math.radians(a)), cy + h / 2 * math.sin(math.radians(a)))
                for a in range(-90, 270, 60)]  # fmt: skip
    # A shield: flat top, straight sides, then a curve (quadratic Bézier) down to the point.
    right = [(x + w, y)]
    p0, p1, p2 = (x + w, y + h * 0.5), (x + w, y + h * 0.82), (x + w / 2, y + h)
    for k in range(11):
        t = k / 10
        right.append(
            ((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
             (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1])
        )  # fmt: skip
    left = [(2 * x + w - px, py) for px, py in reversed(right[:-1])]
    return [(x + w * 0.5, y), *right, *left]


def _initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()]
    if not words:
        return name[:1]
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[1][:1]).upper()


def _mark(
    sheet: Sheet, r: Rect, badge: str, fill: str, bg: str, icon: tuple[str, str] | None, name: str, font: str
) -> None:
    """The badge with the icon (or the monogram) inside."""
    x, y, w, h = r
    if badge == "circle":
        sheet.ellipse(r, fill)
    elif badge == "ring":
        sheet.ellipse(r, None, stroke=fill, stroke_w=w * 0.06)
    elif badge == "rounded":
        sheet.rect(r, fill, radius=w * 0.24)
    else:
        sheet.polygon(_polygon(badge, r), fill)
    inner = (x + w * 0.2, y + h * (0.16 if badge == "shield" else 0.2), w * 0.6, h * 0.6)
    if icon is not None:
        sheet.icon(icon[1], inner, icon[0])
        return
    letters = _initials(name)
    on = fill if badge != "ring" else bg
    ink = readable([on], ("#ffffff",)) if badge != "ring" else legible_accent(fill, bg)
    sheet.text(letters, inner, on=[on], size=inner[3] / LINE_EM * (0.9 if len(letters) == 1 else 0.7),
               prefer=(ink,), bold=True, font=font, ident="monogram")  # fmt: skip


def _wordmark(
    sheet: Sheet, name: Quote | None, lines: list[Quote], r: Rect, size: float, bg: str, ink: str, align: str,
    font: str, rule: str | None,
) -> None:  # fmt: skip
    """Name over the tagline (and any further lines) inside ``r``, an optional accent rule between."""
    x, y, w, h = r
    tag_size = size * 0.38 if align == "left" else max(size * 0.38, min(w * 0.075, size * 0.6))
    under = tag_size * LINE_EM * 1.6 * len(lines)
    name_h = size * LINE_EM * (h / (size * LINE_EM + under))
    if name is not None:
        sheet.text(name.text, (x, y, w, name_h if lines else h), on=[bg], size=size, prefer=(ink,), bold=True,
                   role="title", font=font, align=align, ident=name.ident)  # fmt: skip
    if not lines:
        return
    ty = y + name_h + tag_size * 0.35
    if rule is not None:
        rw = min(w, size * 1.6)
        rx = x if align == "left" else x + (w - rw) / 2
        sheet.rect((rx, y + name_h + tag_size * 0.05, rw, max(1.5, size * 0.05)), rule)
        ty += tag_size * 0.2
    row = (y + h - ty) / len(lines)
    for k, q in enumerate(lines):
        sheet.text(q.text, (x, ty + k * row, w, row * 0.92), on=[bg], size=tag_size,
                   prefer=(C.mix(ink, bg, 0.25), ink), align=align, role="subtitle" if k == 0 else "label",
                   ident=q.ident)  # fmt: skip


def build(ctx: DocumentContext) -> DocumentParts:
    rng: random.Random = ctx.rng
    th = theme(ctx)
    sheet = Sheet(ctx)
    items = quotes(ctx)
    register(sheet, items)
    roles = Roles(items)
    name = roles.take("name", "title") or roles.take_except("tagline")
    tagline = roles.take("tagline") or roles.take_any()
    lines = [q for q in (tagline, *roles.rest()) if q is not None]
    found = subjects(ctx)
    icon = (found[0][0], found[0][1]) if found else None
    bg = "#15171c" if th.dark else rng.choice((*BACKDROPS, C.lighten(th.accents[0], 0.92)))
    fill, _ink = button_fill(th.accents[0]) if not th.dark else (th.accents[0], "#ffffff")
    ink = readable([bg], (C.mix(fill, "#000000", 0.55), "#1b1e25") if not th.dark else ("#f2f2f2",))
    badge = rng.choice(BADGES if icon is not None else ("circle", "rounded", "hexagon", "shield"))
    font = th.title_font if th.title_font != "sans" else rng.choice(("sans", "sans", "serif", "display"))
    rule = fill if rng.random() < 0.5 else None
    width, height = float(ctx.width), float(ctx.height)
    label = name.text if name else ""
    horizontal = ctx.aspect >= 1.3
    has_words = name is not None or tagline is not None
    if horizontal and has_words:
        mark = min(height * 0.5, width * 0.3)
        size = mark * 0.42
        words_w = max([text_width(label, size, True)] + [text_width(q.text, size * 0.38) for q in lines])
        gap = mark * 0.28
        scale = min(1.0, (width * 0.86 - mark - gap) / max(1.0, words_w))
        size, words_w = size * max(0.45, scale), min(words_w * scale, width * 0.86 - mark - gap)
        block = mark + gap + words_w
        x0 = (width - block) / 2
        _mark(sheet, (x0, (height - mark) / 2, mark, mark), badge, fill, bg, icon, label, font)
        text_h = size * LINE_EM + size * 0.38 * LINE_EM * 1.8 * len(lines)
        if text_h > height * 0.86:  # many lines: the words shrink to the canvas
            size, text_h = size * height * 0.86 / text_h, height * 0.86
        _wordmark(sheet, name, lines, (x0 + mark + gap, (height - text_h) / 2, words_w * 1.04 + 2, text_h), size,
                  bg, ink, "left", font, rule)  # fmt: skip
        layout = "logo-horizontal"
    else:
        mark = min(width * (0.42 if ctx.aspect > 0.5 else 0.55), height * (0.34 if has_words else 0.6))
        size = mark * 0.36
        fit = min(1.0, width * 0.86 / max(1.0, text_width(label, size, True)))
        rows = 1 if fit > 0.55 else 2
        size = size * max(fit, 0.55) if rows == 1 else size * max(0.5, fit * 1.6)
        text_h = size * LINE_EM * rows + size * 0.38 * LINE_EM * 2.4 * len(lines) if has_words else 0.0
        gap = mark * 0.2 if has_words else 0.0
        fit_h = min(1.0, height * 0.9 / (mark + gap + text_h))  # many lines: the whole lockup shrinks
        mark, gap, size, text_h = mark * fit_h, gap * fit_h, size * fit_h, text_h * fit_h
        y0 = (height - mark - gap - text_h) / 2
        _mark(sheet, ((width - mark) / 2, y0, mark, mark), badge, fill, bg, icon, label, font)
        if has_words:
            _wordmark(sheet, name, lines, (width * 0.07, y0 + mark + gap, width * 0.86, text_h), size, bg, ink,
                      "center", font, rule)  # fmt: skip
        layout = "logo-stacked"
    return sheet.parts(f"{layout}-{badge}", flat((bg, bg)), ())
