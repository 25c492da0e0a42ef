"""Quoted text in a prompt: finding the quotes and reading what is said about each one (its role,
weight, colour, typeface, effect and where it goes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from openbanana.generators.compose import lexicon
from openbanana.generators.compose.tokens import QUOTE, STRONG, WEAK, Token

# Each captures the quoted content in group 1.
_QUOTE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"“([^”\n]+)”"),
    re.compile(r"„([^“”\n]+)[“”]"),
    re.compile(r"«\s?([^»\n]+?)\s?»"),
    re.compile(r"‹\s?([^›\n]+?)\s?›"),
    re.compile(r"「([^」\n]+)」"),
    re.compile(r"『([^』\n]+)』"),
    re.compile(r"《([^》\n]+)》"),
    re.compile(r'"([^"\n]+)"'),
    re.compile(r"＂([^＂\n]+)＂"),
    # Single quotes only where they clearly are quotes: not inside words (don't, Bob's).
    re.compile(r"(?<!\w)‘((?:[^‘’\n]|(?<=\w)’(?=\w))+)’(?!\w)"),
    re.compile(r"(?<![\w'])'((?:[^'\n]|(?<=\w)'(?=\w))+?)'(?![\w'])"),
)

#: Whitespace controls: kept as plain spaces (text layout collapses runs of whitespace anyway).
_SPACE_CONTROLS = re.compile(r"[\t\n\r]")
#: Everything else that can never be drawn and that XML (the SVG), OCR or a JSON reader may choke on:
#: the other C0 and C1 controls, DEL, lone surrogates and the noncharacters (U+FDD0..U+FDEF and the
#: last two code points of every plane).
_UNDRAWABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)

#: Font words that only mean a typeface when said of text ("code", "display", "marker" …); the rest
#: (serif, cursive, handwritten …) mean a typeface wherever they are.
_AMBIGUOUS_FONTS = frozenset(
    {"code", "pixel", "comic", "marker", "display", "terminal", "console", "impact", "roman", "chalk", "script",
     "mono", "geometric", "condensed", "chunky", "blocky"}
)  # fmt: skip


@dataclass(frozen=True)
class QuotedText:
    text: str
    start: int
    end: int
    #: title | subtitle | label | caption | sign | button (None: the planner decides by order).
    role: str | None = None
    bold: bool = False
    color: str | None = None
    #: Typeface family asked for: serif | sans | mono | handwritten | cursive | display.
    font: str | None = None
    #: Drawing effect asked for: neon | outline | shadow.
    effect: str | None = None
    #: Where it goes: top-left | top | top-right | left | center | right | bottom-left | bottom |
    #: bottom-right | sign (on a sign board) | button.
    placement: str | None = None


def clean_quoted(text: str) -> str:
    """Quoted text as it will be drawn, checked and described: tabs and line breaks become spaces,
    other control characters, lone surrogates and noncharacters are dropped, ends are trimmed."""
    return _UNDRAWABLE.sub("", _SPACE_CONTROLS.sub(" ", text)).strip()


def extract_quotes(prompt: str) -> list[tuple[str, int, int]]:
    """Every quoted string (content, start, end of the whole quote), outermost first, in prompt order.
    The content is cleaned with :func:`clean_quoted`; quotes left empty by that are skipped."""
    found: list[tuple[str, int, int]] = []
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(prompt):
            content = clean_quoted(m.group(1))
            if content:
                found.append((content, m.start(), m.end()))
    found.sort(key=lambda q: (q[1], -(q[2] - q[1])))
    kept: list[tuple[str, int, int]] = []
    end = -1  # every kept quote starts at or before the current one: overlap means starting before this
    for q in found:
        if q[1] < end:
            continue
        kept.append(q)
        end = max(end, q[2])
    return kept


#: Words that end what is said right after a quote ('"A" in red *and* the subtitle "B"').
_AFTER_STOPS = frozenset({WEAK, "and", "with", "while", "but"}) | frozenset(lexicon.ROLE_HINTS)


def _window(words: list[str], at: int, step: int, size: int) -> list[int]:
    """Indices next to the quote at ``at`` going ``step`` (−1 back, +1 on), up to ``size`` words, stopping
    at another quote or the end of the sentence (going on: also at the end of the clause)."""
    out: list[int] = []
    i = at + step
    while 0 <= i < len(words) and len(out) < size and words[i] not in (QUOTE, STRONG):
        if step > 0 and words[i] in _AFTER_STOPS:
            break
        out.append(i)
        i += step
    return out


def _phrases(table: lexicon.PhraseTable[str], words: list[str], indices: list[int]) -> list[tuple[int, str]]:
    """(index, value) of every phrase of ``table`` that starts at one of ``indices``."""
    found: list[tuple[int, str]] = []
    for i in sorted(indices):
        hit = table.match(words, i)
        if hit is not None:
            found.append((i, hit[0]))
    return found


def _quote_hints(quote: QuotedText, words: list[str], at: int, claimed: set[int]) -> tuple[QuotedText, set[int]]:
    """``quote`` with the hints from the words around it, and the indices of the font/effect words used.
    Words in ``claimed`` (said right after another quote) describe that quote, not this one."""
    around = _window(words, at, -1, 6)
    after = _window(words, at, 1, 4)
    before = [i for i in around if i not in claimed]
    near_before = sorted(before)[-4:]
    role = next((lexicon.ROLE_HINTS[words[i]] for i in around if words[i] in lexicon.ROLE_HINTS), None)
    if role is None:  # "… "Open" sign", '"Buy now" button'
        role = next((lexicon.ROLE_HINTS[words[i]] for i in after[:2] if words[i] in lexicon.ROLE_HINTS), None)
    bold = any(words[i] == "bold" for i in before[:5] + after[:3])
    color = None
    for k, i in enumerate(near_before):
        rest = [words[j] for j in near_before[k + 1 :]]
        if words[i] in lexicon.COLORS and (
            not rest or any(w in lexicon.TEXT_WORDS or w in lexicon.ROLE_HINTS for w in rest)
        ):
            color = lexicon.COLORS[words[i]]
    if len(after) > 1 and words[after[0]] == "in" and words[after[1]] in lexicon.COLORS:
        color = lexicon.COLORS[words[after[1]]]
    used: set[int] = set()
    font = effect = None
    for i, value in _phrases(lexicon.FONT_HINTS, words, before + after):
        font = value
        used.add(i)
    for i, value in _phrases(lexicon.EFFECT_HINTS, words, before + after):
        effect = value
        used.add(i)
    placement = "button" if role == "button" else ("sign" if role == "sign" else None)
    hinted = replace(quote, role=role, bold=bold, color=color, font=font, effect=effect, placement=placement)
    return hinted, used


def read_text_hints(quotes: list[QuotedText], tokens: list[Token]) -> list[QuotedText]:
    """Each quote with its role, weight, colour, font and effect hints. Font and effect words said of
    the text in general ("in a handwritten font", "neon lettering") apply to every quote that has none."""
    words = [t.word for t in tokens]
    at = {t.quote: i for i, t in enumerate(tokens) if t.word == QUOTE}
    out: list[QuotedText] = []
    used: set[int] = set()
    claimed = {i for n in range(len(quotes)) for i in _window(words, at[n], 1, 4)}
    for n, q in enumerate(quotes):
        hinted, near = _quote_hints(q, words, at[n], claimed)
        out.append(hinted)
        used |= near
    general_font = general_effect = None
    for i, word in enumerate(words):
        if i in used:
            continue
        near_text = any(w in lexicon.TEXT_WORDS for w in words[max(0, i - 3) : i + 4])
        font = lexicon.FONT_HINTS.match(words, i)
        if font is not None and (near_text or word not in _AMBIGUOUS_FONTS):
            general_font = general_font or font[0]
        effect = lexicon.EFFECT_HINTS.match(words, i)
        if effect is not None and near_text:
            general_effect = general_effect or effect[0]
    if general_font or general_effect:
        out = [replace(q, font=q.font or general_font, effect=q.effect or general_effect) for q in out]
    return out


def set_placement(quote: QuotedText, placement: str) -> QuotedText:
    """``quote`` placed at ``placement`` unless it already sits on a sign or a button."""
    if quote.placement in ("sign", "button"):
        return quote
    return replace(quote, placement=placement)
