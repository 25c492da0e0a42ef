"""Weather over a scene: rain streaks, falling snow, fog banks, a storm's lightning, an overcast sky.

Weather changes the sky and ground colours of the :class:`Background` and adds shapes: rain streaks and
snowflakes in front of the illustrations (shape layer 1, still under the text), fog banks and
lightning behind them (a fog bank in front would cut a subject in half).
Everything is drawn from the planner's seeded ``random.Random``.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.plan import Background, Box, Decoration, Shape

#: Sky wash per weather: (colour mixed in, amount).
_SKY: dict[str, tuple[str, float]] = {
    "rain": ("#7f8c99", 0.5),
    "storm": ("#323a48", 0.65),
    "fog": ("#d5dbe0", 0.55),
    "cloudy": ("#a9b3bd", 0.35),
    "snow": ("#dfe6ee", 0.3),
}
#: How much of the wash reaches the ground (snow settles on it: it turns white).
_GROUND: dict[str, tuple[str, float]] = {"fog": ("#d5dbe0", 0.28), "snow": ("#f3f7fb", 0.55)}
#: Weather that hides the sun.
DULL = frozenset({"rain", "storm", "fog", "cloudy"})


def _wash(bg: Background, weather: tuple[str, ...]) -> Background:
    colors, layers = bg.colors, bg.layers
    for w in weather:
        if w in _SKY:
            tone, amount = _SKY[w]
            colors = tuple(C.mix(c, tone, amount) for c in colors)
            ground_tone, ground = _GROUND.get(w, (tone, amount * 0.25))
            layers = tuple(replace(layer, color=C.mix(layer.color, ground_tone, ground)) for layer in layers)
    return replace(bg, colors=colors, layers=layers)


def _density(width: int, height: int) -> float:
    """How many canvases' worth of square area the canvas holds (1 for a square, 8 for an 8:1 strip):
    streak and flake counts follow the canvas' shape, not its pixel size, so plans stay size-free."""
    return max(width, height) / min(width, height)


def _rain(rng: random.Random, width: int, height: int, heavy: bool) -> list[Shape]:
    short = min(width, height)
    count = int((130 if heavy else 95) * math.sqrt(_density(width, height)))
    length = 0.05 * short
    dx, dy = length * math.sin(math.radians(14)) / width, length * math.cos(math.radians(14)) / height
    out = []
    for k in range(count):
        # Streaks run from upper right to lower left and stay on the canvas.
        x, y = rng.uniform(dx, 1.0), rng.uniform(0.0, 1.0 - dy)
        out.append(
            Shape(
                f"rain{k}",
                "line",
                Box(round(x, 4), round(y, 4), round(-dx, 4), round(dy, 4)),
                stroke="#e6effa",
                stroke_width=0.0028,
                opacity=round(rng.uniform(0.35, 0.6), 2),
                layer=1,
            )
        )
    return out


def _snow(rng: random.Random, width: int, height: int) -> tuple[list[Shape], list[Decoration]]:
    short = min(width, height)
    scale = math.sqrt(_density(width, height))
    shapes = []
    for k in range(int(45 * scale)):
        r = rng.uniform(0.004, 0.01) * short
        x, y = rng.uniform(r / width, 1 - r / width), rng.uniform(r / height, 1 - r / height)
        shapes.append(
            Shape(
                f"snow{k}",
                "ellipse",
                Box(
                    round(x - r / width, 4), round(y - r / height, 4), round(2 * r / width, 4), round(2 * r / height, 4)
                ),
                fill="#ffffff",
                opacity=round(rng.uniform(0.7, 0.95), 2),
                layer=1,
            )
        )
    flakes = [
        Decoration("flake", round(rng.random(), 4), round(rng.random(), 4), round(rng.uniform(0.002, 0.005), 4), 0.8)
        for _ in range(int(60 * scale))
    ]
    return shapes, flakes


def _fog(rng: random.Random, horizon: float) -> list[Shape]:
    base = horizon if horizon < 1.0 else 0.7
    out = []
    for k in range(4):
        y = base + rng.uniform(-0.12, 0.08)
        h = rng.uniform(0.1, 0.18)
        out.append(
            Shape(
                f"fog{k}",
                "ellipse",
                Box(-0.3, round(y - h / 2, 4), 1.6, round(h, 4)),
                fill="#f2f5f7",
                opacity=round(rng.uniform(0.25, 0.4), 2),
            )
        )
    return out


def _lightning(rng: random.Random, avoid: list[Box], horizon: float) -> list[Shape]:
    """A zigzag bolt from the top of the sky, in a column no text or illustration stands in."""
    bottom = max(0.25, min(0.7, horizon * 0.8))
    for _ in range(24):
        x = rng.uniform(0.08, 0.92)
        if all(not (b.x - 0.08 < x < b.x + b.w + 0.08 and b.y < bottom) for b in avoid):
            break
    else:
        return []
    points: list[tuple[float, float]] = []
    y, cx = 0.0, x
    steps = 5
    for k in range(steps + 1):
        points.append((round(cx, 4), round(y, 4)))
        y = bottom * (k + 1) / steps
        cx += rng.uniform(-0.035, 0.035) + (0.02 if k % 2 else -0.02)
    width = 0.012
    outline = points + [(round(px + width, 4), round(py + 0.01, 4)) for px, py in reversed(points)]
    return [
        Shape(
            "lightning", "polygon", Box(x - 0.1, 0.0, 0.2, bottom), points=tuple(outline), fill="#fff5a8", opacity=0.95
        )
    ]


def apply_weather(
    bg: Background, weather: tuple[str, ...], rng: random.Random, width: int, height: int, avoid: list[Box]
) -> tuple[Background, list[Shape]]:
    """``bg`` washed for ``weather`` and the weather's shapes."""
    if not weather:
        return bg, []
    bg = _wash(bg, weather)
    shapes: list[Shape] = []
    if "storm" in weather:
        shapes += _lightning(rng, avoid, bg.horizon)
    if "rain" in weather or "storm" in weather:
        shapes += _rain(rng, width, height, "storm" in weather)
    if "snow" in weather:
        flakes, decorations = _snow(rng, width, height)
        shapes += flakes
        bg = replace(bg, decorations=(*bg.decorations, *decorations))
    if "fog" in weather:
        shapes += _fog(rng, bg.horizon)
    if weather and set(weather) & DULL:
        bg = replace(bg, decorations=tuple(d for d in bg.decorations if d.kind not in ("sun",)))
    return bg, shapes
