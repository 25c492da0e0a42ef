"""Offline translation for text in images: Apertium where a pair is installed, then a sign glossary.

Nothing here reaches the network. :func:`translate` asks every translator that has the pair, in order
(Apertium first: it handles free sentences; the glossary knows sign vocabulary and keeps layout words
like "50% OFF" right), and returns the first complete result, else the first partial one. When no
translator has the pair, :func:`unavailable_message` is the text to answer with.
"""

from __future__ import annotations

from openbanana.editing.translate.apertium import ApertiumTranslator
from openbanana.editing.translate.base import Translation, Translator
from openbanana.editing.translate.glossary import GlossaryTranslator, literal_safe, translate_glossary
from openbanana.editing.translate.languages import language_code, language_name

__all__ = [
    "Translation",
    "Translator",
    "available_pairs",
    "language_code",
    "language_name",
    "translate",
    "translators",
    "unavailable_message",
]

_TRANSLATORS: tuple[Translator, ...] = (ApertiumTranslator(), GlossaryTranslator())


def translators() -> tuple[Translator, ...]:
    """The translators tried, in order."""
    return _TRANSLATORS


def translate(text: str, target: str, source: str = "en") -> Translation | None:
    """``text`` from ``source`` into ``target`` (ISO 639-1 codes or language names), or None when no
    translator has the pair or none knew a word. Text already in the target language comes back as is.

    Apertium is asked first and its complete result wins, except over a glossary result made of whole
    sign phrases (:func:`~.glossary.literal_safe`): Apertium turns "50% OFF" into "50% FUERA" and
    "Push" into "Empujón", the glossary into "50% DE DESCUENTO" and "Empujar". Failing a complete
    result, the first partial one (Apertium's keeps the grammar around the unknown words)."""
    src, dst = language_code(source) or source, language_code(target) or target
    if src == dst:
        return Translation(text, src, dst, "identity", complete=True)
    if src == "en" and literal_safe(text, dst):
        return translate_glossary(text, dst)
    results = [
        result
        for translator in _TRANSLATORS
        if (src, dst) in translator.pairs()
        for result in [translator.translate(text, src, dst)]
        if result is not None
    ]
    return next((r for r in results if r.complete), results[0] if results else None)


def available_pairs() -> set[tuple[str, str]]:
    """Every (source, target) pair some installed translator can do."""
    return {pair for translator in _TRANSLATORS for pair in translator.pairs()}


def unavailable_message(source: str, target: str) -> str:
    """What to tell a user who asked for a pair nothing here translates ("No offline translator for
    English → Japanese is installed here; available: English → Catalan, English → French, …")."""
    src, dst = language_code(source) or source, language_code(target) or target
    pairs = available_pairs()
    shown = sorted({p for p in pairs if p[0] == src} or pairs, key=lambda p: (language_name(p[0]), language_name(p[1])))
    listing = ", ".join(f"{language_name(s)} → {language_name(t)}" for s, t in shown) or "none"
    wanted = f"{language_name(src)} → {language_name(dst)}"
    return f"No offline translator for {wanted} is installed here; available: {listing}."
