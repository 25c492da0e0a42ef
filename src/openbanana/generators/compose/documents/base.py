"""What a document template receives and returns.

A template (chart, diagram, UI mock-up …) turns a :class:`DocumentContext` into :class:`DocumentParts`;
the planner wraps those in a :class:`~openbanana.generators.compose.plan.ComposePlan`. Templates never
see the request object, so they stay pure functions of (intent, size, seed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from openbanana.generators.compose.intent import Intent
from openbanana.generators.compose.plan import AssetPlacement, Background, Box, Shape, TextElement
from openbanana.generators.compose.theme import Theme


@dataclass(frozen=True)
class DocumentContext:
    intent: Intent
    width: int
    height: int
    rng: random.Random
    theme: Theme
    #: 0 for the first plan; HIGH thinking asks for more variants of the same seed.
    variant: int = 0

    @property
    def aspect(self) -> float:
        return self.width / self.height

    @property
    def short(self) -> int:
        return min(self.width, self.height)

    def box(self, x: float, y: float, w: float, h: float) -> Box:
        """A box from pixel coordinates (plans store canvas fractions)."""
        width, height = self.width, self.height
        return Box(round(x / width, 5), round(y / height, 5), round(w / width, 5), round(h / height, 5))


@dataclass(frozen=True)
class DocumentParts:
    #: A name for the arrangement chosen (reported in the plan summary), e.g. "bar-chart-vertical".
    layout: str
    background: Background
    texts: tuple[TextElement, ...] = ()
    assets: tuple[AssetPlacement, ...] = ()
    shapes: tuple[Shape, ...] = ()
    filters: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
