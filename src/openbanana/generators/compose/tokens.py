"""A prompt as a list of tokens: lower-case words, numbers, clause breaks and quote placeholders.

The readers in :mod:`intent`, :mod:`intent_text` and :mod:`subjects` all work on this one list, so a
word's position means the same thing to each of them (which noun a colour sits before, which quote a
font word is next to, which clause a colour is in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words (any script, letters only), numbers, and punctuation that ends a clause.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[.,;:!?()\n&]")

#: Clause breaks: strong ones end a sentence, weak ones (commas, quotes) only a clause.
STRONG = "."
WEAK = ","
QUOTE = "\x00"

_STRONG_PUNCT = frozenset(".;!?\n()")


@dataclass(frozen=True)
class Token:
    #: The lower-cased word, a digit string, ``STRONG``/``WEAK`` for breaks or ``QUOTE`` for a quote.
    word: str
    #: Character offset in the turn's text.
    start: int
    #: For ``QUOTE`` tokens: the index of the quote in prompt order.
    quote: int = -1

    @property
    def is_break(self) -> bool:
        return self.word in (STRONG, WEAK)


def tokenize(text: str, quotes: list[tuple[str, int, int]]) -> list[Token]:
    """``text`` as tokens, each quote (content, start, end; not overlapping) replaced by one ``QUOTE``."""
    out: list[Token] = []
    pos = 0
    spans = sorted(((s, e) for _t, s, e in quotes), key=lambda q: q[0])
    for qi, (start, end) in enumerate([*spans, (len(text), len(text))]):
        for m in _TOKEN.finditer(text, pos, start):
            raw = m.group(0)
            if raw in _STRONG_PUNCT:
                out.append(Token(STRONG, m.start()))
            elif raw in ",:":
                out.append(Token(WEAK, m.start()))
            elif raw == "&":
                out.append(Token("and", m.start()))
            else:
                out.append(Token(raw.lower(), m.start()))
        if qi < len(spans):
            out.append(Token(QUOTE, start, qi))
        pos = end
    return out
