"""Reading a layout prompt: what each quoted string is for, which subjects to draw, which styles apply.

The intent already has the quoted strings and a title/subtitle/label hint; layouts need finer cues
("a "Sign in" button", 'the dog says "Woof"', 'price "$129"', "handle "@bean""), which come from the
words right around each quote and from the quote itself (a price, a date, an @handle).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.base import DocumentContext
from openbanana.generators.compose.documents.layout_kit import Asked, Sheet
from openbanana.generators.compose.theme import Theme, build_theme

_WORD = re.compile(r"[a-z]+|\d+")

#: Word before (or right after) a quote → what the quoted string is.
CUES: dict[str, str] = {
    "button": "button", "buttons": "button", "cta": "button", "btn": "button", "action": "button",
    "says": "speech", "say": "speech", "saying": "speech", "said": "speech", "shouting": "speech",
    "shouts": "speech", "yells": "speech", "yelling": "speech", "asks": "speech", "asking": "speech",
    "whispers": "speech", "replies": "speech", "exclaims": "speech", "thinks": "speech", "speech": "speech",
    "bubble": "speech", "dialogue": "speech", "dialog": "speech",
    "caption": "caption", "captions": "caption", "captioned": "caption", "narration": "caption",
    "price": "price", "priced": "price", "costs": "price", "cost": "price",
    "date": "details", "dates": "details", "when": "details", "where": "details", "venue": "details",
    "location": "details", "time": "details", "details": "details", "info": "details",
    "handle": "handle", "username": "handle", "account": "handle", "hashtag": "handle", "user": "handle",
    "tagline": "tagline", "slogan": "tagline", "motto": "tagline",
    "subtitle": "subtitle", "subheading": "subtitle", "sub": "subtitle", "subheadline": "subtitle",
    "description": "subtitle", "text": "subtitle", "body": "subtitle",
    "title": "title", "titled": "title", "headline": "title", "heading": "title", "header": "title",
    "named": "name", "called": "name", "brand": "name", "company": "name", "name": "name", "app": "name",
    "label": "label", "labels": "label", "labelled": "label", "card": "label", "cards": "label",
    "feature": "label", "features": "label", "item": "label", "items": "label",
    "link": "link", "links": "link", "menu": "link", "nav": "link", "navigation": "link",
    "tab": "tab", "tabs": "tab",
    "field": "field", "fields": "field", "placeholder": "field", "input": "field",
    "kpi": "metric", "kpis": "metric", "metric": "metric", "metrics": "metric", "stat": "metric",
    "number": "metric", "value": "metric",
}  # fmt: skip

#: Cues that name the thing after the quote ('a "Sign in" button', '"Q3" metric').
_AFTER = frozenset({"button", "cta", "caption", "tagline", "slogan", "headline", "title", "label", "link", "tab"})
_AFTER |= frozenset({"field", "placeholder", "price", "handle", "metric", "kpi", "heading", "subtitle"})

#: The word after a quote, unless it introduces the next quote ('"Hi", button "Go"').
_AFTER_WORD = re.compile(r"[\s,]*(?:(?:as|for|the|a|an)\s+)?([a-z]+)(\s*[:=]?\s*[\"“«「'])?")

_PRICE = re.compile(r"^\s*(?:[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:[$€£¥₹]|usd|eur|gbp)\b)|^(?:from|only)\s+[$€£¥₹]\d", re.I)
_DATE = re.compile(
    r"\b(?:\d{1,2}[:/.]\d{2}|\d{1,2}\s?(?:am|pm)|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|20\d\d|19\d\d)\b",
    re.I,
)

#: Icons a subject lookup finds for layout vocabulary ("dark mode", "handle", "panel 4") that are not
#: things to draw.
NOT_SUBJECTS: frozenset[str] = frozenset(
    """
    mode handle panel panels frame frames screen app page site website dashboard button login shot
    product logo brand banner poster post story card ui mockup strip comic storyboard sign price
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Quote:
    index: int
    text: str
    #: What the string is for: title | subtitle | tagline | name | button | speech | caption | price |
    #: details | handle | label | link | tab | field | metric | "" (nothing said).
    cue: str
    #: Lower-case words just before the quote in its sentence (nearest last).
    before: tuple[str, ...]
    #: Position of the quote in its source text and that text (for clause lookups).
    start: int
    source: str
    #: What the prompt asked of this text: typeface, effect, colour, bold.
    font: str | None = None
    effect: str | None = None
    color: str | None = None
    bold: bool = False

    @property
    def ident(self) -> str:
        return f"text{self.index}"


