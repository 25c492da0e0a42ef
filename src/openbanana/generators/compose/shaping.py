"""Shaping (HarfBuzz): one unbreakable piece of text → positioned glyphs of the fonts that draw it.

Each character goes to the first font of the typeface family's chain that covers it
(:meth:`~openbanana.generators.compose.fonts.FontRegistry.font_for`), so every script renders in every
family; runs of one font are shaped together (joining, conjuncts, ligatures, kerning, marks), right to
left where the text is. Emoji are not shaped: they become inline vendored icons. Results are cached.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from openbanana.generators.compose.emoji import segment
from openbanana.generators.compose.fonts import FontKey, LoadedFont, is_hangul, is_kana, needs_glyph, registry


@dataclass(frozen=True)
class Glyph:
    font: FontKey
    gid: int
    #: Position in em from the unit's origin (x right, y up).
    x: float
    y: float


#: An inline emoji icon is a square of this many em, its bottom this far below the baseline, so it
#: sits centred on the cap height like emoji fonts draw them; it advances by ``EMOJI_ADVANCE`` em.
EMOJI_SIZE = 1.0
EMOJI_DROP = 0.13
EMOJI_ADVANCE = 1.1


@dataclass(frozen=True)
class InlineIcon:
    """An emoji drawn as a vendored icon: its name and the left edge of its em square (em from the
    unit's origin)."""

    name: str
    x: float


@dataclass(frozen=True)
class Unit:
    text: str
    glyphs: tuple[Glyph, ...]
    width: float
    #: "rtl", "ltr" or "" (neutral: digits, punctuation).
    direction: str
    space_before: bool
    ascender: float
    descender: float
    missing: tuple[str, ...]
    icons: tuple[InlineIcon, ...] = ()


def cjk_preference(text: str) -> str:
    cps = [ord(c) for c in text]
    if any(is_kana(c) for c in cps):
        return "jp"
    if any(is_hangul(c) for c in cps):
        return "kr"
    return "sc"


def strong_direction(text: str) -> str:
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return ""


def _font_runs(text: str, bold: bool, cjk: str, family: str) -> list[tuple[str, LoadedFont | None]]:
    reg = registry()
    runs: list[tuple[str, LoadedFont | None]] = []
    for ch in text:
        font = reg.font_for(ch, bold, cjk, family)
        if font is None or not needs_glyph(ch) or unicodedata.combining(ch):
            # Marks and invisible characters stay with the run before them.
            if runs:
                runs[-1] = (runs[-1][0] + ch, runs[-1][1])
                continue
            if font is None:
                font = reg.primary(bold, family)
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    return runs


def _has_font(bold: bool, cjk: str, family: str = "sans") -> Callable[[str], bool]:
    reg = registry()
    return lambda ch: reg.font_for(ch, bold, cjk, family) is not None


def _shape_runs(
    text: str, style: tuple[bool, str, str], direction: str, x: float, glyphs: list[Glyph], missing: list[str]
) -> tuple[float, float, float]:
    """Shape plain text (no emoji icons) starting at ``x`` em in ``style`` = (bold, cjk preference,
    family); returns (new x, ascender, descender)."""
    reg = registry()
    bold, cjk, family = style
    runs = _font_runs(text, bold, cjk, family)
    if direction == "rtl":
        runs = runs[::-1]
    asc, desc = 0.0, 0.0
    for run_text, maybe_font in runs:
        font = maybe_font or reg.primary(bold, family)
        asc = max(asc, font.ascender)
        desc = max(desc, font.descender)
        buf = hb.Buffer()
        buf.add_str(run_text)
        buf.guess_segment_properties()
        if direction == "rtl" and strong_direction(run_text) != "ltr":
            buf.direction = "rtl"
        hb.shape(font.font, buf, {"kern": True, "liga": True})
        scale = 1.0 / font.upem
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=False):
            ch = run_text[info.cluster] if info.cluster < len(run_text) else ""
            if info.codepoint == 0 and ch and needs_glyph(ch):
                missing.append(ch)
            glyphs.append(Glyph(font.key, info.codepoint, x + pos.x_offset * scale, pos.y_offset * scale))
            x += pos.x_advance * scale
    for ch in text:
        if needs_glyph(ch) and reg.font_for(ch, bold, cjk, family) is None and ch not in missing:
            missing.append(ch)
    return x, asc, desc


@lru_cache(maxsize=8192)
def shape_unit(text: str, bold: bool, cjk: str, space_before: bool = False, family: str = "sans") -> Unit:
    """Shape one unbreakable piece of text into positioned glyphs and inline emoji icons (em units), in
    the typeface ``family`` (per-character fallbacks keep every script drawable in any family)."""
    direction = strong_direction(text)
    pieces = segment(text, _has_font(bold, cjk, family))
    if direction == "rtl":
        pieces = pieces[::-1]
    glyphs: list[Glyph] = []
    icons: list[InlineIcon] = []
    missing: list[str] = []
    x = 0.0
    asc, desc = 0.0, 0.0
    for piece, piece_icons in pieces:
        if piece_icons:
            primary = registry().primary(bold, family)
            asc = max(asc, primary.ascender, EMOJI_SIZE - EMOJI_DROP)
            desc = max(desc, primary.descender, EMOJI_DROP)
            for name in piece_icons:
                icons.append(InlineIcon(name, x + (EMOJI_ADVANCE - EMOJI_SIZE) / 2))
                x += EMOJI_ADVANCE
            continue
        x, run_asc, run_desc = _shape_runs(piece, (bold, cjk, family), direction, x, glyphs, missing)
        asc, desc = max(asc, run_asc), max(desc, run_desc)
    return Unit(text, tuple(glyphs), x, direction, space_before, asc, desc, tuple(missing), tuple(icons))


def ocr_parts(text: str, bold: bool = False, family: str = "sans") -> list[str]:
    """The pieces of ``text`` that are drawn as letters (emoji drawn as icons split them): what OCR can
    be expected to read back, in order."""
    cjk = cjk_preference(text)
    parts: list[str] = []
    current = ""
    for piece, icons in segment(text, _has_font(bold, cjk, family)):
        if icons:
            if current.strip():
                parts.append(current.strip())
            current = ""
        else:
            current += piece
    if current.strip():
        parts.append(current.strip())
    return parts


@lru_cache(maxsize=256)
def space_width(bold: bool, family: str = "sans") -> float:
    return shape_unit(" ", bold, "sc", False, family).width or 0.26
