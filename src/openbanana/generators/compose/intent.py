"""Reading a prompt: quoted strings, the things to show (with counts, colours, sizes, relations and
places), colours, setting, time, light, weather and style words, folded over the turns of a chat."""

from __future__ import annotations

from dataclasses import dataclass, replace

from openbanana.generators.compose import lexicon
from openbanana.generators.compose.assets import AssetLibrary
from openbanana.generators.compose.intent_text import (
    QuotedText,
    clean_quoted,
    extract_quotes,
    read_text_hints,
    set_placement,
)
from openbanana.generators.compose.subjects import Relation, SubjectSpec, read_subjects
from openbanana.generators.compose.tokens import QUOTE, STRONG, WEAK, Token, tokenize

__all__ = [
    "Intent",
    "QuotedText",
    "Relation",
    "SubjectSpec",
    "TurnIntent",
    "clean_quoted",
    "extract_quotes",
    "merge_turns",
    "read_turn",
]

#: At most this many distinct things per image (each may have several copies).
MAX_SPECS = 8

_CLAUSE_WORDS = frozenset({"and", "with", "while"})


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
    #: Every thing with its attributes (props such as tables and signs included).
    specs: tuple[SubjectSpec, ...] = ()
    relations: tuple[Relation, ...] = ()
    #: rain | snow | fog | storm | cloudy
    weather: tuple[str, ...] = ()
    #: golden | sunrise | neon | moonlight, None when the prompt does not say.
    lighting: str | None = None


def _mask_quotes(prompt: str, quotes: list[tuple[str, int, int]]) -> str:
    """``prompt`` with each quote replaced by a clause break (``quotes`` do not overlap)."""
    pieces: list[str] = []
    pos = 0
    for _text, start, end in sorted(quotes, key=lambda q: q[1]):
        pieces += [prompt[pos:start], " , "]
        pos = end
    pieces.append(prompt[pos:])
    return "".join(pieces)


def _colours(words: list[str], used: set[int]) -> tuple[list[str], list[str], str | None]:
    """(background, palette, text) colours from the colour words that describe no thing. A colour is
    the background's when its clause mentions the background, the text's when a text word follows."""
    clause_of: list[int] = []
    clause = 0
    for w in words:
        if w in (STRONG, WEAK, QUOTE) or w in _CLAUSE_WORDS:
            clause += 1
        clause_of.append(clause)
    bg_clauses = {clause_of[k] for k, w in enumerate(words) if w in lexicon.BACKGROUND_WORDS}
    background: list[str] = []
    palette: list[str] = []
    text_color: str | None = None
    for k, w in enumerate(words):
        if w not in lexicon.COLORS or k in used:
            continue
        if any(f in lexicon.TEXT_WORDS for f in words[k + 1 : k + 3]):
            text_color = lexicon.COLORS[w]
        elif clause_of[k] in bg_clauses:
            background.append(lexicon.COLORS[w])
        else:
            palette.append(lexicon.COLORS[w])
    return background, palette, text_color


def _phrase_values(table: lexicon.PhraseTable[str], words: list[str], skip: set[int]) -> tuple[list[str], set[int]]:
    """Values of the phrases of ``table`` in ``words`` (outside ``skip``), and the indices they cover."""
    values: list[str] = []
    covered: set[int] = set()
    i = 0
    while i < len(words):
        hit = table.match(words, i) if i not in skip else None
        if hit is None:
            i += 1
            continue
        values.append(hit[0])
        covered.update(range(i, hit[1]))
        i = hit[1]
    return values, covered