def _source(ctx: DocumentContext, text: str, start: int, end: int) -> str:
    for src in reversed(ctx.intent.sources):
        if text[:8] in src[start:end]:
            return src
    return ctx.intent.sources[-1] if ctx.intent.sources else ""


def quotes(ctx: DocumentContext) -> list[Quote]:
    """Every quoted string of the prompt with its cue, in prompt order."""
    out: list[Quote] = []
    for i, q in enumerate(ctx.intent.texts):
        src = _source(ctx, q.text, q.start, q.end)
        lead = re.split(r"[.;!?\n\"“”«»「」]", src[max(0, q.start - 60) : q.start].lower())[-1]
        before = tuple(_WORD.findall(lead))
        after = _AFTER_WORD.match(src[q.end : q.end + 32].lower())
        if after and after.group(1) in _AFTER and not after.group(2):
            cue = CUES[after.group(1)]
        else:
            cue = next((CUES[w] for w in reversed(before[-4:]) if w in CUES), "")
        if _PRICE.search(q.text) and cue in ("", "label", "subtitle"):
            cue = "price"
        elif q.text.startswith(("@", "#")) and cue in ("", "label", "subtitle", "name"):
            cue = "handle"
        elif not cue and _DATE.search(q.text):
            cue = "details"
        # The intent's own role hint is not used: it also reads the word after a quote, which often
        # introduces the next quote ('"Less is More" subtitle "…"'); the cues above tell them apart.
        out.append(
            Quote(
                i, q.text, cue, before, q.start, src, getattr(q, "font", None), getattr(q, "effect", None),
                q.color, q.bold,
            )
        )  # fmt: skip
    return out


class Roles:
    """Quotes handed out by role: ``take("button")`` returns the first unused quote with that cue."""

    def __init__(self, items: list[Quote]) -> None:
        self.items = items
        self.used: set[int] = set()

    def take(self, *cues: str) -> Quote | None:
        for q in self.items:
            if q.index not in self.used and q.cue in cues:
                self.used.add(q.index)
                return q
        return None

    def take_any(self) -> Quote | None:
        return self.take(*{q.cue for q in self.items})

    def take_except(self, *cues: str) -> Quote | None:
        """The first unused quote whose cue is none of ``cues``."""
        return self.take(*{q.cue for q in self.items} - set(cues))

    def rest(self) -> list[Quote]:
        left = [q for q in self.items if q.index not in self.used]
        self.used.update(q.index for q in left)
        return left

    def title(self) -> Quote | None:
        """The title: a quote cued as title/name/headline, else the first uncued quote."""
        return self.take("title", "name") or self.take("", "tagline", "subtitle", "label")


def subjects(ctx: DocumentContext) -> list[tuple[str, str, int]]:
    """The prompt's subjects without layout vocabulary ("dark mode", "panel 4") and digit keycaps."""
    return [
        s
        for s in ctx.intent.subjects
        if s[0] not in NOT_SUBJECTS and not s[1].startswith("keycap") and not s[0].isdigit()
    ]


def styles(ctx: DocumentContext) -> frozenset[str]:
    """The prompt's styles; "light mode" cancels a dark style that "night" brought in."""
    found = set(ctx.intent.styles)
    if re.search(r"\b(?:light|day) (?:mode|theme)\b", ctx.intent.unquoted):
        found.discard("dark")
    return frozenset(found)


def theme(ctx: DocumentContext) -> Theme:
    """The context's theme, rebuilt when the layout reads the styles differently from the lexicon."""
    found = styles(ctx)
    if found == frozenset(ctx.intent.styles):
        return ctx.theme
    named = ctx.intent.background_colors or ctx.intent.palette_colors
    return build_theme(tuple(s for s in ctx.intent.styles if s in found), named, random.Random(ctx.rng.random()))


def register(sheet: Sheet, items: list[Quote]) -> None:
    """Tell ``sheet`` what each quote asked for (typeface, effect, colour, bold)."""
    for q in items:
        sheet.asked[q.ident] = Asked(q.font, q.effect, q.color, q.bold)


def count_before(text: str, nouns: str) -> int | None:
    """A count written before one of ``nouns`` ("4-panel", "six frames", "3 panels"), or None."""
    numbers = {
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "single": 1, "double": 2, "triple": 3,
    }  # fmt: skip
    m = re.search(rf"\b(\d{{1,2}}|{'|'.join(numbers)})[\s-]*(?:{nouns})\b", text)
    if m is None:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else numbers[word]


def soft(color: str, dark: bool, t: float = 0.9) -> str:
    """A quiet tint of ``color`` for backgrounds: near white (or near black in dark mode)."""
    return C.mix(color, "#12151b", t) if dark else C.lighten(color, t)
