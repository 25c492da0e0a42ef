"""Token accounting for text and images.

There is no tokenizer here (the real one is not public), so text is estimated the way Gemini's docs
describe it: about four characters per token for alphabetic scripts, one token per CJK ideograph or
kana. Images are billed from the model table (``ModelSpec``), which is what the real API reports.
"""

from __future__ import annotations

import math
import unicodedata


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def estimate_text_tokens(text: str) -> int:
    """Estimated tokens for ``text``; 0 for empty text."""
    if not text:
        return 0
    wide = sum(1 for ch in text if _is_wide(ch))
    narrow = len(text) - wide
    return wide + math.ceil(narrow / 4)
