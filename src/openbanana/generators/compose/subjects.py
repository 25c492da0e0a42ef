"""What a prompt asks to show: each thing with its count, colour and size, how things relate in space,
and where things and quotes go on the canvas.

The reader walks the token list once, finding the things (illustrations, props such as a table or a
sign, and the quotes), then binds the words around each thing to it: numbers, colours and size words
before it ("three red apples", "a tiny mouse"), arrangement phrases ("a row of five trees"), and the
relation or region phrase between two things ("a cat *on* a table", "a dog *in the top-right corner*").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from openbanana.generators.compose import lexicon, nouns
from openbanana.generators.compose.assets import AssetLibrary
from openbanana.generators.compose.subject_words import AFTER_COLOUR, Mods, leads_to, lookup, modifiers, post_colour
from openbanana.generators.compose.tokens import QUOTE, STRONG, WEAK, Token

#: Relations that put the second thing's copies around the first ("a cake surrounded by candles").
_INVERSE = {"surrounded-by": "around"}
#: A relation to the canvas itself ("on the left of the image") is a region.
_RELATION_REGION = {"left-of": "left", "right-of": "right", "above": "top", "below": "bottom", "under": "bottom"}
#: Words that lead from a sign to its text ("a sign that says", "a board reading").
_SAY_WORDS = frozenset({"says", "say", "saying", "reads", "reading", "read", "with", "showing", "shows", "written"})


@dataclass(frozen=True)
class SubjectSpec:
    """One thing the prompt asks for, with everything said about it."""

    #: The noun as written ("puppies", "ice cream").
    noun: str
    #: Illustration name ("" for a prop drawn with shapes).
    icon: str
    count: int
    #: Requested colour (hex) and the word that asked for it.
    color: str | None = None
    color_word: str | None = None
    #: Scale on the natural size (tiny 0.45 … huge 1.85) and the word that asked for it.
    scale: float = 1.0
    size_word: str | None = None
    #: row | column | ring | grid | stack | cluster, or None.
    arrangement: str | None = None
    #: Where on the canvas: top-left | top | top-right | left | center | right | bottom-left | bottom |
    #: bottom-right, or None.
    region: str | None = None
    #: table | bench | shelf | sign | chalkboard for things drawn as shapes, else None.
    prop: str | None = None
    #: The count came from a number word, not from a plural.
    explicit_count: bool = False
    plural: bool = False

    @property
    def key(self) -> str:
        """What identifies the thing across chat turns."""
        return self.prop or self.icon


@dataclass(frozen=True)
class Relation:
    """``subject`` (index into the specs) stands in relation ``kind`` to ``target``: left-of | right-of |
    above | below | on | under | in-front-of | behind | inside | next-to | around | held (in a hand)."""

    subject: int
    kind: str
    target: int


@dataclass
class SubjectReading:
    specs: list[SubjectSpec] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)
    #: Token indices that belong to a thing (nouns and their modifiers), so colours there are not
    #: read as background or palette colours.
    used: set[int] = field(default_factory=set)
    #: Quote index → region or "sign" (the quote is written on a sign).
    quote_places: dict[int, str] = field(default_factory=dict)


@dataclass
class _Item:
    """A thing or a phrase found in the token list, in order."""

    kind: str  # noun | quote | relation | region | break
    start: int
    end: int
    value: str = ""
    spec: int = -1
    quote: int = -1


def _of_link(items: list[_Item], words: list[str], i: int) -> _Item | None:
    """The thing right before "of" that leads to the noun at ``i`` ("a basket of *red* apples")."""
    if not items or items[-1].kind != "noun":
        return None
    last = items[-1]
    if last.end >= i or words[last.end] != "of":
        return None
    between = words[last.end + 1 : i]
    if any(not (w in lexicon.ARTICLES or w in lexicon.NUMBERS or w.isdigit() or w in lexicon.COLORS) for w in between):
        return None
    return last


def _of_measure(items: list[_Item], words: list[str], i: int, text: str, icon: str, reading: SubjectReading) -> bool:
    """Fold "cups of coffee" into one thing: the measure's count, the second noun's illustration."""
    last = _of_link(items, words, i)
    if last is None or icon.startswith("prop:") or words[last.end - 1] not in lexicon.MEASURES:
        return False
    spec = reading.specs[last.spec]
    reading.specs[last.spec] = replace(spec, noun=text, icon=icon, prop=None)
    reading.used.update(range(last.end, i + 1))
    return True


def _of_container(items: list[_Item], words: list[str], i: int) -> int | None:
    last = _of_link(items, words, i)
    if last is None or words[last.end - 1] not in lexicon.CONTAINERS:
        return None
    return last.spec


def _holder(spec: SubjectSpec) -> str | None:
    """How a thing holds what it is "with": on its top (a table) or inside it (a bowl), else None."""
    if spec.prop in ("table", "shelf", "bench"):
        return "on"
    if spec.icon in nouns.OPEN_CONTAINERS or spec.icon == "package":
        return "inside"
    return None


#: Words that point back at something already named ("the table", "that house").
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})


def _mentioned(reading: SubjectReading, icon: str, words: list[str], i: int, mods: Mods) -> int | None:
    """The index of the spec a definite mention ("the table") refers back to, or None for a new thing.
    A new colour said with the mention is applied to the earlier thing."""
    if i == 0 or mods.count is not None or mods.size_word:
        return None
    j = i - 1
    while j > 0 and words[j] in lexicon.COLORS:
        j -= 1
    if words[j] not in _DEFINITE:
        return None
    prop = icon[5:] if icon.startswith("prop:") else None
    for k in range(len(reading.specs) - 1, -1, -1):
        spec = reading.specs[k]
        if (spec.prop == prop if prop else spec.icon == icon) and (
            mods.color is None or spec.color in (None, mods.color)
        ):
            if mods.color is not None:
                reading.specs[k] = replace(spec, color=mods.color, color_word=mods.color_word)
            return k
    return None


def _scan(words: list[str], library: AssetLibrary, reading: SubjectReading) -> list[_Item]:
    """Things, relation and region phrases and breaks, in prompt order."""
    items: list[_Item] = []
    arrangement: tuple[str, int] | None = None  # pending "a row of", with the index it ended at
    quotes = 0
    i = 0
    while i < len(words):
        w = words[i]
        if w == QUOTE:
            items.append(_Item("quote", i, i + 1, quote=quotes))
            quotes += 1
            i += 1
            continue
        if w in (STRONG, WEAK):
            items.append(_Item("break", i, i + 1, value=w))
            i += 1
            continue
        style = lexicon.STYLES.match(words, i)
        if style is not None and style[1] - i > 1:  # "pop art", "movie still": a style, not a thing
            i = style[1]
            continue
        arr = lexicon.ARRANGEMENTS.match(words, i)
        if arr is not None:
            arrangement = arr
            reading.used.update(range(i, arr[1]))
            i = arr[1]
            continue
        last = items[-1] if items and items[-1].kind == "noun" and items[-1].end == i else None
        if last is not None:
            # What is said right after a thing describes it: "a car in red", "five trees in a row".
            colour_at = post_colour(words, i)
            if colour_at is not None:
                spec = reading.specs[last.spec]
                word = words[colour_at]
                reading.specs[last.spec] = replace(spec, color=lexicon.COLORS[word], color_word=word)
                reading.used.update(range(i, colour_at + 1))
                last.end = i = colour_at + 1
                continue
            nxt = words[i + 1] if i + 1 < len(words) else STRONG
            if w in lexicon.SIZES and (nxt in AFTER_COLOUR or lexicon.RELATIONS.starts(nxt)):
                spec = reading.specs[last.spec]  # "make the cat huge"
                reading.specs[last.spec] = replace(spec, scale=lexicon.SIZES[w], size_word=w)
                reading.used.add(i)
                last.end = i = i + 1
                continue
            after = lexicon.ARRANGEMENTS_AFTER.match(words, i)
            if after is not None:
                spec = reading.specs[last.spec]
                arranged = spec.arrangement or after[0]
                more = max(spec.count, lexicon.GROUP_COUNTS.get(arranged, 3))
                reading.specs[last.spec] = replace(
                    spec, arrangement=arranged, count=spec.count if spec.explicit_count else more
                )
                last.end = i = after[1]
                continue
        if w == "with" and last is not None and _holder(reading.specs[last.spec]) is not None:
            items.append(_Item("relation", i, i + 1, value="holding"))  # "a desk with a laptop"
            i += 1
            continue
        region = lexicon.REGIONS.match(words, i)
        relation = lexicon.RELATIONS.match(words, i)
        if relation is not None and (region is None or relation[1] > region[1]):
            items.append(_Item("relation", i, relation[1], value=relation[0]))
            i = relation[1]
            continue
        if region is not None:
            items.append(_Item("region", i, region[1], value=region[0]))
            i = region[1]
            continue
        noun = lookup(words, i, library)
        if noun is None:
            i += 1
            continue
        text, icon, plural, end = noun
        if _of_measure(items, words, i, text, icon, reading):  # "two cups of coffee": two coffees
            items[-1].end = end
            i = end
            continue
        stops = {k for it in items if it.kind != "break" for k in range(it.start, it.end)}
        mods = modifiers(words, i, stops, reading.used)
        group: str | None = None
        if arrangement is not None and i - arrangement[1] <= 3:
            group, arrangement = arrangement[0], None
        reading.used.update(range(i, end))
        if mods.negated:
            reading.negated.add(icon[5:] if icon.startswith("prop:") else icon)
            i = end
            continue
        earlier = _mentioned(reading, icon, words, i, mods)
        if earlier is not None:  # "a cat under the table and a cup on *the table*": the same table
            items.append(_Item("noun", i, end, spec=earlier))
            i = end
            continue
        default = lexicon.GROUP_COUNTS.get(group or "", 3) if plural or group else 1
        count = default if mods.count is None else mods.count
        reading.specs.append(
            SubjectSpec(
                noun=text,
                icon="" if icon.startswith("prop:") else icon,
                count=max(1, min(count, lexicon.MAX_INSTANCES)),
                color=mods.color,
                color_word=mods.color_word,
                scale=mods.scale,
                size_word=mods.size_word,
                arrangement=group,
                prop=icon[5:] if icon.startswith("prop:") else None,
                explicit_count=mods.count is not None,
                plural=plural,
            )
        )
        container = _of_container(items, words, i)
        if container is not None:  # "a basket of apples": the apples in the basket
            reading.relations.append(Relation(len(reading.specs) - 1, "inside", container))
        items.append(_Item("noun", i, end, spec=len(reading.specs) - 1))
        i = end
    return items


def _next_thing(items: list[_Item], k: int) -> _Item | None:
    """The first thing after ``items[k]`` in the same sentence."""
    for it in items[k + 1 :]:
        if it.kind == "break" and it.value == STRONG:
            return None
        if it.kind in ("noun", "quote"):
            return it
    return None


def _hold_too(reading: SubjectReading, it: _Item, holding: tuple[int, str], between: list[str]) -> None:
    """ "a desk with a laptop and a plant": the plant is on the desk too."""
    joined = set(between) <= {"and"} | lexicon.ARTICLES | set(lexicon.NUMBERS)
    if joined and it.spec != holding[0] and all(r.subject != it.spec for r in reading.relations):
        reading.relations.append(Relation(it.spec, holding[1], holding[0]))


def _bind(items: list[_Item], words: list[str], reading: SubjectReading) -> None:
    """Attach relation and region phrases to the things around them."""
    last: _Item | None = None
    broken = False  # a break since ``last``
    pending_region: str | None = None
    holding: tuple[int, str] | None = None  # (holder spec, relation) while "with a … and a …" goes on

    def place(it: _Item, region: str) -> None:
        if it.kind == "quote":
            reading.quote_places.setdefault(it.quote, region)
        elif reading.specs[it.spec].region is None:
            reading.specs[it.spec] = replace(reading.specs[it.spec], region=region)

    for k, it in enumerate(items):
        if it.kind == "break":
            broken, holding = True, None
            if it.value == STRONG:
                last, pending_region = None, None
            continue
        if it.kind in ("noun", "quote"):
            if pending_region is not None:
                place(it, pending_region)
                pending_region = None
            if holding is not None and it.kind == "noun" and last is not None and not broken:
                _hold_too(reading, it, holding, words[last.end : it.start])
            last, broken = it, False
            continue
        if it.kind == "region":
            holding = None
            if last is not None and not broken:
                place(last, it.value)
            else:
                pending_region = it.value
            continue
        # A relation between the thing before and the thing after it.
        holding = None
        target = _next_thing(items, k)
        after = next((w for w in words[it.end : it.end + 3] if w not in lexicon.ARTICLES), "")
        if target is None or not leads_to(words, it.end, target.start):
            if last is not None and it.value in _RELATION_REGION and after in lexicon.CANVAS_WORDS:
                place(last, _RELATION_REGION[it.value])
            continue
        if last is None:
            continue
        if last.kind == "quote" or target.kind == "quote":
            quote, other = (last, target) if last.kind == "quote" else (target, last)
            if other.kind == "noun" and reading.specs[other.spec].prop in ("sign", "chalkboard"):
                reading.quote_places[quote.quote] = "sign"
            continue
        kind = _INVERSE.get(it.value, it.value)
        subject, anchor = (target, last) if it.value in _INVERSE else (last, target)
        if it.value == "holding":  # "a desk with a laptop", "a girl holding a balloon"
            subject, anchor = target, last
            kind = _holder(reading.specs[last.spec]) or "held"
            holding = (anchor.spec, kind)
        if subject.spec != anchor.spec:
            reading.relations.append(Relation(subject.spec, kind, anchor.spec))
    if pending_region is not None and last is not None:
        place(last, pending_region)
    # "a sign that says 'Open'": a quote right after a sign (through a saying word) is written on it.
    for k, it in enumerate(items):
        if it.kind != "noun" or reading.specs[it.spec].prop not in ("sign", "chalkboard"):
            continue
        nxt = _next_thing(items, k)
        if nxt is not None and nxt.kind == "quote" and nxt.start - it.end <= 4:
            between = set(words[it.end : nxt.start])
            if between & _SAY_WORDS or nxt.start == it.end:
                reading.quote_places[nxt.quote] = "sign"


def read_subjects(tokens: list[Token], library: AssetLibrary) -> SubjectReading:
    """The things in ``tokens`` with their attributes, the relations between them and the places of
    things and quotes."""
    words = [t.word for t in tokens]
    reading = SubjectReading()
    items = _scan(words, library, reading)
    _bind(items, words, reading)
    return reading