def read_turn(text: str, library: AssetLibrary, extra_style: str = "") -> TurnIntent:
    quotes = extract_quotes(text)
    tokens: list[Token] = tokenize(text, quotes)
    words = [t.word for t in tokens]
    reading = read_subjects(tokens, library)
    texts = read_text_hints([QuotedText(q, s, e) for q, s, e in quotes], tokens)
    texts = [set_placement(q, reading.quote_places[n]) if n in reading.quote_places else q for n, q in enumerate(texts)]

    lighting_values, lit = _phrase_values(lexicon.LIGHTING, words, reading.used)
    # "dark blue", "light green": shade words before a colour are not styles.
    shades = {k for k, w in enumerate(words[:-1]) if w in lexicon.SHADES and words[k + 1] in lexicon.COLORS}
    # '"Forever" in gold': the quote's colour, not the palette's.
    said_of_quotes = {k for k in range(2, len(words)) if words[k - 1] == "in" and words[k - 2] == QUOTE}
    used = reading.used | lit | said_of_quotes
    background, palette, text_color = _colours(words, used)
    free = [w if k not in used else "" for k, w in enumerate(words)]
    settings = [lexicon.SCENES[w] for w in free if w in lexicon.SCENES]
    scene = next((s for s in settings if s != "sky"), settings[0] if settings else None)
    if scene == "snow":  # "a snowy city street": a city in the snow (snowy mountains stay a snow scene)
        scene = next((s for s in settings if s not in ("sky", "snow", "mountain")), scene)
    time = next((lexicon.TIMES[w] for w in free if w in lexicon.TIMES and lexicon.TIMES[w] != "day"), None)
    if time is None and any(lexicon.TIMES.get(w) == "day" for w in free):
        time = "day"
    lighting = lighting_values[0] if lighting_values else None
    if lighting in ("golden", "sunrise") and time in (None, "day"):
        time = "sunset"
    if lighting == "neon" and time is None and scene is not None:  # a neon city glows at night
        time = "night"
    weather = [lexicon.WEATHER[w] for w in free if w in lexicon.WEATHER]
    style_words = [w if k not in shades else "" for k, w in enumerate(free)]
    style_words += [t.word for t in tokenize(extra_style, [])]
    styles, _ = _phrase_values(lexicon.STYLES, style_words, set())
    if lighting == "neon":
        styles.append("neon")
    subjects = tuple((s.noun, s.icon, s.count) for s in reading.specs if s.prop is None)
    return TurnIntent(
        texts=tuple(texts),
        subjects=subjects,
        negated=frozenset(reading.negated),
        background_colors=tuple(dict.fromkeys(background)),
        palette_colors=tuple(dict.fromkeys(palette)),
        text_color=text_color,
        scene=scene,
        time=time,
        styles=tuple(dict.fromkeys(styles)),
        bold_text="bold" in words,
        unquoted=_mask_quotes(text, quotes).lower(),
        specs=tuple(reading.specs),
        relations=tuple(reading.relations),
        weather=tuple(dict.fromkeys(weather)),
        lighting=lighting,
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
    #: Every thing to show, with count, colour, size, arrangement and region (props included; a prop
    #: has ``prop`` set and no icon). ``subjects`` is the illustrated part of this, one entry per icon.
    specs: tuple[SubjectSpec, ...] = ()
    #: Spatial relations between ``specs`` (indices into it).
    relations: tuple[Relation, ...] = ()
    weather: tuple[str, ...] = ()
    lighting: str | None = None


def _merge_spec(old: SubjectSpec, new: SubjectSpec) -> SubjectSpec:
    """A follow-up's mention of a thing refines it: what the follow-up says wins, the rest stays."""
    return replace(
        old,
        noun=new.noun,
        count=new.count if new.explicit_count or new.plural else old.count,
        explicit_count=old.explicit_count or new.explicit_count,
        color=new.color or old.color,
        color_word=new.color_word or old.color_word,
        scale=new.scale if new.size_word else old.scale,
        size_word=new.size_word or old.size_word,
        arrangement=new.arrangement or old.arrangement,
        region=new.region or old.region,
    )


def _subjects(specs: list[SubjectSpec]) -> tuple[tuple[str, str, int], ...]:
    """(noun, icon, count) per illustrated icon, counts of same-icon things added up."""
    merged: dict[str, tuple[str, str, int]] = {}
    for s in specs:
        if s.prop is None:
            noun, _icon, count = merged.get(s.icon, (s.noun, s.icon, 0))
            merged[s.icon] = (noun, s.icon, min(lexicon.MAX_INSTANCES, count + s.count))
    return tuple(merged.values())


def merge_turns(user_texts: list[str], library: AssetLibrary, system_instruction: str = "") -> Intent:
    """Fold a conversation's user turns into one intent; later turns refine earlier ones."""
    texts: tuple[QuotedText, ...] = ()
    specs: list[SubjectSpec] = []
    relations: list[Relation] = []
    bg: tuple[str, ...] = ()
    palette: tuple[str, ...] = ()
    text_color: str | None = None
    scene: str | None = None
    time: str | None = None
    lighting: str | None = None
    weather: tuple[str, ...] = ()
    styles: list[str] = []
    bold = False
    unquoted: list[str] = []
    for n, text in enumerate(user_texts):
        turn = read_turn(text, library, system_instruction if n == len(user_texts) - 1 else "")
        unquoted.append(turn.unquoted)
        if turn.texts:
            texts = turn.texts
        if turn.negated:
            keep = [k for k, s in enumerate(specs) if s.key not in turn.negated]
            index = {old: new for new, old in enumerate(keep)}
            specs = [specs[k] for k in keep]
            relations = [
                Relation(index[r.subject], r.kind, index[r.target])
                for r in relations
                if r.subject in index and r.target in index
            ]
        first_of_turn = len(specs)
        where: dict[int, int] = {}
        for k, spec in enumerate(turn.specs):
            earlier = [m for m in range(first_of_turn) if specs[m].key == spec.key]
            if earlier and n > 0:
                where[k] = earlier[-1]
                specs[earlier[-1]] = _merge_spec(specs[earlier[-1]], spec)
            else:
                where[k] = len(specs)
                specs.append(spec)
        for r in turn.relations:
            new = Relation(where[r.subject], r.kind, where[r.target])
            relations = [old for old in relations if old.subject != new.subject] + [new]
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
        lighting = turn.lighting or lighting
        weather = turn.weather or weather
        styles.extend(turn.styles)
        bold = bold or turn.bold_text
    specs = specs[:MAX_SPECS]
    relations = [r for r in relations if r.subject < len(specs) and r.target < len(specs)]
    return Intent(
        texts=texts,
        subjects=_subjects(specs),
        background_colors=bg,
        palette_colors=palette,
        text_color=text_color,
        scene=scene,
        time=time,
        styles=tuple(dict.fromkeys(styles)),
        bold_text=bold,
        sources=tuple(user_texts),
        unquoted="\n".join(unquoted),
        specs=tuple(specs),
        relations=tuple(relations),
        weather=weather,
        lighting=lighting,
    )
