"""Scoring text for harm: the :class:`Classifier` protocol and the built-in lexicon classifier.

The lexicon classifier is deliberately simple and fast (a few hundred compiled patterns, well under a
millisecond for a prompt): benign contexts are blanked out, then terms and combos (see
:mod:`openbanana.safety.lexicon`) are matched in the folded text and in its de-obfuscated copy. A
category's probability is its strongest hit, raised one level when two different MEDIUM hits (or, for
categories that allow it, enough LOW ones) agree, and lowered one level in an educational or protective
context unless a HIGH term matched outright.

A model-based scorer plugs in through the same protocol (``Classifier.score``); :class:`MaxOf` combines
several, taking the highest probability per category, so a model can only add blocks to the lexicon's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from openbanana.safety.categories import Category, Probability
from openbanana.safety.lexicon import OTHER, PROHIBITED, Combo, Lexicon, Section, load_lexicon
from openbanana.safety.text import deobfuscate, fold

#: Matches kept per combo group: enough for any prompt, bounded for a pathological one.
_MAX_MATCHES = 64
#: Longest text scored, in characters (a prompt is rarely a tenth of this; OCR text is capped too).
MAX_CHARS = 20_000


@dataclass(frozen=True)
class Hit:
    """One reason a category scored: what matched, how strongly, from which lexicon section."""

    category: str
    severity: Probability
    term: str
    source: str
    combo: bool = False


@dataclass(frozen=True)
class Scores:
    """A classifier's verdict on some texts: a probability per harm category, whether anything
    prohibited (sexual content with minors) or on the operator's blocklist was found, and the hits."""

    probabilities: Mapping[Category, Probability] = field(default_factory=dict)
    prohibited: bool = False
    other: bool = False
    hits: tuple[Hit, ...] = ()

    def probability(self, category: Category) -> Probability:
        return self.probabilities.get(category, Probability.NEGLIGIBLE)


class Classifier(Protocol):
    """Anything that scores texts. Must be thread-safe: the engine calls it from worker threads."""

    name: str

    def score(self, texts: Sequence[str]) -> Scores: ...


class LexiconClassifier:
    """Lexicons and patterns in several languages (see ``docs/safety.md``)."""

    name = "lexicon"

    def __init__(self, lexicon: Lexicon | None = None, extra: Sequence[Path] = ()) -> None:
        self.lexicon = lexicon or load_lexicon(extra)

    def score(self, texts: Sequence[str]) -> Scores:
        text = "\n".join(t for t in texts if t and t.strip())[:MAX_CHARS]
        if not text:
            return Scores()
        folded = fold(text)
        variants = list(dict.fromkeys([folded, deobfuscate(folded), deobfuscate(folded, keep_article=True)]))
        variants = [self._mask(v) for v in variants]
        context = any(p.search(v) for p in self.lexicon.contexts for v in variants)
        hits: list[Hit] = []
        seen: set[tuple[str, Probability, str, bool]] = set()
        for section in self.lexicon.sections:
            for variant in variants:
                for hit in _section_hits(section, variant):
                    key = (hit.category, hit.severity, hit.term, hit.combo)
                    if key not in seen:  # one term in several language sections counts once
                        seen.add(key)
                        hits.append(hit)
        return self._aggregate(hits, context)

    def _mask(self, text: str) -> str:
        for pattern in self.lexicon.benign:
            text = pattern.sub(" ", text)
        return text

    def _aggregate(self, hits: list[Hit], context: bool) -> Scores:
        probabilities: dict[Category, Probability] = {}
        for category in Category:
            own = [h for h in hits if h.category == category.value]
            if not own:
                continue
            level = max(h.severity for h in own)
            stack = self.lexicon.stack_low.get(category.value, 0)
            if _distinct(h for h in own if h.severity == Probability.MEDIUM) >= 2:
                level = Probability.HIGH
            elif level < Probability.MEDIUM and stack and _distinct(h for h in own if h.severity == 1) >= stack:
                level = Probability.MEDIUM
            explicit_high = any(h.severity == Probability.HIGH and not h.combo for h in own)
            if context and not explicit_high and level > Probability.NEGLIGIBLE:
                level = Probability(level - 1)
            probabilities[category] = level
        return Scores(
            probabilities=probabilities,
            prohibited=any(h.category == PROHIBITED and h.severity == Probability.HIGH for h in hits),
            other=any(h.category == OTHER for h in hits),
            hits=tuple(hits),
        )


def _distinct(hits: Iterable[Hit]) -> int:
    """How many of ``hits`` rest on different words: "you are + stupid" and "stupid" are one finding
    seen twice, not two findings that corroborate each other."""
    taken: list[frozenset[str]] = []
    for hit in hits:
        words = frozenset(hit.term.split(" + "))
        if not any(words & other for other in taken):
            taken.append(words)
    return len(taken)


def _section_hits(section: Section, text: str) -> list[Hit]:
    hits = []
    for severity, pattern in section.terms.items():
        for match in pattern.finditer(text):
            hits.append(Hit(section.category, severity, match.group().strip(), section.source))
    for combo in section.combos:
        found = _combo_match(combo, text)
        if found is not None:
            hits.append(Hit(section.category, combo.severity, found, section.source, combo=True))
    return hits


def _combo_match(combo: Combo, text: str) -> str | None:
    """The matched words joined with ' + ' when one term of each group lies within ``combo.within``
    characters (in order when ``combo.ordered``), without two groups claiming the same words."""
    spans: list[list[re.Match[str]]] = []
    for pattern in combo.groups:
        matches = []
        for match in pattern.finditer(text):
            matches.append(match)
            if len(matches) >= _MAX_MATCHES:
                break
        if not matches:
            return None
        spans.append(matches)

    def extend(chosen: list[re.Match[str]], rest: list[list[re.Match[str]]]) -> list[re.Match[str]] | None:
        if not rest:
            return chosen
        for match in rest[0]:
            if combo.ordered and chosen and match.start() < chosen[-1].end():
                continue
            if any(match.start() < c.end() and c.start() < match.end() for c in chosen):
                continue
            first = min([match.start()] + [c.start() for c in chosen])
            last = max([match.end()] + [c.end() for c in chosen])
            if last - first > combo.within:
                continue
            result = extend([*chosen, match], rest[1:])
            if result is not None:
                return result
        return None

    chosen = extend([], spans)
    return None if chosen is None else " + ".join(m.group().strip() for m in chosen)


class MaxOf:
    """Several classifiers as one: per category the highest probability, and any prohibited or
    blocklist finding. Lets a model-based scorer run beside the lexicons."""

    def __init__(self, *classifiers: Classifier) -> None:
        self.classifiers = classifiers
        self.name = "+".join(c.name for c in classifiers)

    def score(self, texts: Sequence[str]) -> Scores:
        results = [c.score(texts) for c in self.classifiers]
        probabilities: dict[Category, Probability] = {}
        for result in results:
            for category, level in result.probabilities.items():
                probabilities[category] = max(level, probabilities.get(category, Probability.NEGLIGIBLE))
        return Scores(
            probabilities=probabilities,
            prohibited=any(r.prohibited for r in results),
            other=any(r.other for r in results),
            hits=tuple(h for r in results for h in r.hits),
        )
