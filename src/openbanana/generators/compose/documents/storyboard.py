"""Storyboards and comic strips: N framed panels on a page, each a small illustrated scene with its
characters, speech bubbles for what they say, a panel number and a caption underneath.

The grid is chosen from N and the canvas: the arrangement whose panels come out largest and closest to
a comic panel's proportions wins, so a 1:8 canvas is a vertical strip, 8:1 a single row and 1:1 a
2 × 2 page. Gutters are plain page colour, so the panels read (and count) as separate frames.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.layout_kit import LINE_EM, Rect, Sheet, flat, inset, text_width
from openbanana.generators.compose.documents.layout_scene import mini_scene
from openbanana.generators.compose.documents.layout_words import quotes, register, subjects, theme
from openbanana.generators.compose.documents.storyboard_plan import DEFAULT_CAST, Panel, Speech, read_story
from openbanana.generators.compose.scene import AIR_ICONS

#: Preferred panel width over height.
PANEL_ASPECT = 1.25
DEFAULT_SETTINGS = ("park", "city", "room", "sky", "beach", "forest", "kitchen", "snow")
CHARACTER_CATEGORIES = frozenset({"People & Body", "Smileys & Emotion", "Animals & Nature"})
_TOGETHER = re.compile(r"\b(?:both|they|together|everyone|all of them|the two|friends|everybody)\b")


@dataclass(frozen=True)
class Page:
    paper: str
    ink: str
    border: str
    border_w: float
    caption_px: float


def choose_grid(n: int, area: Rect, gutter: float, caption_share: float) -> tuple[int, int]:
    """(rows, cols) whose panels come out largest and closest to :data:`PANEL_ASPECT`."""
    _x, _y, w, h = area
    best, best_score = (1, n), -1.0
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        if rows > 1 and (rows - 1) * cols >= n:
            continue
        pw = (w - gutter * (cols - 1)) / cols
        ph = (h - gutter * (rows - 1)) / rows * (1 - caption_share)
        if pw <= 0 or ph <= 0:
            continue
        aspect = pw / ph
        score = pw * ph * math.exp(-abs(math.log(aspect / PANEL_ASPECT)) * 0.9) * 0.85 ** (rows * cols - n)
        if score > best_score:
            best, best_score = (rows, cols), score
    return best


def is_character(icon: str) -> bool:
    """People, animals and creatures act in a story; other icons are props."""
    return load_library().icon(icon).category in CHARACTER_CATEGORIES


def _characters(ctx: DocumentContext, rng: random.Random) -> list[tuple[str, str]]:
    """The strip's main cast: the prompt's characters, else its subjects, else two seeded animals."""
    found = [(noun, icon) for noun, icon, _c in subjects(ctx)]
    actors = [s for s in found if is_character(s[1])]
    return (actors or found or [(name, name) for name in rng.sample(DEFAULT_CAST, 2)])[:3]


def _who(panel: Panel, cast: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Who and what a panel shows: its own characters and props; the main cast joins when the panel
    names no character ("both eat pizza") or says they are all there."""
    own = panel.subjects
    if not own:
        return cast
    together = panel.span is not None and bool(_TOGETHER.search(panel.text))
    if together or not any(is_character(icon) for _n, icon in own):
        extra = [c for c in cast if c not in own]
        return (extra + own)[:4] if together else (own[:1] + extra + own[1:])[:4]
    return own


def _place_cast(
    sheet: Sheet, r: Rect, ground: float, cast: list[tuple[str, str]], rng: random.Random
) -> dict[str, Rect]:
    """The panel's characters standing on ``ground`` (fliers higher up); returns their squares."""
    x, y, w, h = r
    count = len(cast)
    zoom = rng.choice((0.8, 1.0, 1.0, 1.2))  # a seeded camera distance per panel
    side = min(h * 0.44 * zoom, w * 0.7 / max(1, count) ** 0.8, w * 0.82 / max(1, count), (ground - y) * 0.9)
    shift = rng.uniform(-0.12, 0.12) * w if count == 1 else 0.0
    where: dict[str, Rect] = {}
    for i, (noun, icon) in enumerate(cast):
        size = side if is_character(icon) or count == 1 else side * 0.6
        cx = x + w * (i + 1) / (count + 1) + rng.uniform(-0.04, 0.04) * w + shift
        cx = min(max(cx, x + size * 0.55), x + w - size * 0.55)
        feet = ground + size * 0.04
        if icon in AIR_ICONS:
            feet = y + h * 0.62
        box = (cx - size / 2, feet - size, size, size)
        flip = count > 1 and i == count - 1
        where[icon] = sheet.icon(icon, box, noun, shadow=icon not in AIR_ICONS, flip=flip, rotation=rng.uniform(-4, 4))
    return where


