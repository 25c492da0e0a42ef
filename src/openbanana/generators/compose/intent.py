"""Reading a prompt: quoted strings, subjects with counts, colours, scene and style words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbanana.generators.compose import lexicon
from openbanana.generators.compose.assets import AssetLibrary

# (regex, group) — each captures the quoted content in group 1.
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

_WORD = re.compile(r"[a-z]+|\d+")

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


def clean_quoted(text: str) -> str:
    """Quoted text as it will be drawn, checked and described: tabs and line breaks become spaces,
    other control characters, lone surrogates and noncharacters are dropped, ends are trimmed."""
    return _UNDRAWABLE.sub("", _SPACE_CONTROLS.sub(" ", text)).strip()


@dataclass(frozen=True)
class QuotedText:
    text: str
    start: int
    end: int
    role: str | None = None
    bold: bool = False
    color: str | None = None


@dataclass(frozen=True)
class TurnIntent:
    texts: tuple[QuotedText, ...]
    #: (noun as written, icon name, count)
    subjects: tuple[tuple[str, str, int], ...]
    negated: frozenset[str]
    background_colors: tuple[str, ...]
    palette_colors: tuple[str, ...]
    text_color: str | None
    #: The setting (beach, city, forest, room, space, sky …), None when the prompt names none.
    scene: str | None
    #: day | sunset | night, None when the prompt does not say.
    time: str | None
    styles: tuple[str, ...]
    bold_text: bool
    #: The turn's text, lower-cased, with every quote replaced by a comma (for keyword detection).
    unquoted: str = ""


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


def _hints(prompt: str, start: int, end: int) -> tuple[str | None, bool, str | None]:
    before = prompt[max(0, start - 48) : start].lower()
    after = prompt[end : end + 28].lower()
    before_words = _WORD.findall(before)
    after_words = _WORD.findall(after)
    role = None
    for word in reversed(before_words[-6:]):
        if word in lexicon.ROLE_HINTS:
            role = lexicon.ROLE_HINTS[word]
            break
    bold = "bold" in before_words[-5:] or "bold" in after_words[:3]
    color = None
    near_before = before_words[-4:]
    for i, word in enumerate(near_before):
        if word in lexicon.COLORS and (
            i == len(near_before) - 1
            or any(w in lexicon.TEXT_WORDS | set(lexicon.ROLE_HINTS) for w in near_before[i + 1 :])
        ):
            color = lexicon.COLORS[word]
    if after_words[:1] == ["in"] and len(after_words) > 1 and after_words[1] in lexicon.COLORS:
        color = lexicon.COLORS[after_words[1]]
    return role, bold, color


def _mask_quotes(prompt: str, quotes: list[tuple[str, int, int]]) -> str:
    """``prompt`` with each quote replaced by a clause break (``quotes`` do not overlap)."""
    pieces: list[str] = []
    pos = 0
    for _text, start, end in sorted(quotes, key=lambda q: q[1]):
        pieces += [prompt[pos:start], " , "]
        pos = end
    pieces.append(prompt[pos:])
    return "".join(pieces)


def read_turn(text: str, library: AssetLibrary, extra_style: str = "") -> TurnIntent:
    quotes = extract_quotes(text)
    texts = tuple(QuotedText(q, s, e, *_hints(text, s, e)) for q, s, e in quotes)
    masked = _mask_quotes(text, quotes).lower()
    # Clauses: colour words apply to the background only inside a clause that mentions it.
    clauses = re.split(r"[.;,!?\n]| and | with | while ", masked)
    words: list[str] = []
    clause_of: list[int] = []
    for ci, clause in enumerate(clauses):
        for w in _WORD.findall(clause):
            words.append(w)
            clause_of.append(ci)

    subjects: list[tuple[str, str, int]] = []
    negated: set[str] = set()
    used: set[int] = set()
    i = 0
    while i < len(words):
        matched = False
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            phrase_words = words[i : i + n]
            if n == 1 and (phrase_words[0] in lexicon.NOT_ASSETS or phrase_words[0] in lexicon.NUMBERS):
                continue
            if n > 1 and any(w in lexicon.NUMBERS or w.isdigit() for w in phrase_words):
                continue
            phrase = "-".join(phrase_words)
            if n > 1:
                # Multi-word phrases only as exact icon names ("hot dog", "christmas trees").
                icon = next((f for f in lexicon.singular_forms(phrase) if f in library), None)
                plural = icon is not None and icon != phrase
            else:
                hit = library.lookup_form(phrase)
                icon = hit[0] if hit else None
                plural = hit is not None and hit[1] != phrase
            if icon is None:
                continue
            word = phrase_words[-1]
            count = 3 if plural else 1
            for back in range(1, 4):
                j = i - back
                if j < 0:
                    break
                w = words[j]
                if w in lexicon.NEGATIONS:
                    negated.add(icon)
                    break
                if w.isdigit():
                    count = int(w)
                    break
                if w in lexicon.NUMBERS:
                    count = lexicon.NUMBERS[w]
                    if w in ("a", "an") and plural:
                        count = 3
                    break
            if icon not in negated:
                subjects.append((word, icon, max(1, min(count, lexicon.MAX_INSTANCES))))
            used.update(range(i, i + n))
            # A colour right before a subject describes it ("green pear"), not the palette.
            if i > 0 and words[i - 1] in lexicon.COLORS:
                used.add(i - 1)
            i += n
            matched = True
            break
        if not matched:
            i += 1

    background_colors: list[str] = []
    palette_colors: list[str] = []
    text_color: str | None = None
    bg_clauses = {clause_of[k] for k, w in enumerate(words) if w in lexicon.BACKGROUND_WORDS}
    for k, w in enumerate(words):
        if w not in lexicon.COLORS or k in used:
            continue
        following = words[k + 1 : k + 3]
        if any(f in lexicon.TEXT_WORDS for f in following):
            text_color = lexicon.COLORS[w]
        elif clause_of[k] in bg_clauses:
            background_colors.append(lexicon.COLORS[w])
        else:
            palette_colors.append(lexicon.COLORS[w])

    settings = [lexicon.SCENES[w] for w in words if w in lexicon.SCENES]
    scene = next((s for s in settings if s != "sky"), settings[0] if settings else None)
    time = next((lexicon.TIMES[w] for w in words if w in lexicon.TIMES and lexicon.TIMES[w] != "day"), None)
    if time is None and any(lexicon.TIMES.get(w) == "day" for w in words):
        time = "day"
    style_words = words + _WORD.findall(extra_style.lower())
    styles = tuple(dict.fromkeys(lexicon.STYLES[w] for w in style_words if w in lexicon.STYLES))
    bold_text = any(w == "bold" for w in words)
    return TurnIntent(
        texts=texts,
        subjects=tuple(subjects),
        negated=frozenset(negated),
        background_colors=tuple(dict.fromkeys(background_colors)),
        palette_colors=tuple(dict.fromkeys(palette_colors)),
        text_color=text_color,
        scene=scene,
        time=time,
        styles=styles,
        bold_text=bold_text,
        unquoted=masked,
    )


@dataclass(frozen=True)
class Intent:
    texts: tuple[QuotedText, ...]
    subjects: tuple[tuple[str, str, int], ...]
    background_colors: tuple[str, ...]
    palette_colors: tuple[str, ...]
    text_color: str | None
    scene: str | None
    time: str | None
    styles: tuple[str, ...]
    bold_text: bool
    #: The user texts that were read, oldest first.
    sources: tuple[str, ...]
    #: Every user text, lower-cased, quotes replaced by commas, oldest first, joined by newlines.
    unquoted: str = ""


def merge_turns(user_texts: list[str], library: AssetLibrary, system_instruction: str = "") -> Intent:
    """Fold a conversation's user turns into one intent; later turns refine earlier ones."""
    texts: tuple[QuotedText, ...] = ()
    subjects: dict[str, tuple[str, str, int]] = {}
    bg: tuple[str, ...] = ()
    palette: tuple[str, ...] = ()
    text_color: str | None = None
    scene: str | None = None
    time: str | None = None
    styles: list[str] = []
    bold = False
    unquoted: list[str] = []
    for n, text in enumerate(user_texts):
        turn = read_turn(text, library, system_instruction if n == len(user_texts) - 1 else "")
        unquoted.append(turn.unquoted)
        if turn.texts:
            texts = turn.texts
        for icon in turn.negated:
            subjects.pop(icon, None)
        for noun, icon, count in turn.subjects:
            if icon in subjects and n > 0 and subjects[icon][2] != count and count == 1:
                count = subjects[icon][2]
            subjects[icon] = (noun, icon, count)
        if turn.background_colors:
            bg = turn.background_colors
            if n > 0:
                scene = time = None
        if turn.scene:
            scene = turn.scene
            if n > 0 and not turn.background_colors:
                bg = ()
        if turn.time:
            time = turn.time
            if n > 0 and not turn.background_colors:
                bg = ()
        if turn.palette_colors:
            palette = turn.palette_colors
        if turn.text_color:
            text_color = turn.text_color
        styles.extend(turn.styles)
        bold = bold or turn.bold_text
    return Intent(
        texts=texts,
        subjects=tuple(list(subjects.values())[:4]),
        background_colors=bg,
        palette_colors=palette,
        text_color=text_color,
        scene=scene,
        time=time,
        styles=tuple(dict.fromkeys(styles)),
        bold_text=bold,
        sources=tuple(user_texts),
        unquoted="\n".join(unquoted),
    )
