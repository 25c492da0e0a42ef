"""Line breaking, bidi ordering and fitting a string into a box (shaping is in
:mod:`~openbanana.generators.compose.shaping`).

Units are the smallest pieces a line may break between: words for space-separated scripts, single
characters (with punctuation glued on) for CJK. Shaping results are cached, so re-fitting the same
strings at another size or into another box costs only arithmetic.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from openbanana.generators.compose.emoji import GLUE
from openbanana.generators.compose.fonts import is_cjk, is_hangul, registry
from openbanana.generators.compose.shaping import (
    EMOJI_ADVANCE,
    EMOJI_DROP,
    EMOJI_SIZE,
    Glyph,
    InlineIcon,
    Unit,
    cjk_preference,
    ocr_parts,
    shape_unit,
    space_width,
    strong_direction,
)

__all__ = [
    "EMOJI_ADVANCE",
    "EMOJI_DROP",
    "EMOJI_SIZE",
    "FittedText",
    "Glyph",
    "InlineIcon",
    "Line",
    "Unit",
    "cjk_preference",
    "fit_text",
    "ocr_parts",
    "shape_unit",
    "space_width",
    "split_units",
    "strong_direction",
]

#: Never start a line with these (they glue to the previous unit).
_CLOSE = set(
    "、。，．・：；？！!?,.:;)]}）」』】〕〉》〗〙〛ー～…‥゛゜ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％"
)
#: Never end a line with these (they glue to the next unit).
_OPEN = set("([{（「『【〔〈《〖〘〚‘“")


@dataclass(frozen=True)
class Line:
    #: Units in visual (left-to-right) order.
    units: tuple[Unit, ...]
    #: Gap in em before each visual unit (the first is 0).
    gaps: tuple[float, ...]
    width: float  # em, including inner spaces
    #: Base direction of the paragraph the line belongs to ("ltr" or "rtl"): where its start edge is.
    direction: str = "ltr"


@dataclass(frozen=True)
class FittedText:
    size: float  # px per em
    lines: tuple[Line, ...]
    line_height: float  # em
    ascender: float  # em, first baseline below the block top
    block_width: float  # px
    block_height: float  # px
    overflow: bool
    missing: tuple[str, ...]


def split_units(text: str) -> list[tuple[str, bool]]:
    """``(unit text, space_before)`` pieces of a paragraph."""
    units: list[tuple[str, bool]] = []
    for wi, word in enumerate(text.split()):
        pieces: list[str] = []
        buf = ""
        for ch in word:
            if buf and (ch in GLUE or buf[-1] == "\u200d"):
                buf += ch  # variation selectors, skin tones, keycaps, ZWJ sequences stay whole
                continue
            if is_cjk(ord(ch)) and not is_hangul(ord(ch)):
                if ch in _CLOSE and (buf or pieces):
                    buf += ch
                    continue
                if buf and buf[-1] not in _OPEN:
                    pieces.append(buf)
                    buf = ""
                buf += ch
            else:
                if buf and is_cjk(ord(buf[-1])) and ch not in _CLOSE and buf[-1] not in _OPEN:
                    pieces.append(buf)
                    buf = ""
                buf += ch
        if buf:
            pieces.append(buf)
        for pi, piece in enumerate(pieces):
            units.append((piece, wi > 0 and pi == 0))
    return units


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _char_units(text: str) -> list[tuple[str, bool]]:
    """Fallback when a single word is wider than the box: break it between grapheme-ish clusters."""
    out: list[tuple[str, bool]] = []
    for piece, space in split_units(text):
        first = True
        cluster = ""
        for ch in piece:
            if cluster and (
                unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" or ch in GLUE or cluster[-1] == "\u200d"
            ):
                cluster += ch
                continue
            if cluster and _is_regional(ch) and len(cluster) == 1 and _is_regional(cluster):
                cluster += ch  # a flag is a pair of regional indicators
                continue
            if cluster:
                out.append((cluster, space and first))
                first = False
            cluster = ch
        if cluster:
            out.append((cluster, space and first))
    return out


def _visual_order(units: list[Unit], base: str) -> list[int]:
    dirs = [u.direction for u in units]
    resolved: list[str] = []
    for i, d in enumerate(dirs):
        if d:
            resolved.append(d)
            continue
        before = next((x for x in reversed(dirs[:i]) if x), base)
        after = next((x for x in dirs[i + 1 :] if x), base)
        resolved.append(before if before == after else base)
    order = list(range(len(units)))
    if base == "rtl":
        order.reverse()
        resolved = resolved[::-1]
        target = "ltr"
    else:
        target = "rtl"
    out: list[int] = []
    i = 0
    while i < len(order):
        if resolved[i] == target:
            j = i
            while j < len(order) and resolved[j] == target:
                j += 1
            out.extend(reversed(order[i:j]))
            i = j
        else:
            out.append(order[i])
            i += 1
    return out


def _break(units: list[Unit], max_width: float, space: float) -> list[list[Unit]] | None:
    lines: list[list[Unit]] = []
    current: list[Unit] = []
    width = 0.0
    for unit in units:
        if unit.width > max_width + 1e-9:
            return None
        add = unit.width + (space if unit.space_before and current else 0.0)
        if current and width + add > max_width + 1e-9:
            lines.append(current)
            current, width = [unit], unit.width
        else:
            current.append(unit)
            width += add
    if current:
        lines.append(current)
    return lines


def _line_width(units: list[Unit], space: float) -> float:
    return sum(u.width for u in units) + space * sum(1 for i, u in enumerate(units) if i and u.space_before)


def _layout(paragraphs: list[list[Unit]], max_width: float, space: float) -> list[tuple[int, list[Unit]]] | None:
    """Lines of all paragraphs, each with the index of its paragraph (None: a unit is too wide)."""
    lines: list[tuple[int, list[Unit]]] = []
    for pi, para in enumerate(paragraphs):
        broken = _break(para, max_width, space)
        if broken is None:
            return None
        lines.extend((pi, line) for line in broken)
    return lines


@lru_cache(maxsize=4096)
def fit_text(
    text: str,
    bold: bool,
    box_w: float,
    box_h: float,
    max_size: float,
    min_size: float = 4.0,
    balance: bool = True,
    family: str = "sans",
) -> FittedText:
    """The largest size (≤ ``max_size`` px) at which ``text`` in typeface ``family`` wraps into
    ``box_w`` × ``box_h`` px."""
    cjk = cjk_preference(text)
    paragraphs_text = [p for p in text.split("\n") if p.strip()] or [text]
    # Spaces come from the family's face when it draws the text's first letter; text in another script
    # (Hebrew in a mono title) is set by fallback fonts and spaced like them, not with a mono-wide space.
    first = next((ord(ch) for ch in text if ch.isalpha()), None)
    own = first is None or registry().primary(bold, family).covers(first)
    space = space_width(bold, family if own else "sans")

    def shape(pieces: list[tuple[str, bool]]) -> list[Unit]:
        return [shape_unit(t, bold, cjk, sp, family) for t, sp in pieces]

    paragraphs = [shape(split_units(p)) for p in paragraphs_text]
    asc = max((u.ascender for p in paragraphs for u in p), default=1.0) or 1.0
    desc = max((u.descender for p in paragraphs for u in p), default=0.3)
    line_h = (asc + desc) * 1.02
    missing = tuple(dict.fromkeys(ch for p in paragraphs for u in p for ch in u.missing))

    def feasible(size: float, paras: list[list[Unit]]) -> list[tuple[int, list[Unit]]] | None:
        lines = _layout(paras, box_w / size, space)
        if lines is None or len(lines) * line_h * size > box_h + 1e-6:
            return None
        return lines

    best: list[tuple[int, list[Unit]]] | None = None
    best_size = min_size
    for paras in (paragraphs, [shape(_char_units(p)) for p in paragraphs_text]):
        hi = max(min_size, min(max_size, box_h / line_h))
        if feasible(hi, paras) is not None:
            best, best_size = feasible(hi, paras), hi
        elif feasible(min_size, paras) is not None:
            lo = min_size
            for _ in range(18):
                mid = (lo + hi) / 2
                if feasible(mid, paras) is not None:
                    lo = mid
                else:
                    hi = mid
            best, best_size = feasible(lo, paras), lo
        if best is not None:
            paragraphs = paras
            break
    overflow = best is None
    if best is None:
        best_size = min_size
        best = [(pi, list(p)) for pi, p in enumerate(paragraphs)]
    elif balance and len(best) > 1:
        # Keep the line count but make lines as even as possible.
        n = len(best)
        widest = max(u.width for _pi, line in best for u in line)
        lo_w, hi_w = widest, box_w / best_size
        for _ in range(14):
            mid = (lo_w + hi_w) / 2
            trial = _layout(paragraphs, mid, space)
            if trial is not None and len(trial) <= n:
                hi_w = mid
            else:
                lo_w = mid
        trial = _layout(paragraphs, hi_w, space)
        if trial is not None and len(trial) <= n:
            best = trial
    # Each paragraph orders its lines by its own first strong direction; a paragraph with none (digits
    # only) follows the text's.
    text_base = next((d for p in paragraphs for u in p if (d := u.direction)), "ltr")
    bases = [next((d for u in p if (d := u.direction)), text_base) for p in paragraphs]
    lines = []
    for pi, line_units in best:
        base = bases[pi]
        order = _visual_order(line_units, base)
        gaps = [0.0]
        for a, b in itertools.pairwise(order):
            later = max(a, b)
            gaps.append(space if line_units[later].space_before else 0.0)
        units = tuple(line_units[k] for k in order)
        lines.append(Line(units, tuple(gaps), _line_width(line_units, space), base))
    block_w = max((ln.width for ln in lines), default=0.0) * best_size
    block_h = len(lines) * line_h * best_size
    overflow = overflow or block_w > box_w + 0.5 or block_h > box_h + 0.5
    return FittedText(best_size, tuple(lines), line_h, asc * 1.01, block_w, block_h, overflow, missing)
