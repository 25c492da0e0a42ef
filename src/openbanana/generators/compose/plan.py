"""The compose plan: a typed, immutable, JSON-serialisable scene document.

Geometry is stored in fractions of the canvas (0..1), so a plan reads the same at any pixel size;
the renderer multiplies by ``request.output``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from openbanana.generators.compose.colors import gradient_at


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def px(self, width: int, height: int) -> tuple[float, float, float, float]:
        return (self.x * width, self.y * height, self.w * width, self.h * height)


@dataclass(frozen=True)
class Decoration:
    """Something drawn on the backdrop: glow | star | sun | moon | cloud | flake | planet | window | bubble."""

    kind: str
    #: Centre in canvas fractions.
    x: float
    y: float
    #: Size as a fraction of the canvas' short side (glows: of the diagonal / 1.6; windows: width).
    r: float
    opacity: float = 1.0


@dataclass(frozen=True)
class GroundLayer:
    """One band of the ground plane, drawn back to front.

    ``kind``: sea | sand | water | street | grass | snowfield | floor | seabed (bands from ``top`` to the
    bottom edge) or skyline | treeline | trees | hills | mountains | dunes | tiles (silhouettes standing on
    ``top`` and rising up to ``height``).
    """

    kind: str
    #: Upper edge (bands) or base line (silhouettes), as a fraction of the canvas height.
    top: float
    color: str
    #: Seeded shape parameters in 0..1 (building sizes, tree heights, wave phase …).
    shape: tuple[float, ...] = ()
    #: How far a silhouette rises above ``top``, as a fraction of the canvas height.
    height: float = 0.0


@dataclass(frozen=True)
class Background:
    #: gradient | sky | night | sunset | beach | sea | lake | city | forest | park | mountain | snow |
    #: desert | space | underwater | room | bedroom | office | kitchen | studio | cafe
    kind: str
    #: Gradient stops: the sky (or wall) from the top down to the horizon; the whole canvas for gradients.
    colors: tuple[str, ...]
    angle: float = 90.0
    decorations: tuple[Decoration, ...] = ()
    #: The ground plane, back to front (empty: nothing to stand on).
    layers: tuple[GroundLayer, ...] = ()
    #: day | sunset | night
    time: str = "day"
    #: Where the sky (or wall) ends, as a fraction of the canvas height (1.0: no ground).
    horizon: float = 1.0
    #: A named light (golden | sunrise | neon | moonlight) or None; neon lights the city's signs.
    light: str | None = None

    def layer(self, kind: str) -> GroundLayer | None:
        return next((layer for layer in self.layers if layer.kind == kind), None)

    def color_at(self, x: float, y: float) -> str:
        """The backdrop's colour at canvas fraction (x, y), near enough to judge text contrast."""
        under: str | None = None
        for layer in self.layers:
            if y >= layer.top - layer.height * 0.5:
                under = layer.color
        if under is not None:
            return under
        if self.horizon < 1.0:
            return gradient_at(self.colors, 180.0, x, min(1.0, y / max(self.horizon, 1e-3)))
        return gradient_at(self.colors, self.angle, x, y)


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
    #: Typeface family: sans | serif | mono | handwritten | cursive | display.
    font: str = "sans"
    #: Drawing effect: "" (plain) | neon (glow) | outline | shadow.
    effect: str = ""
    #: Horizontal alignment of the lines inside the box: center | left | right.
    align: str = "center"


@dataclass(frozen=True)
class AssetPlacement:
    id: str
    icon: str
    #: The prompt word it stands for.
    noun: str
    box: Box
    rotation: float = 0.0
    flip: bool = False
    #: Recolour the illustration towards this colour ("a red car"); None keeps its own colours.
    tint: str | None = None
    #: Draw a soft contact shadow below it (off for things that float, icons in charts and UI).
    shadow: bool = True
    #: 0: behind the shapes of layer 1 (normal); 1: above them (e.g. an icon on a card).
    layer: int = 0
    #: A reference image's cut-out (base64 RGBA PNG) drawn instead of the illustration ``icon``: the
    #: user's "character from image 1". It travels inside the plan so later edits can redraw it.
    image: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Shape:
    """A vector primitive that document templates draw: cards, bars, pie wedges, axes, arrows, panels,
    buttons, device frames.

    Coordinates are canvas fractions. ``box`` is the bounding box of rect | ellipse | wedge; for line |
    arrow it runs from (x, y) to (x + w, y + h) (``w``/``h`` may be negative); polyline | polygon use
    ``points``. A wedge spans ``start``..``end`` degrees clockwise from 12 o'clock inside ``box``'s
    ellipse (``inner`` > 0 makes it a donut segment, as a fraction of the radius).
    """

    id: str
    kind: str
    box: Box
    points: tuple[tuple[float, float], ...] = ()
    fill: str | None = None
    stroke: str | None = None
    #: Stroke width as a fraction of the canvas' short side.
    stroke_width: float = 0.0
    #: Corner radius as a fraction of the canvas' short side (rect only).
    radius: float = 0.0
    opacity: float = 1.0
    start: float = 0.0
    end: float = 0.0
    inner: float = 0.0
    dashed: bool = False
    #: A soft drop shadow (cards, device frames, product pedestals).
    shadow: bool = False
    #: 0: drawn before the illustrations; 1: after them, below the text.
    layer: int = 0


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
    #: What the image is: scene | poster | banner | social | infographic | diagram | chart | ui | logo |
    #: storyboard | product (see :mod:`~openbanana.generators.compose.documents`).
    kind: str = "scene"
    shapes: tuple[Shape, ...] = ()
    #: Whole-image finishes from the style: grain | halftone | vignette | scanlines | paper.
    filters: tuple[str, ...] = ()
    #: Edit instructions applied to this plan since it was generated, oldest first (replayed when the
    #: image is re-laid out for a new aspect ratio).
    edits: tuple[str, ...] = ()

    def summary(self) -> str:
        parts = [f"{self.layout} layout on a {self.background.kind} background ({', '.join(self.background.colors)})"]
        if self.kind != "scene":
            name = "UI mock-up" if self.kind == "ui" else self.kind
            parts.insert(0, f"{'an' if name[0] in 'aeiou' else 'a'} {name}")
        if self.subjects:
            parts.append(
                "illustrations: " + ", ".join(f"{c}× {icon} (for '{noun}')" for noun, icon, c in self.subjects)
            )
        if self.texts:
            parts.append("text: " + "; ".join(f'{t.role} "{t.text}"' for t in self.texts))
        if self.styles:
            parts.append("style: " + ", ".join(self.styles))
        if self.revision:
            parts.append(f"revision {self.revision} ({self.notes[-1]})" if self.notes else f"revision {self.revision}")
        return "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["generator"] = "compose"
        return data

    def with_texts(self, texts: tuple[TextElement, ...], note: str) -> ComposePlan:
        return replace(self, texts=texts, revision=self.revision + 1, notes=(*self.notes, note))
