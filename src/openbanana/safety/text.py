"""Text folding for the lexicon matcher: one canonical spelling per word, plus a de-obfuscated copy.

Both the prompt and every lexicon term go through :func:`fold`, so the lexicons can be written plainly
(``matate`` matches "mátate", ``weiss`` matches "weiß"). :func:`deobfuscate` undoes the common tricks —
l33t digits, s p a c e d or d.o.t.t.e.d letters, stretched letters — in a second copy of the text; the
classifier scores both copies, so a tricked spelling is caught without the plain one being mangled
("4K" stays "4K" in the plain copy).
"""

from __future__ import annotations

import re
import unicodedata

_LEET = str.maketrans("013457@$!|", "oieastasii")
_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-_*]){2,}\w(?!\w)")
_SEPARATORS = re.compile(r"[ .\-_*]")
_TOKEN = re.compile(r"[\w@$!|]+")
_HAS_LETTER = re.compile(r"[a-z]")
_HAS_LEET = re.compile(r"[013457@$!|]")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
#: Kana, CJK ideographs (with extension A and compatibility forms) and Hangul.
_UNSPACED = (("\u3040", "\u30ff"), ("\u3400", "\u9fff"), ("\uac00", "\ud7af"), ("\uf900", "\ufaff"))


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" and ch.isalpha()


def fold(text: str) -> str:
    """Case-folded NFKC text with accents removed from Latin letters only (Devanagari vowel signs and
    Cyrillic ё are letters, not decoration, and are kept)."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    out: list[str] = []
    after_latin = False
    for ch in decomposed:
        if unicodedata.combining(ch) and after_latin:
            continue
        out.append(ch)
        after_latin = _is_latin(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _unleet(match: re.Match[str]) -> str:
    token = match.group()
    if _HAS_LETTER.search(token) and _HAS_LEET.search(token):
        return token.translate(_LEET)
    return token


def _join(match: re.Match[str], keep_article: bool) -> str:
    letters = _SEPARATORS.sub("", match.group())
    if keep_article and letters[0] in "ai" and len(letters) > 3:
        return letters[0] + " " + letters[1:]  # "a b o m b" is "a bomb" at least as often as "abomb"
    return letters


def deobfuscate(folded: str, keep_article: bool = False) -> str:
    """``folded`` with spaced-out letters joined, l33t digits in words read as letters and letters
    stretched three times or more cut to one ("fuuuck" → "fuck", "b1tch" → "bitch"). With
    ``keep_article`` a spaced run starting with "a" or "i" keeps that letter apart."""
    text = _SPACED.sub(lambda m: _join(m, keep_article), folded)
    text = _TOKEN.sub(_unleet, text)
    return _STRETCHED.sub(r"\1", text)


def is_unspaced_script(text: str) -> bool:
    """True for Chinese, Japanese and Korean, which write words without spaces: their terms match as
    substrings instead of whole words."""
    return any(lo <= ch <= hi for ch in text for lo, hi in _UNSPACED)
