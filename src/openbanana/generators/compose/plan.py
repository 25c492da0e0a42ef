"""The compose plan: a typed, immutable, JSON-serialisable scene document.

Geometry is stored in fractions of the canvas (0..1), so a plan reads the same at any pixel size;
the renderer multiplies by ``request.output``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def px(self, width: int, height: int) -> tuple[float, float, float, float]:
        return (self.x * width, self.y * height, self.w * width, self.h * height)


@dataclass(frozen=True)
class Background:
    #: gradient | sky | sea | night | forest | sunset | snow | desert
    kind: str
    colors: tuple[str, ...]
    angle: float = 90.0
    #: Decorative extras (soft circles, stars, clouds): (cx, cy, r, opacity) in canvas fractions.
    decorations: tuple[tuple[float, float, float, float], ...] = ()


@dataclass(frozen=True)
class TextElement:
    id: str
    text: str
    #: title | subtitle | label
    role: str
    box: Box
    bold: bool = False
    color: str = "#111111"
    #: Backing plate colour and opacity (opacity 0: no plate).
    plate: str = "#ffffff"
    plate_opacity: float = 0.0
    #: Multiplier on the largest size that fits (corrections shrink text with it).
    scale: float = 1.0
    #: Upper bound on the font size as a fraction of the canvas' short side.
    max_size: float = 0.3
    #: A colour the prompt asked for ("red text"), kept when corrections change the rest.
    requested_color: str | None = None


@dataclass(frozen=True)
class AssetPlacement:
    id: str
    icon: str
    #: The prompt word it stands for.
    noun: str
    box: Box
    rotation: float = 0.0
    flip: bool = False


@dataclass(frozen=True)
class ComposePlan:
    prompt: str
    seed: int
    variant: int
    width: int
    height: int
    layout: str
    background: Background
    texts: tuple[TextElement, ...] = ()
    assets: tuple[AssetPlacement, ...] = ()
    #: (noun, icon, count) as understood from the prompt.
    subjects: tuple[tuple[str, str, int], ...] = ()
    styles: tuple[str, ...] = ()
    #: How many correction rounds produced this plan.
    revision: int = 0
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        parts = [f"{self.layout} layout on a {self.background.kind} background ({', '.join(self.background.colors)})"]
        if self.subjects:
            parts.append(
                "illustrations: " + ", ".join(f"{c}× {icon} (for '{noun}')" for noun, icon, c in self.subjects)
            )
        if self.texts:
            parts.append("text: " + "; ".join(f'{t.role} "{t.text}"' for t in self.texts))
        if self.styles:
            parts.append("style: " + ", ".join(self.styles))
        if self.revision:
            parts.append(f"revision {self.revision}")
        return "Plan: " + "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["generator"] = "compose"
        return data

    def with_texts(self, texts: tuple[TextElement, ...], note: str) -> ComposePlan:
        return replace(self, texts=texts, revision=self.revision + 1, notes=(*self.notes, note))
