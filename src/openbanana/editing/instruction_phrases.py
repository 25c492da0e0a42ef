"""Reading the parts of an edit instruction: noun phrases (what an edit is about), colours, places,
relations, styles, times and resize factors. :mod:`.instructions` puts them together into edit ops."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbanana.editing import instruction_words as W
from openbanana.editing.instructions import EditContext
from openbanana.generators.compose import colors as C
from openbanana.generators.compose import lexicon, nouns
from openbanana.generators.compose.assets import load_library

_ROLES = frozenset(W.TEXT_TARGETS.values())

TOKEN = re.compile(
    r"\x00\d+\x00|#[0-9a-f]{6}\b|\d+(?:\.\d+)?\s*:\s*\d+|\d+(?:\.\d+)?(?:k|x|p|%|st|nd|rd|th)?|[^\W\d_]+|[,;.!?&]"
)
ORDINAL_NUMBER = re.compile(r"(\d+)(?:st|nd|rd|th)?")


@dataclass
class Reader:
    context: EditContext
    quotes: list[str]
    last: str | None = None

    def it(self) -> str | None:
        """What "it" means now: the last target, else the image's single or main subject, else None."""
        if self.last is not None:
            return self.last
        return self.context.subjects[0] if self.context.subjects else None

    def thing(self, word: str, nxt: str = "") -> str | None:
        """The singular noun for a thing word ("birds" → "bird"), or None when it names no thing."""
        if word in nouns.PROPS:
            return nouns.singular_forms(word)[0] if word.endswith("s") else word
        if word in W.NOT_THINGS or (word in lexicon.NOT_ASSETS and word not in nouns.ASSET_SYNONYMS):
            return None
        lib = load_library()
        if nxt.isalpha() and f"{word}-{nxt}" in lib:
            return f"{word} {nxt}"
        hit = lib.lookup_form(word)
        if hit is None and word in nouns.COLOR_NOUNS and nouns.ASSET_SYNONYMS.get(word, word) in lib:
            hit = (nouns.ASSET_SYNONYMS.get(word, word), word)  # "an orange": the fruit
        if hit is None:
            subjects = set(self.context.subjects)
            return next((f for f in nouns.singular_forms(word) if f in subjects), None)
        icon, form = hit
        # Call a thing by the name the image knows it by ("automobile" → "car").
        for subject in self.context.subjects:
            known = lib.lookup_form(subject)
            if known is not None and known[0] == icon:
                return subject
        return form


@dataclass(frozen=True)
class Phrase:
    """A noun phrase: ``kind`` thing | text | background | quote | canvas (whole image)."""

    kind: str
    noun: str | None
    end: int
    count: int | None = None
    definite: bool = False
    color: str | None = None
    #: Said as "it" / "them" (resolved against the conversation).
    pronoun: bool = False


def quote_index(word: str) -> int | None:
    return int(word[1:-1]) if word.startswith("\x00") else None


def colour(words: list[str], i: int) -> tuple[str, str, int] | None:
    """(hex, words as said, end) for a colour at ``words[i]`` ("teal", "dark blue", "#ff8800")."""
    if i < len(words) and re.fullmatch(r"#[0-9a-f]{6}", words[i]):
        return words[i], words[i], i + 1
    shade = lexicon.SHADES.get(words[i], 0.0) if i < len(words) else 0.0
    j = i + 1 if shade else i
    if j >= len(words) or words[j] not in lexicon.COLORS:
        return None
    color = lexicon.COLORS[words[j]]
    color = C.lighten(color, shade) if shade > 0 else C.darken(color, -shade) if shade < 0 else color
    return color, " ".join(words[i : j + 1]), j + 1


def find_colour(words: list[str], start: int = 0) -> tuple[str, str, int] | None:
    return next((c for i in range(start, len(words)) if (c := colour(words, i)) is not None), None)


def phrase(r: Reader, words: list[str], i: int) -> Phrase | None:
    """The noun phrase starting at ``words[i]`` (determiners, numbers, colours and sizes skipped)."""
    count: int | None = None
    definite = False
    color: str | None = None
    j = i
    while j < len(words) and j - i < 6:
        w, nxt = words[j], words[j + 1] if j + 1 < len(words) else ""
        if (q := quote_index(w)) is not None:
            return Phrase("quote", r.quotes[q], j + 1, definite=True)
        if w in W.TEXT_TARGETS:
            return Phrase("text", W.TEXT_TARGETS[w], j + 1, count, True)
        if w in lexicon.BACKGROUND_WORDS - {"sky", "wall"}:
            return Phrase("background", "background", j + 1, definite=True)
        if w in W.CANVAS and nxt not in W.TEXT_TARGETS:
            return Phrase("canvas", None, j + 1, definite=True)
        if w in W.PRONOUNS and (w != "one" or definite) and not (r.thing(nxt) and w in ("that", "this", "these")):
            kind = "text" if r.it() in _ROLES else "thing"  # "change the title … and make it red"
            return Phrase(kind, r.it(), j + 1, definite=True, color=color, pronoun=True)
        if w in ("the", "that", "this", "these", "those", "my", "its", "their", "his", "her"):
            definite = True
        elif w.isdigit() or (w in lexicon.NUMBERS and w not in ("a", "an")):
            count = int(w) if w.isdigit() else lexicon.NUMBERS[w]
        elif (c := colour(words, j)) is not None and r.thing(words[c[2]] if c[2] < len(words) else ""):
            color, j = c[0], c[2] - 1
        elif w not in W.DETERMINERS and w not in lexicon.SIZES and w not in lexicon.ARTICLES:
            noun = r.thing(w, nxt)
            if noun is None:
                return None
            return Phrase("thing", noun, j + 1 + noun.count(" "), count, definite, color)
        j += 1
    return None


