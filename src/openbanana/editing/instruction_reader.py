"""The clause readers behind :func:`openbanana.editing.instructions.parse_instruction`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from openbanana.editing import instruction_phrases as P
from openbanana.editing import instruction_words as W
from openbanana.editing.instructions import EditContext
from openbanana.editing.ops import EditKind, EditOp
from openbanana.generators.compose import lexicon
from openbanana.generators.compose.intent_text import extract_quotes

K = EditKind


# -- clause readers, tried in order; each returns None when the clause is not its kind --------------------


def _rollback(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v == "undo":
        return [EditOp(K.ROLLBACK, index=-1)]
    said = set(words)
    if v != "back" and not ({"version", "original", "revision"} & said):
        return None
    for k, w in enumerate(words):
        m = P.ORDINAL_NUMBER.fullmatch(w)
        if m is not None and ((k and words[k - 1] in ("version", "revision", "v", "number", "step")) or w != m[1]):
            return [EditOp(K.ROLLBACK, index=int(m[1]))]
        if w in W.ORDINALS and (w not in ("one", "two", "three") or (k and words[k - 1] == "version")):
            return [EditOp(K.ROLLBACK, index=W.ORDINALS[w])]
    return [EditOp(K.ROLLBACK, index=-1)] if v == "back" else None


def _upscale(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    sizes = [W.UPSCALE_SIZES[w] for w in words if w in W.UPSCALE_SIZES]
    if v != "upscale" and not sizes:
        return None
    if v is None and "resolution" not in words and not any(sizes):
        return None
    value = next((s for s in sizes if s), None)
    factor = next((float(w[:-1]) for w in words if re.fullmatch(r"\d+(\.\d+)?x", w)), None)
    if factor is None and ({"twice", "double"} & set(words)):
        factor = 2.0
    if value is None and factor is None:
        factor = 2.0
    return [EditOp(K.UPSCALE, value=value, factor=factor)]


def _translate(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v != "translate":
        return None
    leads = [k for k, w in enumerate(words) if w in ("into", "to", "in")]
    said = words[leads[-1] + 1 :] if leads else words[1:]
    lang = next((code for w in said if w not in W.PRONOUNS and (code := W.language_code(w))), None)
    target = P.find_phrase(r, words, 1, ("text", "thing", "quote"))
    keep = target is not None and not target.pronoun
    return [EditOp(K.TRANSLATE, target=target.noun if target and keep else None, value=lang)]


def _fill(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    masked = bool(W.MASK_WORDS & set(words))
    if v != "fill" and not (masked and v == "make"):
        return None
    at = words.index("with") + 1 if "with" in words else 1
    color = P.find_colour(words, at)
    thing = P.find_phrase(r, words, at, ("thing",)) if "with" in words else None
    value = thing.noun if thing else next((w for w in words[at:] if w.isalpha() and w not in W.DETERMINERS), None)
    if color is not None:
        return [EditOp(K.FILL, value=color[1], color=color[0])]
    return [EditOp(K.FILL, value=value)] if value else None


def _reframe(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    ratio = next((w for w in words if re.fullmatch(r"\d+(\.\d+)?:\d+", w)), None)
    if ratio is not None:
        return [EditOp(K.REFRAME, value=ratio)]
    shape = next((W.SHAPES[w] for w in words if w in W.SHAPES), None)
    said_ratio = bool(W.RATIO_WORDS & set(words))
    if (shape is None or v not in ("make", "resize")) and not said_ratio:
        return None
    p = P.find_phrase(r, words, 1)
    if p is not None and p.kind != "canvas" and not p.pronoun:
        return None  # "make the car wider" resizes the car
    return [EditOp(K.REFRAME, value=shape)]


def _text(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    quoted = [q for w in words if (q := P.quote_index(w)) is not None]
    if not quoted or v in ("remove", "translate"):
        return None
    new = r.quotes[quoted[-1]]
    if v in ("add", "put"):  # new text: target None, where it goes as the direction
        return [EditOp(K.TEXT, value=new, direction=P.direction(words, 1))]
    if len(quoted) >= 2:
        return [EditOp(K.TEXT, target=r.quotes[quoted[0]], value=new)]
    role = next((W.TEXT_TARGETS[w] for w in words if w in W.TEXT_TARGETS), None)
    role = role or next((lexicon.ROLE_HINTS[w] for w in words if w in lexicon.ROLE_HINTS), None)
    return [EditOp(K.TEXT, target=role or "text", value=new)]


def _replace(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v not in ("replace", "substitute", "make"):
        return None
    link = next((k for k, w in enumerate(words) if w in ("with", "for", "by", "into", "to")), None)
    if link is None or (v == "make" and words[link] not in ("into", "to")):
        return None
    old, new = _phrase_after(r, words, 1, link), P.find_phrase(r, words, link + 1)
    if v == "substitute":
        old, new = new, old
    if old is None or new is None:
        return None
    style = P.style(words, link + 1)
    # "into a pencil sketch": a look, even though "pencil" alone is a thing; "into a fox" stays a swap
    if style is not None and (new.kind != "thing" or words[-1] != new.noun):
        return [EditOp(K.RESTYLE, value=style)]
    if (
        old.kind != "thing"
        or new.kind != "thing"
        or not new.noun
        or new.noun == old.noun
        or words[link + 1] in lexicon.COLORS
    ):
        return None
    return [EditOp(K.REPLACE, target=old.noun, value=new.noun, count=old.count)]


def _phrase_after(r: P.Reader, words: list[str], start: int, end: int) -> P.Phrase | None:
    return P.find_phrase(r, words[:end], start)


def _remove(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v != "remove" and not (v == "make" and "without" in words):
        return None
    start = words.index("without") + 1 if "without" in words else 1
    p = P.find_phrase(r, words, start)
    if p is None:
        return None
    if p.kind == "background":
        return [EditOp(K.BACKGROUND, value="white", color=lexicon.COLORS["white"])]
    target = p.noun if p.kind != "canvas" else None
    return [EditOp(K.REMOVE, target=target, count=p.count if (p.count and p.count > 1) or "one" in words else None)]


def _add(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v not in ("add", "put"):
        return None
    p = P.find_phrase(r, words, 1)
    if p is None or p.kind != "thing" or not p.noun or (v == "put" and p.definite):
        return None
    rel = P.relation(r, words, p.end)
    direction = P.direction(words, p.end) if rel is None else rel[0]
    if rel is not None and rel[0] is None and p.noun in W.WEARABLES and words[p.end] in ("to", "on"):
        direction = "up"
    color = p.color or (c[0] if (c := P.find_colour(words, p.end)) and (rel is None) else None)
    return [EditOp(K.ADD, target=rel[1] if rel else None, value=p.noun, count=p.count or 1, direction=direction,
                   color=color)]  # fmt: skip


def _move(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v not in ("move", "put"):
        return None
    p = P.find_phrase(r, words, 1, ("thing", "text", "quote"))
    if p is None:
        return None
    rel = P.relation(r, words, p.end)
    if rel is not None:
        return [EditOp(K.MOVE, target=p.noun, value=rel[1], direction=rel[0])]
    direction = P.direction(words, p.end)
    return [EditOp(K.MOVE, target=p.noun, direction=direction)] if direction else None


def _background(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    said = set(words)
    has_word = bool(said & (lexicon.BACKGROUND_WORDS - {"wall"}))
    setting = P.setting(words, 1)
    where = any(w in ("in", "on", "at", "to", "into") for w in words)
    if not has_word:
        moved = P.find_phrase(r, words, 1, ("thing",))
        if not (setting not in (None, "sky") and where and v in ("put", "move", "make", None)):
            return None
        if moved is not None and not moved.definite:
            return None  # "put a cat in the kitchen" adds a cat
    if has_word and "sky" in said and not said & {"background", "backdrop", "bg"} and _colour_after_sky(words) is None:
        return None
    color = P.find_colour(words, 1)
    if color is not None and (setting is None or setting == "sky"):
        return [EditOp(K.BACKGROUND, value=color[1], color=color[0])]
    if setting is None:
        return None
    return [EditOp(K.BACKGROUND, value=setting)]


def _colour_after_sky(words: list[str]) -> str | None:
    c = P.find_colour(words, words.index("sky"))
    return c[0] if c else None


def _time_op(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v not in ("make", None) or P.find_phrase(r, words, 1, ("text", "background")) is not None:
        return None
    time = P.time_of_day(words)
    return [EditOp(K.TIME, value=time)] if time else None


def _text_style(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v not in ("make", "bigger", "smaller", "double", "half", "resize"):
        return None
    found = [p for i in range(1, len(words)) if (p := P.phrase(r, words, i)) and p.kind in ("text", "quote")]
    p = next((f for f in found if f.noun != "text"), found[0] if found else None)
    if p is None:
        return None
    bold = False if {"unbold", "regular", "normal", "thin", "lighter"} & set(words) else None
    bold = True if bold is None and {"bold", "bolder", "heavy", "heavier", "thicker"} & set(words) else bold
    if bold and "not" in words:
        bold = False
    font = next((f for i in range(len(words)) if (hit := lexicon.FONT_HINTS.match(words, i)) for f in [hit[0]]), None)
    color = P.find_colour(words, 1)
    factor = P.factor(words, v)
    if bold is None and font is None and color is None and factor is None:
        return None
    return [EditOp(K.TEXT_STYLE, target=p.noun, color=color[0] if color else None, bold=bold, font=font,
                   factor=factor)]  # fmt: skip


def _resize(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v not in ("make", "bigger", "smaller", "double", "half", "resize"):
        return None
    factor = P.factor(words, v)
    if factor is None or factor == 1:
        return None
    p = P.find_phrase(r, words, 1, ("thing",))
    return [EditOp(K.RESIZE, target=p.noun if p else r.it(), factor=factor)]


def _recolor(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v != "make":
        return None
    p = P.find_phrase(r, words, 1, ("thing", "canvas"))
    if p is None:
        return None
    color = P.find_colour(words, p.end)
    if color is None:
        return None
    return [EditOp(K.RECOLOR, target=p.noun, color=color[0])]


def _restyle(r: P.Reader, v: str | None, words: list[str]) -> list[EditOp] | None:
    if v not in ("make", None):
        return None
    style = P.style(words)
    return [EditOp(K.RESTYLE, value=style)] if style else None


_Step = Callable[[P.Reader, "str | None", list[str]], "list[EditOp] | None"]
#: Readers in the order they are tried: the ones with the most specific words first.
_STEPS: tuple[_Step, ...] = (
    _rollback, _upscale, _translate, _fill, _reframe, _text, _background, _replace, _remove, _add, _move,
    _text_style, _time_op, _resize, _recolor, _restyle,
)  # fmt: skip


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """(lower-case words with quotes as ``\\x00n\\x00`` placeholders, quote texts)."""
    quotes = extract_quotes(text)
    parts: list[str] = []
    pos = 0
    for n, (_q, start, end) in enumerate(quotes):
        parts += [text[pos:start], f" \x00{n}\x00 "]
        pos = end
    parts.append(text[pos:])
    flat = "".join(parts).replace("’", "'").replace("'s ", " ").lower()
    words = P.TOKEN.findall(flat)
    return [w.replace(" ", "") for w in words], [q for q, _s, _e in quotes]


def _protect(words: list[str]) -> list[str]:
    """Joins the phrases whose "and" is no clause break ("black and white", "rock and roll")."""
    out: list[str] = []
    for w in words:
        if len(out) >= 2 and out[-1] == "and" and out[-2] == "black" and w == "white":
            out[-2:] = ["grayscale"]
            continue
        out.append(w)
    return out


def _clauses(words: list[str]) -> list[list[str]]:
    pieces: list[list[str]] = [[]]
    for w in words:
        if w in W.BREAKS:
            if pieces[-1]:
                pieces.append([])
        else:
            pieces[-1].append(w)
    return [p for p in pieces if p]


def _verb(words: list[str]) -> tuple[str | None, list[str]]:
    """(verb kind, the clause from the verb on, polite lead-in dropped)."""
    i = 0
    while i < len(words):
        hit = W.VERBS.match(words, i)
        if hit is not None and not (words[i] in ("set", "back") and i + 1 < len(words) and words[i + 1] == "of"):
            return hit[0], [words[i], *words[hit[1] :]] if hit[1] > i + 1 else words[i:]
        if words[i] not in W.POLITE:
            return None, words[i:]
        i += 1
    return None, words


_TEXTUAL = frozenset({K.TEXT, K.TEXT_STYLE})
#: A verb word for each verb kind, to read "and a dog" after "add a cat" as "add a dog".
_LEAD = {"bigger": "enlarge", "smaller": "shrink", "double": "double", "half": "halve", "back": "back"}


def _lead(words: list[str]) -> list[str]:
    verb, rest = _verb(words)
    if verb is None or not rest:
        return []
    alone = W.VERBS.match(rest[:1], 0)
    return [rest[0]] if alone is not None and alone[0] == verb else [_LEAD.get(verb, verb)]


def _read_clause(r: P.Reader, words: list[str]) -> list[EditOp]:
    verb, rest = _verb(words)
    if verb is None and P.find_phrase(r, rest, 0, ("thing",)) is not None:
        return []  # a thing without a verb ("a dog", "the cat red") belongs to the clause before
    for step in _STEPS:
        ops = step(r, verb, rest)
        if ops:
            return ops
    return []


def parse(text: str, context: EditContext) -> tuple[EditOp, ...]:
    """See :func:`openbanana.editing.instructions.parse_instruction`."""
    words, quotes = _tokens(text)
    r = P.Reader(context, quotes, context.last_target)
    ops: list[EditOp] = []
    previous: list[str] | None = None
    previous_ops: list[EditOp] = []
    for piece in _clauses(_protect(words)):
        found = _read_clause(r, piece)
        if not found and previous is not None:
            merged = [*previous, "and", *piece]
            again = _read_clause(replace(r), merged)
            if again and again != previous_ops:
                ops[len(ops) - len(previous_ops) :] = again
                previous, previous_ops = merged, again
                continue
            lead = _lead(previous)
            if lead:  # "add a cat and a dog": add a dog; "make the car smaller and red": make it red
                found = _read_clause(r, [*lead, *piece]) or _read_clause(r, [*lead, "it", *piece])
        if found:
            ops += found
            previous, previous_ops = piece, found
            # What "it" means next: the thing, or the text element by its role (not by its old words).
            roles = frozenset(W.TEXT_TARGETS.values())
            targets = [op.target for op in found if op.target and (op.kind not in _TEXTUAL or op.target in roles)]
            r.last = targets[-1] if targets else r.last
    return tuple(ops)
