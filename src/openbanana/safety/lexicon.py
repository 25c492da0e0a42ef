"""Lexicon files → compiled matchers.

A lexicon file (JSON or TOML) names a ``category`` — a harm category's short name (``harassment``,
``hate_speech``, ``sexually_explicit``, ``dangerous_content``, ``civic_integrity``), ``prohibited``
(sexual content with minors), ``other`` (an operator's own blocklist) or ``benign`` (contexts blanked
out before scoring) — and per language:

* ``low`` / ``medium`` / ``high``: terms that score that probability on their own;
* ``groups``: named term lists, and ``combos``: ``{"severity", "within", "ordered", "groups"}`` — one
  term of every group within ``within`` characters (in order when ``ordered``) scores ``severity``.

Terms are plain words: a space matches any run of spaces/punctuation (or none: "pipe bomb" also finds
"pipebomb"), ``*`` matches the rest of a word, ``@name`` in a list includes a group, and ``re:`` starts
a raw regular expression. Latin terms match whole words only; Chinese and Japanese terms match anywhere.
Languages only organise the files: every term is looked for in every prompt, while a combo pairs terms
of one language section only (so the German "kind" never pairs with the English "sexy").
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from openbanana.safety.categories import Category, Probability
from openbanana.safety.text import fold, is_unspaced_script

#: Pseudo-categories next to the five harm categories.
PROHIBITED = "prohibited"
OTHER = "other"
BENIGN = "benign"
CONTEXT = "context"

_SEVERITIES = {"low": Probability.LOW, "medium": Probability.MEDIUM, "high": Probability.HIGH}
_SPLIT = re.compile(r"[\s\-_'’]+")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the entry."""


def term_pattern(term: str) -> str:
    """The regular expression one lexicon term stands for (see the module docstring)."""
    if term.startswith("re:"):
        return term[3:]
    words = [w for w in _SPLIT.split(fold(term).strip()) if w]
    if not words:
        raise LexiconError(f"empty term {term!r}")
    body = r"[\W_]*".join(re.escape(w).replace(r"\*", r"\w*") for w in words)
    return body if is_unspaced_script(term) else rf"(?<!\w){body}(?!\w)"


def compile_terms(terms: Iterable[str]) -> re.Pattern[str] | None:
    patterns = sorted({term_pattern(t) for t in terms}, key=len, reverse=True)  # longest first
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@dataclass(frozen=True)
class Combo:
    severity: Probability
    within: int
    ordered: bool
    groups: tuple[re.Pattern[str], ...]
    label: str


@dataclass
class Section:
    """One language of one category, compiled."""

    category: str
    lang: str
    source: str
    terms: dict[Probability, re.Pattern[str]] = field(default_factory=dict)
    combos: list[Combo] = field(default_factory=list)


@dataclass
class Lexicon:
    """Every section of every loaded file, plus the benign masks and the downgrading contexts."""

    sections: list[Section] = field(default_factory=list)
    benign: list[re.Pattern[str]] = field(default_factory=list)
    contexts: list[re.Pattern[str]] = field(default_factory=list)
    #: Per category: this many distinct LOW terms together count as MEDIUM (0: never).
    stack_low: dict[str, int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def add_file(self, path: Path | str, text: str | None = None) -> None:
        name = str(path)
        raw = text if text is not None else Path(path).read_text(encoding="utf-8")
        try:
            data = tomllib.loads(raw) if name.endswith(".toml") else json.loads(raw)
        except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LexiconError(f"{name}: not valid {'TOML' if name.endswith('.toml') else 'JSON'}: {exc}") from exc
        self.add(data, name)

    def add(self, data: dict[str, Any], source: str) -> None:
        category = _category(data.get("category"), source)
        langs = data.get("langs")
        if not isinstance(langs, dict):
            raise LexiconError(f"{source}: 'langs' must map language codes to sections")
        self.sources.append(source)
        if category in (BENIGN, CONTEXT):
            for terms in langs.values():
                pattern = compile_terms(_strings(terms, f"{source}: benign terms"))
                if pattern is not None:
                    (self.benign if category == BENIGN else self.contexts).append(pattern)
            return
        if isinstance(data.get("stack_low"), int):
            self.stack_low[category] = data["stack_low"]
        for lang, body in langs.items():
            self.sections.append(_section(category, str(lang), body, f"{source}[{lang}]"))


def _category(value: Any, source: str) -> str:
    if not isinstance(value, str):
        raise LexiconError(f"{source}: 'category' is missing")
    if value.lower() in (PROHIBITED, OTHER, BENIGN, CONTEXT):
        return value.lower()
    category = Category.parse(value)
    if category is None:
        raise LexiconError(f"{source}: unknown category {value!r}")
    return category.value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where} must be a list of strings")
    return value


