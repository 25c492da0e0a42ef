"""What a diagram prompt asks for: the kind (cycle, flow, labelled object), the stages or labels, the
object, and the title.

Labels come from "labels for A, B and C", "labelled A, B, C", "stages: …", a list after a colon,
arrows ("A → B → C") or quoted strings; well-known cycles ("water cycle", "life cycle of a frog")
have their stages in :data:`KNOWN_CYCLES` for prompts that name no stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbanana.generators.compose.documents.base import DocumentContext
from openbanana.generators.compose.documents.chart_kit import quote_source
from openbanana.generators.compose.documents.infographic_icons import icon_for_word
from openbanana.generators.compose.intent import extract_quotes

KNOWN_CYCLES: dict[str, tuple[str, ...]] = {
    "water": ("Evaporation", "Condensation", "Precipitation", "Collection"),
    "butterfly": ("Egg", "Caterpillar", "Chrysalis", "Butterfly"),
    "frog": ("Egg", "Tadpole", "Froglet", "Frog"),
    "plant": ("Seed", "Sprout", "Plant", "Flower"),
    "chicken": ("Egg", "Chick", "Hen"),
    "rock": ("Igneous", "Sedimentary", "Metamorphic"),
    "carbon": ("Photosynthesis", "Respiration", "Decomposition", "Combustion"),
    "pdca": ("Plan", "Do", "Check", "Act"),
    "product": ("Plan", "Build", "Launch", "Learn"),
    "software": ("Plan", "Design", "Build", "Test", "Release"),
}
_CYCLE_OF = re.compile(r"\b(?:life\s?cycle|cycle)\s+of\s+(?:(?:an?|the)\s+)?([a-z]+)")
_NOUN_CYCLE = re.compile(r"\b([a-z]+)(?:'s)?\s+(?:life\s?)?cycle\b")

_TRIGGERS = re.compile(
    r"\blabels?\s*(?:for|with|as|:)\s*|\b(?:labell?ed|tagged|annotated)\b\s*(?:with|as|:)?\s*|"
    r"\b(?:stages|steps|phases|parts|showing|shows|including)\b\s*(?:are|:|of|like)?\s*",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:→|->|=>|⟶|,|;|\band then\b|\bthen\b|\n)\s*", re.I)
_ENUMERATORS = frozenset({"first", "second", "third", "then", "next", "finally", "lastly"})
_AND = re.compile(r"\s+(?:and|&)\s+", re.I)
_LEAD_WORDS = re.compile(
    r"^(?:(?:the|a|an|to|then|finally|next|\d+[.)]|step \d+:?)\s+|(?:first|second|lastly)\s*,\s*)", re.I
)
_ARROWS = re.compile(r"→|->|=>|⟶")
_FLOW = re.compile(r"\b(?:flow\s?charts?|process(?:es)?|workflows?|steps|pipelines?|procedures?|how to|funnel)\b")
_CYCLE = re.compile(r"\b(?:cycles?|life\s?cycles?|loops?|circular)\b")
_OBJECT = re.compile(r"\b(?:diagram|anatomy|parts|drawing|illustration|picture)\s+of\s+(?:an?|the)?\s*([a-z]+)")
_TITLE_BEFORE = re.compile(r"(?:titled|called|named|title|heading)\s*:?\s*$", re.I)


@dataclass(frozen=True)
class Step:
    text: str
    quoted: bool = False

    @property
    def decision(self) -> bool:
        return self.text.rstrip().endswith("?")


@dataclass(frozen=True)
class DiagramSpec:
    #: cycle | flow | object
    mode: str
    steps: tuple[Step, ...]
    title: str | None
    #: The labelled object's icon (object mode) or None.
    object_icon: str | None = None
    object_noun: str = ""
    sample: bool = False


def _clean(piece: str) -> str:
    piece = piece.strip(" .:!\"'“”")
    while True:
        stripped = _LEAD_WORDS.sub("", piece)
        if stripped == piece:
            break
        piece = stripped
    return piece[:1].upper() + piece[1:] if piece else ""


def _list_after(text: str, start: int) -> list[str]:
    tail = re.split(
        r"[.!]\s|\n\n|\b(?:in|on|with)\s+(?:a|an|the)?\s*(?:\w+\s+)?(?:style|background|colou?rs?)\b", text[start:]
    )[0]
    return [c for c in (_clean(p) for p in _items(tail)) if c and len(c) <= 60 and c.lower() not in _ENUMERATORS]


def _items(text: str) -> list[str]:
    """The items of a list: "a, b and c" (only the last "and" separates), "a then b", "a and b"."""
    pieces = _SPLIT.split(text)
    return [*pieces[:-1], *_AND.split(pieces[-1])]


def _steps_from_text(source: str, quotes: list[tuple[str, int, int]], title: str | None) -> list[Step]:
    steps = [Step(q, True) for q, _s, _e in quotes if q != title]
    if len(steps) >= 2:
        return steps
    masked = source
    for _q, s, e in quotes:
        masked = masked[:s] + " " * (e - s) + masked[e:]
    if _ARROWS.search(masked):
        pieces = _ARROWS.split(masked)
        pieces[0] = pieces[0].rsplit(":", 1)[-1]
        out = [c for c in (_clean(p) for p in pieces) if c]
        if len(out) >= 2:
            return [Step(c) for c in out]
    # The last trigger that starts a list: "a labelled diagram of a bicycle with labels for wheel, …".
    for m in reversed(list(_TRIGGERS.finditer(masked))):
        items = _list_after(masked, m.end())
        if len(items) >= 2:
            return [Step(c) for c in items]
    if ":" in masked:
        items = _list_after(masked, masked.index(":") + 1)
        if len(items) >= 2:
            return [Step(c) for c in items]
    return steps


def _title(ctx: DocumentContext, source: str) -> str | None:
    for i, q in enumerate(ctx.intent.texts):
        before = source[max(0, q.start - 20) : q.start] if q.start <= len(source) else ""
        introduced = q.role == "title" or bool(_TITLE_BEFORE.search(before))
        # '"Signup": "A" → "B"': a first quote followed by a colon heads the others.
        heads = i == 0 and len(ctx.intent.texts) >= 3 and source[q.end : q.end + 2].lstrip().startswith(":")
        if introduced or heads:
            return q.text
    return None


def _cycle_title(low: str) -> tuple[str | None, str | None]:
    """(key into KNOWN_CYCLES, generated title) for "water cycle", "life cycle of a butterfly" …"""
    m = _CYCLE_OF.search(low)
    if m:
        noun = m.group(1)
        return noun, f"Life cycle of {'an' if noun[0] in 'aeiou' else 'a'} {noun}"
    m = _NOUN_CYCLE.search(low)
    if not m:
        return None, None
    noun = m.group(1)
    if noun in ("life", "a", "the", "simple", "labelled", "labeled"):
        return None, None
    key = noun if noun in KNOWN_CYCLES else None
    return key, f"The {noun} cycle"


def read_spec(ctx: DocumentContext) -> DiagramSpec:
    # The newest turn that names stages; a follow-up ("make it blue") keeps an earlier turn's.
    source = quote_source(ctx)
    title = _title(ctx, source)
    steps: list[Step] = []
    for src in (source, *reversed(ctx.intent.sources)):
        steps = _steps_from_text(src, extract_quotes(src), title)
        if len(steps) >= 2:
            break
    low = ctx.intent.unquoted.lower()
    cycle_key, cycle_title = _cycle_title(low)
    if _CYCLE.search(low):
        mode = "cycle"
    elif _ARROWS.search(source) or _FLOW.search(low):
        mode = "flow"
    else:
        mode = "object"
    sample = False
    if mode == "cycle":
        if len(steps) < 2:
            steps = [Step(s) for s in KNOWN_CYCLES.get(cycle_key or "", ())]
        if len(steps) < 2:
            steps = [Step(s) for s in ("Plan", "Build", "Review", "Improve")]
            sample = True
        return DiagramSpec("cycle", tuple(steps[:10]), title or cycle_title, sample=sample)
    if mode == "flow":
        if len(steps) < 2:
            steps = [Step(s) for s in ("Start", "Step one", "Step two", "Done")]
            sample = True
        return DiagramSpec("flow", tuple(steps[:16]), title or _flow_title(low), sample=sample)
    noun, icon = _object(ctx, low, steps)
    if icon is None:
        return DiagramSpec("flow", tuple(steps[:16]) or (Step("Start"), Step("Done")), title, sample=not steps)
    if not steps:
        sample = True
        steps = [Step("Part one"), Step("Part two"), Step("Part three")]
    generated = f"Parts of {'an' if noun[:1] in 'aeiou' else 'a'} {noun}" if noun else None
    return DiagramSpec("object", tuple(steps[:12]), title or generated, icon, noun, sample)


def _object(ctx: DocumentContext, low: str, steps: list[Step]) -> tuple[str, str | None]:
    labels = {w for s in steps for w in s.text.lower().split()}
    m = _OBJECT.search(low)
    if m and m.group(1) not in ("labels", "label"):
        icon = icon_for_word(m.group(1))
        if icon is not None:
            return m.group(1), icon
    for noun, icon, _count in ctx.intent.subjects:
        if noun.lower() not in labels:
            return noun, icon
    return "", None


def _flow_title(low: str) -> str | None:
    m = re.search(r"\b(?:process|workflow|steps|procedure|flow\s?chart|pipeline)\s+(?:of|for|to)\s+([a-z][a-z ]{2,40}?)"
                  r"(?=\s*(?::|,|$|\bwith\b|\bin\b))", low)  # fmt: skip
    if m:
        phrase = re.sub(r"^(?:the|a|an)\s+", "", m.group(1).strip())
        return phrase[:1].upper() + phrase[1:]
    m = re.search(r"\bhow to\s+([a-z][a-z ]{2,40}?)(?=\s*(?::|,|$|\bwith\b|\bin\b))", low)
    if m:
        return "How to " + m.group(1).strip()
    return None
