"""From scores to a decision: per-request thresholds, the operator's switches, the fixed rules.

Order of precedence:

1. Sexual content involving minors blocks with ``PROHIBITED_CONTENT``, always: no ``safetySettings``
   threshold, ``OFF``, or operator configuration changes that (it is not one of the five categories).
2. A category blocks with ``SAFETY`` when its probability reaches the request's threshold for it
   (``safetySettings``), or the operator's default threshold where the request set none, unless the
   operator turned that category off.
3. A term from an operator's ``other`` blocklist blocks with ``OTHER``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openbanana.engine.events import SafetyRating
from openbanana.engine.request import SafetySetting
from openbanana.safety.categories import RATED, Category, Probability, Threshold
from openbanana.safety.classifier import Scores

#: openbanana's default when neither the request nor the operator says otherwise: Google's "block
#: some". (Google documents BLOCK_NONE/OFF as the default for its newer text models, but its image
#: models add image filters that cannot be turned off; a self-hosted server without those keeps the
#: classic default instead.)
DEFAULT_THRESHOLD = Threshold.BLOCK_MEDIUM_AND_ABOVE

SAFETY = "SAFETY"
PROHIBITED_CONTENT = "PROHIBITED_CONTENT"
OTHER = "OTHER"


@dataclass(frozen=True)
class Verdict:
    """What the policy decided. ``reason`` is the wire ``blockReason`` (None: allowed)."""

    reason: str | None
    ratings: tuple[SafetyRating, ...]
    #: The categories whose threshold was reached (empty for PROHIBITED_CONTENT and OTHER).
    categories: tuple[Category, ...] = ()

    @property
    def blocked(self) -> bool:
        return self.reason is not None


class SafetyPolicy:
    """The operator's configuration; :meth:`decide` applies it, with a request's settings, to scores."""

    def __init__(self, default: Threshold = DEFAULT_THRESHOLD, disabled: Iterable[Category] = ()) -> None:
        if default == Threshold.UNSPECIFIED:
            default = DEFAULT_THRESHOLD
        self.default = default
        #: Categories the operator turned off: rated, never blocked.
        self.disabled = frozenset(disabled)

    @classmethod
    def parse_disabled(cls, names: Sequence[str]) -> frozenset[Category]:
        """``harassment,hate_speech`` (short, wire or image-variant names; ``all`` for the five) → the
        categories; an unknown name raises ValueError naming it. Prohibited content is not a category
        and cannot be named here."""
        out: set[Category] = set()
        for raw in names:
            name = raw.strip()
            if not name:
                continue
            if name.lower() == "all":
                out.update(Category)
                continue
            category = Category.parse(name)
            if category is None:
                known = ", ".join(c.short for c in Category)
                minors = any(word in name.lower() for word in ("minor", "child", "prohibited"))
                hint = " (sexual content with minors can never be turned off)" if minors else ""
                raise ValueError(f"unknown safety category {name!r}{hint}; use one of {known}, or all")
            out.add(category)
        return frozenset(out)

    def thresholds(self, settings: Sequence[SafetySetting]) -> dict[Category, Threshold]:
        """The threshold of each category for one request: its ``safetySettings`` over the default
        (the last setting wins when a category is named twice; unknown categories change nothing)."""
        result = {category: self.default for category in Category}
        for setting in settings:
            category = Category.parse(setting.category)
            if category is None:
                continue
            threshold = Threshold.parse(setting.threshold)
            result[category] = self.default if threshold == Threshold.UNSPECIFIED else threshold
        return result

    def decide(self, scores: Scores, settings: Sequence[SafetySetting] = ()) -> Verdict:
        thresholds = self.thresholds(settings)
        blocking: list[Category] = []
        for category in Category:
            level = thresholds[category].blocks_from
            if category in self.disabled or level is None:
                continue
            if scores.probability(category) >= level and scores.probability(category) > Probability.NEGLIGIBLE:
                blocking.append(category)
        if scores.prohibited:
            reason: str | None = PROHIBITED_CONTENT
        elif blocking:
            reason = SAFETY
        elif scores.other:
            reason = OTHER
        else:
            reason = None
        shown = [c for c in Category if c in RATED or scores.probability(c) > Probability.NEGLIGIBLE]
        ratings = tuple(
            SafetyRating(c.value, scores.probability(c).name, True if c in blocking else None) for c in shown
        )
        return Verdict(reason, ratings, tuple(blocking) if reason == SAFETY else ())