def _bubble(sheet: Sheet, box: Rect, tip: tuple[float, float], stroke: float) -> None:
    """A speech bubble: an ellipse with a tail pointing at ``tip``, drawn above the illustrations."""
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    tx, ty = tip
    base = min(w * 0.16, h * 0.5)
    bx = min(max(tx, cx - w * 0.25), cx + w * 0.25)
    root_y = cy + h * 0.3
    tail = [(bx - base / 2, root_y), (bx + base / 2, root_y), (tx, ty)]
    sheet.ellipse(box, "#ffffff", stroke="#16181d", stroke_w=stroke, layer=1)
    sheet.polygon(tail, "#ffffff", stroke="#16181d", stroke_w=stroke, layer=1)
    sheet.ellipse(inset(box, stroke * 0.8), "#ffffff", layer=1)


def _speech(sheet: Sheet, r: Rect, speech: list[Speech], cast: dict[str, Rect], top: float, page: Page) -> None:
    """Bubbles in the band above the characters, each pointing at its speaker."""
    x, y, w, _h = r
    band_bottom = min((sq[1] for sq in cast.values()), default=y + r[3] * 0.5) - r[3] * 0.03
    slots = len(speech)
    for i, s in enumerate(speech):
        slot_x = x + w * 0.04 + i * (w * 0.92) / slots
        slot_w = w * 0.92 / slots
        avail_h = max(10.0, band_bottom - top)
        size = max(7.0, min(r[3] * 0.075, slot_w * 0.09))
        width = min(slot_w, max(slot_w * 0.55, text_width(s.quote.text, size) / 0.62 * 0.6 + size * 3))
        lines = max(1, math.ceil(text_width(s.quote.text, size) / (width * 0.64)))
        height = min(avail_h, max(size * LINE_EM * lines / 0.52, size * 3.2))
        box = (slot_x + (slot_w - width) / 2, top, width, height)
        target = cast.get(s.speaker or "") or (list(cast.values())[i % len(cast)] if cast else None)
        if target is not None:
            tip = (target[0] + target[2] * 0.5, target[1] + target[3] * 0.02)
        else:
            tip = (box[0] + width * 0.5, top + height * 1.3)
        tip = (tip[0], min(max(tip[1], top + height * 1.08), top + height * 1.6))
        _bubble(sheet, box, tip, max(1.0, page.border_w * 0.6))
        inner = (box[0] + width * 0.17, box[1] + height * 0.22, width * 0.66, height * 0.56)
        sheet.text(s.quote.text, inner, on=["#ffffff"], size=size, prefer=("#16181d",), bold=True,
                   font="handwritten", ident=s.quote.ident)  # fmt: skip


def _panel(
    sheet: Sheet, r: Rect, panel: Panel, number: int, default: tuple[str, str], cast: list[tuple[str, str]],
    page: Page, rng: random.Random,
) -> None:  # fmt: skip
    x, y, w, h = r
    setting = panel.setting or default[0]
    ground = mini_scene(sheet, r, setting, panel.time or default[1], rng)
    sheet.rect(r, None, stroke=page.border, stroke_w=page.border_w)
    who = _who(panel, cast)
    badge = max(16.0, min(w, h) * 0.07)
    top = y + badge * 2.6 if panel.speech else y
    where = _place_cast(sheet, (x, top, w, y + h - top), ground, who, rng)
    if panel.speech:
        _speech(sheet, r, panel.speech, where, y + min(w, h) * 0.05 + badge * 0.2, page)
    # "#1": OCR reads it reliably where a lone "1" reads as nothing and "08" or "03" come back turned
    # upside down. A panel too small for a legible number gets none.
    if min(w, h) >= 90:
        pill = (x + badge * 0.5, y + badge * 0.5, badge * 2.3, badge * 1.5)
        sheet.rect(pill, page.border, radius=pill[3] / 2, layer=1)
        sheet.text(f"#{number}", inset(pill, badge * 0.35, pill[3] * 0.15), on=[page.border], prefer=("#ffffff",),
                   bold=True, ident=f"panel{number}")  # fmt: skip


