"""The vendored illustration library (Fluent Emoji Flat) and its keyword search.

The data file is loaded on first use, parsed once and shared by every thread.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

from openbanana.generators.compose import lexicon

EMOJI_RESOURCE = ("assets", "emoji", "fluent-emoji-flat.json.gz")

_ID_ATTR = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Icon:
    name: str
    #: SVG body with every id replaced by ``\x00<id>`` so each use can get a unique prefix.
    template: str
    width: int
    height: int
    category: str

    def body(self, prefix: str) -> str:
        return self.template.replace("\x00", prefix)


class AssetLibrary:
    """Name → icon, plus a word → icon-name index built from names, aliases and synonyms."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._raw: dict[str, list[Any]] = data["icons"]
        self._categories: dict[str, str] = data.get("categories", {})
        self.aliases: dict[str, str] = data.get("aliases", {})
        #: Emoji sequence (hex code points joined by "-", no U+FE0F) → icon name.
        self.chars: dict[str, str] = data.get("chars", {})
        self.source: str = str(data.get("source", ""))
        self._icons: dict[str, Icon] = {}
        self._lock = threading.Lock()
        self.primary: dict[str, str] = {}
        self.index = self._build_index()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._raw or name in self.aliases)

    def __len__(self) -> int:
        return len(self._raw)

    def names(self) -> list[str]:
        return list(self._raw)

    def icon(self, name: str) -> Icon:
        name = self.aliases.get(name, name)
        cached = self._icons.get(name)
        if cached is not None:
            return cached
        body, width, height = self._raw[name]
        ids = _ID_ATTR.findall(body)
        template = body
        for ident in sorted(set(ids), key=len, reverse=True):
            template = template.replace(f'id="{ident}"', f'id="\x00{ident}"')
            template = template.replace(f"url(#{ident})", f"url(#\x00{ident})")
            template = template.replace(f'href="#{ident}"', f'href="#\x00{ident}"')
        icon = Icon(name, template, int(width), int(height), self._categories.get(name, ""))
        with self._lock:
            self._icons[name] = icon
        return icon

    def _build_index(self) -> dict[str, str]:
        """word or hyphenated phrase → best icon name."""
        index: dict[str, str] = {}
        # 1) exact names win.
        for name in self._raw:
            index[name] = name
        for alias, parent in self.aliases.items():
            index.setdefault(alias, parent)
        # 2) head nouns of short compound names ("red-apple" → "apple"), shortest name first.
        heads: dict[str, str] = {}
        for name in sorted(self._raw, key=lambda n: (n.count("-"), len(n), n)):
            parts = name.split("-")
            if 2 <= len(parts) <= 3 and parts[0] not in lexicon.NOT_A_MODIFIER:
                heads.setdefault(parts[-1], name)
        # 3) curated preferences and synonyms.
        for word, target in lexicon.ASSET_SYNONYMS.items():
            if target in self._raw:
                index[word] = target
        for word in lexicon.NOT_ASSETS:
            index.pop(word, None)
        self.primary = dict(index)
        for head, name in heads.items():
            if head not in lexicon.NOT_ASSETS:
                index.setdefault(head, name)
        return index

    def lookup_form(self, word: str) -> tuple[str, str] | None:
        """The icon for one (lower-case) word or hyphen-joined phrase, trying simple singular forms, as
        ``(icon, matched form)``; the form differs from ``word`` when a plural was reduced."""
        forms = lexicon.singular_forms(word)
        for table in (self.primary, self.index):
            for form in forms:
                hit = table.get(form)
                if hit is not None:
                    return hit, form
        return None


_library: AssetLibrary | None = None
_library_lock = threading.Lock()


def load_library() -> AssetLibrary:
    """The process-wide library, loaded on first call."""
    global _library
    if _library is None:
        with _library_lock:
            if _library is None:
                ref = resources.files("openbanana").joinpath(*EMOJI_RESOURCE)
                data = json.loads(gzip.decompress(ref.read_bytes()))
                _library = AssetLibrary(data)
    return _library
