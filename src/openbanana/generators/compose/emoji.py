"""Emoji inside quoted text: finding emoji sequences and the Fluent icon that draws each one.

No font on a typical server has vector emoji outlines (Noto Color Emoji is a bitmap font), so the text
renderer draws an emoji as the matching vendored Fluent Emoji Flat icon, inline, in the em box. This
module splits a string into plain-text pieces and emoji clusters (single codepoints, presentation
selectors, skin tones, keycaps, ZWJ and tag sequences, flag pairs) and resolves each cluster to icon
names through the icon set's own codepoint table, falling back to the Unicode character name.

A character that is text by default (©, ™, ↔, ☀, ❤ …) becomes an icon only when U+FE0F asks for emoji
presentation or when no font has a glyph for it; U+FE0E always keeps it as text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from openbanana.generators.compose.assets import AssetLibrary, load_library

VS15 = "\ufe0e"  # text presentation
VS16 = "\ufe0f"  # emoji presentation
ZWJ = "\u200d"
KEYCAP = "\u20e3"
_KEYCAP_BASES = frozenset("0123456789#*")

#: BMP ranges whose default presentation is emoji (Unicode emoji-data, Emoji_Presentation=Yes).
_BMP_EMOJI_RANGES: tuple[tuple[int, int], ...] = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE),
    (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
    (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
    (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
    (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
)  # fmt: skip
_BMP_EMOJI_PRESENTATION: frozenset[int] = frozenset(cp for lo, hi in _BMP_EMOJI_RANGES for cp in range(lo, hi + 1))

#: Characters that never start a cluster of their own: they modify the character before them.
GLUE = frozenset({VS15, VS16, ZWJ, KEYCAP, *map(chr, range(0x1F3FB, 0x1F400)), *map(chr, range(0xE0020, 0xE0080))})

#: One cluster: its text and the icons that draw it (empty: it is plain text for the fonts).
Segment = tuple[str, tuple[str, ...]]


def is_skin_tone(ch: str) -> bool:
    return 0x1F3FB <= ord(ch) <= 0x1F3FF


def _is_tag(ch: str) -> bool:
    return 0xE0020 <= ord(ch) <= 0xE007F


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _pictographic(ch: str, library: AssetLibrary) -> bool:
    """Could ``ch`` start (or continue, after a ZWJ) an emoji sequence?"""
    cp = ord(ch)
    return (cp >= 0x1F000 and not _is_tag(ch) and not is_skin_tone(ch)) or f"{cp:04x}" in library.chars


def _key(seq: str) -> str:
    return "-".join(f"{ord(c):04x}" for c in seq if c != VS16 and c != VS15)


def _by_name(ch: str, library: AssetLibrary) -> str | None:
    """Fallback for code points the icon table lacks: the Unicode name ("ROCKET" → "rocket")."""
    name = unicodedata.name(ch, "")
    if not name:
        return None
    icon = name.lower().replace(" ", "-")
    return icon if icon in library else None


def _resolve(seq: str, library: AssetLibrary) -> tuple[str, ...]:
    """Icons for one emoji cluster: the whole sequence, then without skin tones or tags, then (for a
    ZWJ sequence the set lacks, e.g. a family) its parts one by one, as emoji fonts do. Empty when any
    part has no icon at all."""
    chars = library.chars
    for candidate in (seq, "".join(c for c in seq if not is_skin_tone(c))):
        icon = chars.get(_key(candidate))
        if icon is not None:
            return (library.aliases.get(icon, icon),)
    if any(_is_tag(c) for c in seq):
        return ()  # a subdivision flag is not its base flag
    base = [c for c in seq if c not in GLUE or c == ZWJ]
    if ZWJ in seq:
        parts: list[str] = []
        for element in "".join(base).split(ZWJ):
            if element:
                found = _resolve(element, library)
                if not found:
                    return ()
                parts.extend(found)
        return tuple(parts)
    if len(base) == 1:
        by_name = _by_name(base[0], library)
        if by_name is not None:
            return (by_name,)
    return ()


def might_have_emoji(text: str) -> bool:
    """Cheap pre-check: every emoji sequence contains a code point at or above U+2000."""
    return any(ord(c) >= 0x2000 for c in text)


def _cluster_end(text: str, i: int, library: AssetLibrary) -> int:
    """End of the emoji cluster starting at ``i`` (``i`` itself when none starts there)."""
    n = len(text)
    ch = text[i]
    if _is_regional(ch):
        return i + 2 if i + 1 < n and _is_regional(text[i + 1]) else i + 1
    if ch in _KEYCAP_BASES:
        j = i + 1
        if j < n and text[j] == VS16:
            j += 1
        return j + 1 if j < n and text[j] == KEYCAP else i
    if not _pictographic(ch, library):
        return i
    j = i + 1
    while j < n:
        c = text[j]
        if c in (VS15, VS16) or is_skin_tone(c) or _is_tag(c):
            j += 1
        elif c == ZWJ and j + 1 < n and _pictographic(text[j + 1], library):
            j += 2
        else:
            break
    return j


def _wants_icon(cluster: str, has_font: Callable[[str], bool]) -> bool:
    base = cluster[0]
    after = cluster[1] if len(cluster) > 1 else ""
    if after == VS15:
        return False
    if len(cluster) > 1 and (after in (VS16, ZWJ, KEYCAP) or is_skin_tone(after) or _is_tag(after)):
        return True
    if _is_regional(base):
        return len(cluster) == 2
    cp = ord(base)
    return cp >= 0x1F000 or cp in _BMP_EMOJI_PRESENTATION or not has_font(base)


def segment(text: str, has_font: Callable[[str], bool], library: AssetLibrary | None = None) -> list[Segment]:
    """``text`` as pieces in logical order: ``(plain text, ())`` runs and ``(cluster, icons)`` emoji.

    A cluster with no icon at all stays plain text, so the fonts (and the missing-glyph check) see it.
    """
    if not might_have_emoji(text) and KEYCAP not in text:
        return [(text, ())] if text else []
    lib = library or load_library()
    out: list[Segment] = []
    plain = ""
    i = 0
    while i < len(text):
        end = _cluster_end(text, i, lib)
        if end > i:
            cluster = text[i:end]
            icons = _resolve(cluster, lib) if _wants_icon(cluster, has_font) else ()
            if icons:
                if plain:
                    out.append((plain, ()))
                    plain = ""
                out.append((cluster, icons))
            else:
                plain += cluster
            i = end
        else:
            plain += text[i]
            i += 1
    if plain:
        out.append((plain, ()))
    return out