def build(ctx: DocumentContext) -> DocumentParts:
    rng = ctx.rng
    th = theme(ctx)
    sheet = Sheet(ctx)
    items = quotes(ctx)
    register(sheet, items)
    story = read_story(ctx, items)
    n = len(story.panels)
    width, height = float(ctx.width), float(ctx.height)
    short = ctx.short
    # "night" reads as a dark style elsewhere; a page goes dark only when asked in so many words.
    dark = th.dark and bool(re.search(r"\b(?:dark|noir|moody)\b", ctx.intent.unquoted))
    paper = "#16181d" if dark else rng.choice(("#fbf8f1", "#ffffff", C.lighten(th.background[0], 0.75)))
    ink = "#f2f2f2" if dark else "#16181d"
    margin = short * 0.05
    # Gutters scale with the long side too, so a 1:8 strip's panels stay clearly apart.
    gutter = max(4.0, short * rng.uniform(0.022, 0.035), max(width, height) * 0.008)
    area: Rect = (margin, margin, width - 2 * margin, height - 2 * margin)
    layout = "storyboard"
    if story.title is not None:
        if ctx.aspect >= 2.5:  # the title in a column before the panels
            tw = min(area[2] * 0.2, area[3] * 1.8)
            sheet.text(story.title.text, (area[0], area[1], tw, area[3]), on=[paper], prefer=(ink,), bold=True,
                       role="title", font=th.title_font, ident=story.title.ident)  # fmt: skip
            area = (area[0] + tw + gutter * 1.5, area[1], area[2] - tw - gutter * 1.5, area[3])
        else:
            th_h = min(area[3] * 0.11, area[2] * 0.12)
            sheet.text(story.title.text, (area[0], area[1], area[2], th_h), on=[paper], prefer=(ink,), bold=True,
                       role="title", font=th.title_font, ident=story.title.ident)  # fmt: skip
            area = (area[0], area[1] + th_h + gutter, area[2], area[3] - th_h - gutter)
        layout += "-titled"
    lines = max(len(p.captions) for p in story.panels)
    rows, cols = choose_grid(n, area, gutter, min(0.45, 0.2 * lines))
    cell_w = (area[2] - gutter * (cols - 1)) / cols
    cell_h = (area[3] - gutter * (rows - 1)) / rows
    cap_px = max(7.0, min(cell_w * 0.06, cell_h * 0.085 / max(1.0, lines * 0.6)))
    # Two lines of room for a lone caption (it may wrap), one and a bit for each of several.
    cap_h = cap_px * LINE_EM * (2.2 if lines == 1 else 1.25 * lines + 0.3) if lines else 0.0
    page = Page(paper, ink, "#16181d" if not dark else "#e8e8e8", max(1.5, short * 0.006), cap_px)
    default = (rng.choice(DEFAULT_SETTINGS), "day")
    cast = _characters(ctx, rng)
    for i, panel in enumerate(story.panels):
        row, col = divmod(i, cols)
        in_row = min(cols, n - row * cols)
        off = (cols - in_row) * (cell_w + gutter) / 2
        cx = area[0] + off + col * (cell_w + gutter)
        cy = area[1] + row * (cell_h + gutter)
        frame = (cx, cy, cell_w, cell_h - cap_h)
        _panel(sheet, frame, panel, i + 1, default, cast, page, rng)
        if panel.captions:
            top = cy + cell_h - cap_h + cap_h * 0.08
            line_h = cap_h * 0.92 / len(panel.captions)
            for k, q in enumerate(panel.captions):
                sheet.text(q.text, (cx, top + k * line_h, cell_w, line_h), on=[paper], size=cap_px, prefer=(ink,),
                           font=th.body_font, ident=q.ident)  # fmt: skip
    layout += f"-{rows}x{cols}"
    return sheet.parts(layout, flat((paper, paper)), th.filters, (f"{n} panels",))