def _expand(terms: list[str], groups: dict[str, Any], where: str, depth: int = 0) -> Iterator[str]:
    for term in terms:
        if term.startswith("@"):
            if term[1:] not in groups or depth > 4:
                raise LexiconError(f"{where}: unknown group {term}")
            yield from _expand(_strings(groups[term[1:]], where), groups, where, depth + 1)
        else:
            yield term


def _section(category: str, lang: str, body: Any, source: str) -> Section:
    if not isinstance(body, dict):
        raise LexiconError(f"{source}: a language section must be an object")
    groups = body.get("groups", {})
    section = Section(category, lang, source)
    for level, severity in _SEVERITIES.items():
        if level in body:
            pattern = compile_terms(_expand(_strings(body[level], f"{source}.{level}"), groups, source))
            if pattern is not None:
                section.terms[severity] = pattern
    for index, combo in enumerate(body.get("combos", [])):
        where = f"{source}.combos[{index}]"
        try:
            severity = _SEVERITIES[str(combo.get("severity", "medium")).lower()]
            parts = combo["groups"]
            compiled = []
            for part in parts:
                terms = _expand([part] if isinstance(part, str) else _strings(part, where), groups, where)
                pattern = compile_terms(terms)
                if pattern is None:
                    raise LexiconError(f"{where}: an empty group")
                compiled.append(pattern)
        except (KeyError, TypeError, AttributeError) as exc:
            raise LexiconError(f"{where}: needs 'groups' (a list of @group names or term lists)") from exc
        if len(compiled) < 2:
            raise LexiconError(f"{where}: a combo needs at least two groups")
        label = " + ".join(p if isinstance(p, str) else "/".join(p[:2]) for p in parts)
        section.combos.append(
            Combo(severity, int(combo.get("within", 60)), bool(combo.get("ordered", False)), tuple(compiled), label)
        )
    return section


def builtin_files() -> list[tuple[str, str]]:
    """(name, text) of the lexicons shipped in the package."""
    root = resources.files("openbanana.safety") / "lexicons"
    files = [f for f in root.iterdir() if f.name.endswith((".json", ".toml"))]
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in files)


@functools.lru_cache(maxsize=1)
def _builtin() -> Lexicon:
    """The shipped lexicons, compiled once per process on first use (~0.2 s) and shared: nothing
    mutates a loaded lexicon, and operator files go into a copy."""
    lexicon = Lexicon()
    for name, text in builtin_files():
        lexicon.add_file(f"builtin:{name}", text)
    return lexicon


def load_lexicon(extra: Iterable[Path] = ()) -> Lexicon:
    """The built-in lexicons plus an operator's files (each path a file or a directory of files)."""
    base = _builtin()
    extra = list(extra)
    if not extra:
        return base
    lexicon = Lexicon(
        list(base.sections), list(base.benign), list(base.contexts), dict(base.stack_low), list(base.sources)
    )
    for path in extra:
        files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".toml")) if path.is_dir() else [path]
        if not files and path.is_dir():
            raise LexiconError(f"{path}: no .json or .toml lexicon files in this directory")
        for file in files:
            if not file.is_file():
                raise LexiconError(f"{file}: no such lexicon file")
            lexicon.add_file(file)
    return lexicon
