"""A glossary translator for the short text on signs, posters, menus and buttons (English → es, fr, de,
it, pt).

Apertium has no English pair for French, German, Italian or Portuguese, and sign text is mostly a
small closed vocabulary ("OPEN", "50% OFF", "Fresh coffee", "Push"), so a phrase table covers what
people ask to translate in a photo. Matching is phrase-first and longest-first ("grand opening sale"
before "grand opening" before "sale"), numbers fill ``#`` slots ("50% off" → "50% de descuento"),
each phrase keeps the letter case of the words it replaces, and words not in the table are kept as
they were, with the result marked incomplete so the caller can say so.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from openbanana.editing.translate.base import Translation, match_case
from openbanana.editing.translate.glossary_data import TABLE

TARGETS = ("es", "fr", "de", "it", "pt")
#: The longest phrase in the table, in words.
_MAX_WORDS = 6
#: A word: letters or digits, with inner apostrophes, slashes or hyphens ("we're", "24/7", "wi-fi"),
#: and a trailing % on numbers.
_WORD = re.compile(r"[^\W_]+(?:['’/-][^\W_]+)*%?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?(%?)")
#: Words that stay lower case inside Title Case phrases.
_SMALL = frozenset(
    {"a", "al", "à", "au", "aux", "con", "da", "das", "de", "del", "der", "des", "di", "die", "do", "dos", "du"}
    | {"e", "el", "en", "et", "im", "la", "le", "les", "los", "y"}
)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, dict[str, str]]:
    """target → English phrase (lower case, numbers as ``#``) → translation."""
    table: dict[str, dict[str, str]] = {lang: {} for lang in TARGETS}
    for line in TABLE.strip().splitlines():
        english, *translations = (cell.strip() for cell in line.split("|"))
        for phrase in english.split(";"):
            key = phrase.strip().lower()
            for lang, text in zip(TARGETS, translations, strict=True):
                table[lang].setdefault(key, text)
    return table


def _key(words: list[str]) -> tuple[str, list[str]]:
    """The table key of ``words`` and the numbers it replaced by ``#`` (in order)."""
    numbers: list[str] = []
    parts: list[str] = []
    for word in words:
        match = _NUMBER.fullmatch(word)
        if match:
            numbers.append(word.removesuffix("%"))
            parts.append("#" + match.group(1))
        else:
            parts.append(word.lower().replace("’", "'"))
    return " ".join(parts), numbers


def _key_of(source: str) -> str:
    return _key(_WORD.findall(source))[0]


#: English capitalises these wherever they stand; the target languages mostly do not ("Monday to
#: Friday" → "Lunes a viernes"), so after the first word they take the table's own case.
_CAPITALISED = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "english",
})  # fmt: skip


def _fill(template: str, numbers: list[str]) -> str:
    for number in numbers:
        template = template.replace("#", number, 1)
    return template


def _small(word: str) -> bool:
    """An article, preposition or elided article ("d'ouverture"), lower case in Title Case text."""
    lower = word.lower()
    return lower in _SMALL or ("'" in lower and lower.split("'")[0] in _SMALL | {"d", "l", "dell", "all", "un"})


def _case(source: str, text: str, whole_upper: bool) -> str:
    if whole_upper:
        return text.upper()
    cased = match_case(source, text)
    if cased != text and len(source.split()) > 1 and not source.isupper():
        words = cased.split(" ")
        cased = " ".join([words[0], *(w.lower() if _small(w) else w for w in words[1:])])
    return cased


def _joinable(gap: str) -> bool:
    """Whether two words separated by ``gap`` may belong to one phrase (spaces only, or a lone comma)."""
    return gap.strip() in ("", ",")


#: Phrases that join others ("coffee and cake"): two other phrases side by side ("chicken" "soup") are
#: translated word by word, which may be the wrong order in the target language.
_JOINERS = frozenset({"and", "or", "with", "without", "for", "from", "to", "until", "up to", "of", "in", "at", "&"})


def _run(text: str, target: str) -> tuple[Translation | None, bool]:
    """The glossary translation and whether it is *literal-safe*: no two content phrases met side by
    side (their order in the target language is unknown to a glossary)."""
    table = _phrases().get(target)
    if table is None:
        return None, False
    words = list(_WORD.finditer(text))
    letters = [ch for ch in text if ch.isalpha()]
    whole_upper = len(letters) > 1 and all(ch.isupper() for ch in letters)
    out: list[str] = []
    known = unknown = 0
    safe = True
    previous_content = False
    pos = i = 0
    while i < len(words):
        gap = text[pos : words[i].start()]
        out.append(gap)
        span = 1
        found: str | None = None
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            group = words[i : i + n]
            if any(not _joinable(text[a.end() : b.start()]) for a, b in itertools.pairwise(group)):
                continue
            key, numbers = _key([m.group() for m in group])
            if key in table:
                found, span = _fill(table[key], numbers), n
                break
        source = text[words[i].start() : words[i + span - 1].end()]
        content = source.lower() not in _JOINERS and not any(ch.isdigit() for ch in source)
        if found is not None:
            proper = _key_of(source) in _CAPITALISED and i > 0 and not whole_upper
            out.append(found if proper else _case(source, found, whole_upper))
            known += 1
            safe = safe and not (content and previous_content and not gap.strip())
        else:
            out.append(source)
            if not any(ch.isdigit() for ch in source):  # numbers, times, prices and codes stay as they are
                unknown += 1
        previous_content = content
        pos = words[i + span - 1].end()
        i += span
    out.append(text[pos:])
    if known == 0:
        return None, False
    return Translation("".join(out), "en", target, "glossary", complete=unknown == 0), safe


def translate_glossary(text: str, target: str) -> Translation | None:
    """``text`` (English) in ``target``; None when ``target`` is not a glossary language or no word of
    ``text`` is in the glossary."""
    return _run(text, target)[0]


def literal_safe(text: str, target: str) -> bool:
    """Whether the glossary's translation of ``text`` is made of whole table phrases joined only by
    punctuation or joining words ("Fresh coffee and cake", "50% OFF"), so it can be trusted over a
    general translator's; False for word-by-word strings ("chicken soup")."""
    translation, safe = _run(text, target)
    return translation is not None and translation.complete and safe


class GlossaryTranslator:
    """:func:`translate_glossary` as a :class:`~openbanana.editing.translate.base.Translator`."""

    name = "glossary"

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", lang) for lang in TARGETS}

    def translate(self, text: str, source: str, target: str) -> Translation | None:
        return translate_glossary(text, target) if source == "en" else None
