"""Word-level reading for :mod:`subjects`: which words name a thing, what the words before and after a
thing say about it (count, colour, size), and which words may stand between a relation and its thing."""

from __future__ import annotations

from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose import lexicon, nouns
from openbanana.generators.compose.assets import AssetLibrary
from openbanana.generators.compose.tokens import QUOTE, STRONG, WEAK

#: How far back from a noun its modifiers may sit ("a row of five big red apples").
_REACH = 5


def noun_at(words: list[str], i: int, library: AssetLibrary) -> tuple[str, str, bool, int] | None:
    """(noun, icon or "prop:<kind>", plural, end) for a thing named at ``words[i]``, or None."""
    word = words[i]
    if word in nouns.VERB_OR_NOUN and _reads_as_verb(words, i, library):
        return None
    if word in nouns.PROPS:
        return word, "prop:" + nouns.PROPS[word], word.endswith("s") and word not in ("sign",), i + 1
    for n in (3, 2, 1):
        if i + n > len(words):
            continue
        phrase_words = words[i : i + n]
        if any(not w.isalpha() for w in phrase_words):
            continue
        if n == 1 and (word in lexicon.NOT_ASSETS or word in lexicon.NUMBERS):
            continue
        if n > 1 and any(w in lexicon.NUMBERS for w in phrase_words):
            continue
        phrase = "-".join(phrase_words)
        if n > 1:  # multi-word phrases only as exact icon names ("hot dog", "christmas trees")
            icon = next((f for f in nouns.singular_forms(phrase) if f in library), None)
            if icon is not None:
                return " ".join(phrase_words), icon, icon != phrase, i + n
            continue
        hit = library.lookup_form(phrase)
        if hit is not None:
            return word, hit[0], hit[1] != phrase, i + 1
    return None


_NOUN_INTRODUCERS = frozenset(
    {"of", "with", "some", "many", "few", "several", "no", "autumn", "fallen", "falling", "paper", "toy", "wild"}
)


def _reads_as_verb(words: list[str], i: int, library: AssetLibrary) -> bool:
    """Whether a word that may be a plural noun or a verb ("flies", "lands") is the verb here: not at
    the start of a sentence, not after a word that introduces a noun ("three flies", "of leaves"),
    not in a list of things ("cats, ducks and geese"), so after a subject ("a bird flies") or after
    another verb's clause ("a rocket launches, flies to the moon")."""
    before = words[i - 1] if i > 0 else STRONG
    if before == STRONG or before in _NOUN_INTRODUCERS or before.isdigit():
        return False
    if before in lexicon.ARTICLES or before in lexicon.NUMBERS or before in lexicon.COLORS or before in lexicon.SIZES:
        return False
    if before in (WEAK, "and") and i > 1:
        listed = words[i - 2]
        return not (listed in nouns.PROPS or library.lookup_form(listed) is not None)
    return True


def colour_noun(words: list[str], i: int, library: AssetLibrary) -> bool:
    """Whether a colour word that is also a noun ("an orange", "two limes") is the noun here."""
    word = words[i]
    if word not in nouns.COLOR_NOUNS:
        return False
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    determined = before in lexicon.NUMBERS or before.isdigit() or before in lexicon.ARTICLES
    follows_noun = after.isalpha() and (
        after in lexicon.TEXT_WORDS
        or after in lexicon.BACKGROUND_WORDS
        or after in nouns.PROPS
        or after in lexicon.COLORS
        or (after not in lexicon.NOT_ASSETS and library.lookup_form(after) is not None)
    )
    return determined and not follows_noun


@dataclass
class Mods:
    """What the words before a noun say about it."""

    count: int | None = None
    color: str | None = None
    color_word: str | None = None
    scale: float = 1.0
    size_word: str | None = None
    arrangement: str | None = None
    negated: bool = False


def modifiers(words: list[str], start: int, stops: set[int], used: set[int]) -> Mods:
    """Count, colour, size and negation from the words before a noun at ``start``."""
    found = Mods()
    j = start - 1
    while j >= 0 and start - j <= _REACH and j not in stops:
        w = words[j]
        if w in (STRONG, WEAK, QUOTE, "and", "or", "with", "but", "while"):
            break
        if w in lexicon.NEGATIONS:
            found.negated = True
            break
        if found.count is None and (w.isdigit() or (w in lexicon.NUMBERS and w not in ("a", "an"))):
            found.count = int(w) if w.isdigit() else lexicon.NUMBERS[w]
        elif w in lexicon.COLORS and found.color is None:
            color = lexicon.COLORS[w]
            shade = lexicon.SHADES.get(words[j - 1], 0.0) if j > 0 else 0.0
            if shade:
                color = C.lighten(color, shade) if shade > 0 else C.darken(color, -shade)
                used.add(j - 1)
            found.color, found.color_word = color, w
            used.add(j)
        elif w in lexicon.SIZES and found.size_word is None:
            found.scale, found.size_word = lexicon.SIZES[w], w
            used.add(j)
        j -= 1
    return found


def lookup(words: list[str], i: int, library: AssetLibrary) -> tuple[str, str, bool, int] | None:
    """A thing named at ``words[i]``, colour nouns included ("an orange", "three peaches")."""
    w = words[i]
    if w in lexicon.NEGATIONS or w in lexicon.ARTICLES:
        return None
    if w in lexicon.COLORS:
        if not colour_noun(words, i, library):
            return None
        target = nouns.ASSET_SYNONYMS.get(w, w)
        return (w, target, False, i + 1) if target in library else None
    noun = noun_at(words, i, library)
    if noun is None:
        for form in nouns.singular_forms(w)[:-1]:
            if form in nouns.COLOR_NOUNS and nouns.ASSET_SYNONYMS.get(form, form) in library:
                return w, nouns.ASSET_SYNONYMS.get(form, form), True, i + 1
    return noun


#: Words allowed between a relation phrase and its second thing ("on *the big red* table").
def leads_to(words: list[str], start: int, end: int) -> bool:
    if end - start > 4:
        return False
    for w in words[start:end]:
        if w in lexicon.ARTICLES or w in lexicon.NUMBERS or w.isdigit() or w in lexicon.COLORS:
            continue
        if w in lexicon.SIZES or w in lexicon.SHADES:
            continue
        if w in (STRONG, WEAK, QUOTE) or w in lexicon.NOT_ASSETS or w in lexicon.SCENES:
            return False
    return True


#: Words after a colour that still let it describe the thing before ("a car in red *and* …").
AFTER_COLOUR = frozenset({STRONG, WEAK, QUOTE, "and", "instead", "please", "with", "while", "but", "or", "color",
                           "colour", "colored", "coloured", "one", "ones"})  # fmt: skip


def post_colour(words: list[str], i: int) -> int | None:
    """Index of a colour at ``words[i]`` that describes the thing ending at ``i`` ("a car in red",
    "make the car blue", "a bus painted yellow"), or None."""
    at = i + 1 if words[i] in ("in", "colored", "coloured", "painted") else i
    if at >= len(words) or words[at] not in lexicon.COLORS:
        return None
    nxt = words[at + 1] if at + 1 < len(words) else STRONG
    if nxt in AFTER_COLOUR or lexicon.RELATIONS.starts(nxt) or lexicon.REGIONS.starts(nxt):
        return at
    return None
