"""The Gemini harm categories, block thresholds and probability levels, as plain enums.

Names are the wire names, so a rating or a setting goes out exactly as the real API spells it. The
``HARM_CATEGORY_IMAGE_*`` variants the SDK enum lists map onto the base category they refine: a client
that sets ``HARM_CATEGORY_IMAGE_HATE`` to ``BLOCK_NONE`` gets hate speech unblocked, which is what it
meant, rather than a setting that silently does nothing.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Category(StrEnum):
    HARASSMENT = "HARM_CATEGORY_HARASSMENT"
    HATE_SPEECH = "HARM_CATEGORY_HATE_SPEECH"
    SEXUALLY_EXPLICIT = "HARM_CATEGORY_SEXUALLY_EXPLICIT"
    DANGEROUS_CONTENT = "HARM_CATEGORY_DANGEROUS_CONTENT"
    CIVIC_INTEGRITY = "HARM_CATEGORY_CIVIC_INTEGRITY"

    @property
    def short(self) -> str:
        """``harassment``, ``hate_speech``, ...: the spelling operators write in config and lexicon files."""
        return self.value.removeprefix("HARM_CATEGORY_").lower()

    @classmethod
    def parse(cls, name: str) -> Category | None:
        """A category from its wire name, an image variant, a legacy alias or its short name (any case)."""
        key = name.strip().upper().replace("-", "_")
        if not key.startswith("HARM_CATEGORY_"):
            key = "HARM_CATEGORY_" + key
        if key in cls._value2member_map_:
            return cls(key)
        return _ALIASES.get(key)


#: The SDK enum's image variants and the PaLM-era names, by the category they mean here. (JAILBREAK has
#: no counterpart: accepted on the wire, it changes nothing.)
_ALIASES: dict[str, Category] = {
    "HARM_CATEGORY_IMAGE_HATE": Category.HATE_SPEECH,
    "HARM_CATEGORY_IMAGE_HARASSMENT": Category.HARASSMENT,
    "HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT": Category.SEXUALLY_EXPLICIT,
    "HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT": Category.DANGEROUS_CONTENT,
    "HARM_CATEGORY_DEROGATORY": Category.HATE_SPEECH,
    "HARM_CATEGORY_TOXICITY": Category.HARASSMENT,
    "HARM_CATEGORY_VIOLENCE": Category.DANGEROUS_CONTENT,
    "HARM_CATEGORY_SEXUAL": Category.SEXUALLY_EXPLICIT,
    "HARM_CATEGORY_DANGEROUS": Category.DANGEROUS_CONTENT,
}


class Probability(IntEnum):
    """How likely a text is to fall in a category; ordered so thresholds compare with ``>=``."""

    NEGLIGIBLE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class Threshold(StrEnum):
    UNSPECIFIED = "HARM_BLOCK_THRESHOLD_UNSPECIFIED"
    BLOCK_LOW_AND_ABOVE = "BLOCK_LOW_AND_ABOVE"
    BLOCK_MEDIUM_AND_ABOVE = "BLOCK_MEDIUM_AND_ABOVE"
    BLOCK_ONLY_HIGH = "BLOCK_ONLY_HIGH"
    BLOCK_NONE = "BLOCK_NONE"
    OFF = "OFF"

    @property
    def blocks_from(self) -> Probability | None:
        """The lowest probability this threshold blocks (None: never blocks). UNSPECIFIED has no level of
        its own: the policy replaces it with the default before asking."""
        return {
            "BLOCK_LOW_AND_ABOVE": Probability.LOW,
            "BLOCK_MEDIUM_AND_ABOVE": Probability.MEDIUM,
            "BLOCK_ONLY_HIGH": Probability.HIGH,
        }.get(self.value)

    @classmethod
    def parse(cls, name: str) -> Threshold:
        key = name.strip().upper()
        if key in cls._value2member_map_:
            return cls(key)
        raise ValueError(f"unknown threshold {name!r}; use one of {', '.join(t.value for t in cls)}")


#: The categories every response rates (the real API rates these four; civic integrity only shows up
#: when it scored above NEGLIGIBLE).
RATED = (Category.HARASSMENT, Category.HATE_SPEECH, Category.SEXUALLY_EXPLICIT, Category.DANGEROUS_CONTENT)
