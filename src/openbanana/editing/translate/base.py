"""What every offline translator offers: a result that says how complete it is, and a small protocol.

Translators here are small and rule-based (Apertium, a glossary), so a result says whether every word
was known: the caller can prefer a complete translation and tell the user when one is partial.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Translation:
    """``text`` translated from ``source`` into ``target`` (ISO 639-1 codes) by ``engine``."""

    text: str
    source: str
    target: str
    engine: str
    #: False when some words were not known and were kept as they were.
    complete: bool


@runtime_checkable
class Translator(Protocol):
    """An offline translator. ``translate`` never raises: None means it cannot translate this text."""

    @property
    def name(self) -> str: ...

    def pairs(self) -> set[tuple[str, str]]:
        """(source, target) ISO 639-1 code pairs this translator can do here."""
        ...

    def translate(self, text: str, source: str, target: str) -> Translation | None: ...


def match_case(template: str, text: str) -> str:
    """``text`` in the letter case of ``template``: UPPER stays UPPER, Title Case and a capitalised
    first letter carry over, anything else is left as ``text`` has it."""
    letters = [ch for ch in template if ch.isalpha()]
    if not letters or not text:
        return text
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return text.upper()
    words = template.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    if letters[0].isupper():
        return text[:1].upper() + text[1:]
    return text