def find_phrase(r: Reader, words: list[str], start: int = 0, kinds: tuple[str, ...] = ()) -> Phrase | None:
    for i in range(start, len(words)):
        p = phrase(r, words, i)
        if p is not None and (not kinds or p.kind in kinds):
            return p
    return None


def direction(words: list[str], start: int) -> str | None:
    """A place or direction phrase anywhere from ``start`` ("to the left", "in the top right corner")."""
    for i in range(start, len(words)):
        j = i + 1 if words[i] in W.DIRECTION_LEADS else i
        while j < len(words) and words[j] in lexicon.ARTICLES:
            j += 1
        for table in (W.REGION_TABLE, W.DIRECTIONS):
            hit = table.match(words, i) or table.match(words, j)
            if hit is not None:
                return hit[0]
    return None


def relation(r: Reader, words: list[str], start: int) -> tuple[str | None, str] | None:
    """(direction, anchor noun) for "next to the dog", "on the table", "to the left of the car"."""
    for i in range(start, len(words)):
        hit = lexicon.RELATIONS.match(words, i)
        if hit is None and words[i] == "to":
            hit = ("next-to", i + 1)
        if hit is not None:
            p = phrase(r, words, hit[1])
            if p is not None and p.kind == "thing" and p.noun:
                return W.RELATION_DIRECTION.get(hit[0]), p.noun
    return None


def style(words: list[str], start: int = 0) -> str | None:
    """A filter word ("black and white" → grayscale) or a compose style ("watercolour" → watercolor)."""
    for i in range(start, len(words)):
        for table, weak in ((W.FILTERS, frozenset[str]()), (lexicon.STYLES, W.WEAK_STYLE_WORDS)):
            hit = table.match(words, i)
            if hit is not None and not (hit[1] == i + 1 and words[i] in weak):
                return hit[0]
    return None


def time_of_day(words: list[str]) -> str | None:
    ok = ("night", "nighttime", "midnight", "sunset", "sunrise", "dusk", "dawn", "evening", "twilight", "day",
          "daytime", "daylight", "morning", "noon", "afternoon", "sunny", "daybreak")  # fmt: skip
    return next((lexicon.TIMES.get(w, "day") for w in words if w in ok), None)


def setting(words: list[str], start: int = 0) -> str | None:
    return next((lexicon.SCENES[w] for w in words[start:] if w in lexicon.SCENES), None)


def factor(words: list[str], verb: str | None) -> float | None:
    """A resize factor: "twice as big" 2, "3 times bigger" 3, "by 50%", "a bit smaller" 0.8."""
    base = W.VERB_FACTORS.get(verb or "")
    if verb == "resize" and ("up" in words or "down" in words):
        base = 1.5 if "up" in words else 0.67
    shrink = verb == "smaller" or any(w in ("smaller", "tinier", "shorter", "reduce", "shrink") for w in words)
    for k, w in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if w.endswith("%") and w[:-1].replace(".", "").isdigit():
            pct = float(w[:-1]) / 100
            return max(0.1, 1 - pct) if shrink else 1 + pct
        if ((w.isdigit() or w in lexicon.NUMBERS) and nxt in ("times", "x")) or re.fullmatch(r"\d+(\.\d+)?x", w):
            n = float(w.rstrip("x")) if w.rstrip("x").replace(".", "").isdigit() else float(lexicon.NUMBERS[w])
            return 1 / n if shrink and n > 1 else n
        if w in ("twice", "double", "triple", "thrice", "half", "quarter"):
            return W.FACTORS[w]
        if w in W.FACTORS and base is None:
            base = W.FACTORS[w]
    if base is None:
        return None
    if any(w in W.FACTOR_SOFT for w in words):
        base = 1 + (base - 1) * 0.4
    elif any(w in W.FACTOR_STRONG for w in words):
        base = base * base
    return round(base, 3)
