"""Scene backgrounds: a sky (or wall) above a ground plane that the illustrations stand on.

The horizon is placed from the layout, after the illustrations have their boxes: it runs behind the
lower half of the subjects that stand on the ground, so their feet land on the ground plane (sand,
grass, street, floor …) and boats on the water band. Flying things stay where the layout put them.
Sun, moon, clouds, windows and planets go in clear parts of the sky, away from every text box and
illustration. Everything is drawn from the seeded ``random.Random`` the planner passes in, so one seed
gives one scene.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.plan import Background, Box, Decoration, GroundLayer

#: Sky gradients (top to horizon) for the time of day.
SKY: dict[str, tuple[str, ...]] = {
    "day": ("#3d8fe0", "#8cc8f7", "#dff1ff"),
    "sunset": ("#2e1f5e", "#c2456b", "#ff8a5b", "#ffd27a"),
    "night": ("#070b1f", "#18204a", "#33306b"),
}

#: Sky gradients for a named light, replacing the time of day's.
LIGHT_SKY: dict[str, tuple[str, ...]] = {
    "golden": ("#e9824a", "#f7b267", "#ffe0a3"),
    "sunrise": ("#6a7fc1", "#e9a0b8", "#ffd6a5"),
    "neon": ("#0b0221", "#2b0b4f", "#6a1b9a"),
    "moonlight": ("#0b1630", "#1d3260", "#3a5a8c"),
}
#: Colour cast of the ground under a named light: (colour mixed in, amount).
LIGHT_CAST: dict[str, tuple[str, float]] = {
    "golden": ("#ff9f43", 0.2),
    "sunrise": ("#e88aa8", 0.15),
    "neon": ("#7b1fa2", 0.35),
    "moonlight": ("#3a5a8c", 0.2),
}
#: Weather that hides the sun and brings more clouds.
OVERCAST = frozenset({"rain", "storm", "fog", "cloudy"})

#: Wall gradients for indoor scenes, and their floors.
ROOMS: dict[str, tuple[tuple[str, ...], str]] = {
    "room": (("#f4ede3", "#eadfce"), "#b98a5a"),
    "bedroom": (("#ece4f3", "#ddd1ea"), "#b48a63"),
    "office": (("#eef2f5", "#dfe6ec"), "#8d969f"),
    "kitchen": (("#fbf5e8", "#f1e6cf"), "#d8cfbf"),
    "studio": (("#f2f2f2", "#dedede"), "#d4d4d4"),
    "cafe": (("#f3e4d0", "#e6cfb0"), "#8a5a3a"),
}

#: A window's height over its width.
WINDOW_ASPECT = 1.2

#: Settings whose illustrations stand on something (the others float).
GROUNDED = frozenset({"beach", "sea", "lake", "city", "forest", "park", "mountain", "snow", "desert", "underwater"})
GROUNDED |= frozenset(ROOMS)

#: Illustrations that fly or hang in the sky: never moved onto the ground.
AIR_ICONS = frozenset(
    """
    bird blackbird phoenix-bird dove eagle parrot bat airplane small-airplane airplane-departure
    airplane-arrival helicopter rocket flying-saucer satellite balloon kite parachute butterfly
    honeybee cloud cloud-with-rain cloud-with-lightning cloud-with-lightning-and-rain cloud-with-snow
    sun sun-with-face sun-behind-cloud sun-behind-large-cloud sun-behind-small-cloud
    sun-behind-rain-cloud crescent-moon full-moon new-moon first-quarter-moon last-quarter-moon
    full-moon-face new-moon-face waning-crescent-moon star glowing-star shooting-star sparkles comet
    ringed-planet rainbow fireworks sparkler high-voltage snowflake baby-angel person-fairy
    woman-fairy man-fairy ghost dragon flying-disc
    """.split()  # noqa: SIM905
)

#: Illustrations that float on (or swim in) water.
WATER_ICONS = frozenset(
    """
    sailboat ship passenger-ship ferry motor-boat speedboat canoe man-rowing-boat woman-rowing-boat
    person-rowing-boat fish tropical-fish blowfish spouting-whale whale dolphin shark octopus squid
    jellyfish seal person-swimming man-swimming woman-swimming person-surfing man-surfing
    woman-surfing swan duck
    """.split()  # noqa: SIM905
)


def placement(icon: str, setting: str) -> str:
    """Where an illustration belongs in a setting: ``air``, ``water`` or ``ground``."""
    if icon in AIR_ICONS or setting == "space":
        return "air"
    if icon in WATER_ICONS and setting in ("beach", "sea", "lake", "underwater"):
        return "water"
    return "ground"


@dataclass(frozen=True)
class Subject:
    """One illustration as the scene sees it: its box (fractions) and where it belongs."""

    box: Box
    where: str


def _clear_spot(
    rng: random.Random,
    avoid: list[Box],
    extent: tuple[float, float, float, float],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    tries: int = 32,
) -> tuple[float, float] | None:
    """A random centre in the ranges (fractions) whose extent (left, up, right, down, all fractions of
    the canvas) stays clear of every box, or None."""
    left, up, right, down = extent
    lo_x, hi_x = max(x_range[0], left), min(x_range[1], 1.0 - right)
    lo_y, hi_y = max(y_range[0], up), y_range[1]
    if lo_x > hi_x or lo_y > hi_y:
        return None
    for _ in range(tries):
        cx, cy = rng.uniform(lo_x, hi_x), rng.uniform(lo_y, hi_y)
        # A hair of slack so the rounding of stored centres can never tip a decoration onto a box.
        x0, y0, x1, y1 = cx - left - 1e-3, cy - up - 1e-3, cx + right + 1e-3, cy + down + 1e-3
        if all(x1 <= b.x or b.x + b.w <= x0 or y1 <= b.y or b.y + b.h <= y0 for b in avoid):
            return cx, cy
    return None


def _ext(kind: str, r: float, sx: float, sy: float) -> tuple[float, float, float, float]:
    left, up, right, down = EXTENTS[kind]
    return (left * r * sx, up * r * sy, right * r * sx, down * r * sy)


def _horizon(subjects: list[Subject], setting: str, rng: random.Random) -> tuple[float, float]:
    """(horizon, shoreline) in canvas fractions. The horizon runs behind the lower half of the highest
    standing subject; on a beach the shoreline runs between the boats and the feet on the sand."""
    ground = [s.box for s in subjects if s.where == "ground"]
    water = [s.box for s in subjects if s.where == "water"]
    default = rng.uniform(0.56, 0.66) if setting not in ROOMS else rng.uniform(0.6, 0.7)
    if setting == "underwater":
        # The sea bed lies under the lowest swimmer; things that walk stand on it.
        if ground:
            return max(0.5, min(0.9, min(b.y + b.h * 0.7 for b in ground))), 1.0
        lowest = max((b.y + b.h for b in water), default=0.8)
        return min(0.92, max(0.75, lowest + 0.02)), 1.0
    candidates = [b.y + b.h * 0.5 for b in ground] + [b.y + b.h * 0.42 for b in water]
    horizon = min(candidates) if candidates else default
    horizon = max(0.2, min(0.86, horizon))
    if setting != "beach":
        return horizon, horizon
    boats = max((b.y + b.h for b in water), default=None)
    feet = min((b.y + b.h * 0.86 for b in ground), default=None)
    if boats is not None and feet is not None:
        shore = (boats + feet) / 2 if feet > boats else feet
    elif boats is not None:
        shore = boats + 0.05
    elif feet is not None:
        shore = horizon + (feet - horizon) * rng.uniform(0.3, 0.5)
    else:
        shore = horizon + (1.0 - horizon) * rng.uniform(0.3, 0.45)
    shore = max(horizon + 0.04, min(0.97, shore))
    return horizon, shore


def _shape(rng: random.Random, n: int) -> tuple[float, ...]:
    return tuple(round(rng.random(), 3) for _ in range(n))


def _cast(color: str, time: str, lighting: str | None = None) -> str:
    if lighting in LIGHT_CAST:
        cast, amount = LIGHT_CAST[lighting]
        base = C.darken(color, 0.5) if time == "night" else color
        return C.mix(base, cast, amount)
    if time == "night":
        return C.mix(C.darken(color, 0.55), "#1a2350", 0.25)
    if time == "sunset":
        return C.mix(color, "#7a3b5c", 0.28)
    return color


def build_background(
    setting: str,
    time: str,
    rng: random.Random,
    texts: list[Box],
    subjects: list[Subject],
    width: int,
    height: int,
    lighting: str | None = None,
    weather: tuple[str, ...] = (),
) -> Background:
    """The scene for ``setting`` (beach, city, forest, room, space, sky …) at ``time`` (day, sunset,
    night), with the horizon fitted to the subjects and sky decorations kept off text and subjects.
    ``lighting`` (golden, sunrise, neon, moonlight) recolours sky and ground; overcast ``weather`` hides
    the sun behind more clouds."""
    short = min(width, height)
    sx, sy = short / width, short / height  # one short-side unit in x and y fractions
    grounded = setting in GROUNDED or (
        setting in ("sky", "night", "sunset") and any(s.where == "ground" for s in subjects)
    )
    horizon, shore = _horizon(subjects, setting, rng) if grounded else (1.0, 1.0)
    layers: list[GroundLayer] = []
    t = time
    light = lighting if lighting in LIGHT_SKY else None

    def _tint(color: str, time: str) -> str:
        return _cast(color, time, light)

    if setting in ROOMS:
        wall, floor = ROOMS[setting]
        colors = tuple(_tint(c, "night" if t == "night" else "day") for c in wall)
        layers.append(GroundLayer("floor", horizon, _tint(floor, t), _shape(rng, 2)))
        if setting == "kitchen":
            layers.insert(0, GroundLayer("tiles", horizon, _tint("#e7eef0", t), (), 0.16))
    elif setting == "underwater":
        colors = ("#4cc0ec", "#137ac2", "#083f78")
        layers.append(GroundLayer("seabed", horizon, "#e2c58c", _shape(rng, 6)))
    elif setting == "space":
        colors = ("#03040d", "#0d0f2e", "#1c1545")
    else:
        colors = LIGHT_SKY[light] if light else SKY[t]

    far = rng.uniform(0.12, 0.2)  # silhouette height as a fraction of the sky above the horizon
    if setting == "beach":
        layers.append(GroundLayer("sea", horizon, _tint("#2a8fd8", t), _shape(rng, 2)))
        layers.append(GroundLayer("sand", shore, _tint("#f2d59c", t), _shape(rng, 4)))
    elif setting == "sea":
        layers.append(GroundLayer("sea", horizon, _tint("#2a8fd8", t), _shape(rng, 2)))
    elif setting == "lake":
        layers.append(GroundLayer("treeline", horizon, _tint("#3f7d45", t), _shape(rng, 24), horizon * far * 0.5))
        layers.append(GroundLayer("water", horizon, _tint("#4b9fd0", t), _shape(rng, 2)))
    elif setting == "city":
        layers.append(
            GroundLayer("skyline", horizon, _tint("#5d6b82", t), _shape(rng, 40), horizon * rng.uniform(0.3, 0.42))
        )
        layers.append(GroundLayer("street", horizon, _tint("#9aa1a8", t), _shape(rng, 2)))
    elif setting == "forest":
        layers.append(
            GroundLayer("treeline", horizon, _tint("#2f6b35", t), _shape(rng, 24), horizon * rng.uniform(0.22, 0.3))
        )
        layers.append(GroundLayer("grass", horizon, _tint("#5aa651", t), _shape(rng, 4)))
    elif setting in ("park", "sky", "night", "sunset") and grounded:
        layers.append(GroundLayer("hills", horizon, _tint("#7cbf6a", t), _shape(rng, 6), horizon * far * 0.6))
        layers.append(GroundLayer("grass", horizon, _tint("#5aa651", t), _shape(rng, 4)))
        if setting == "park":
            layers.insert(1, GroundLayer("trees", horizon, _tint("#3f8a3c", t), _shape(rng, 12), horizon * 0.16))
    elif setting in ("mountain", "snow"):
        peaks = horizon * rng.uniform(0.4, 0.55)
        layers.append(GroundLayer("mountains", horizon, _tint("#6f7fa0", t), _shape(rng, 10), peaks))
        ground = ("snowfield", "#f3f7fb") if setting == "snow" else ("grass", "#6fae5c")
        layers.append(GroundLayer(ground[0], horizon, _tint(ground[1], t), _shape(rng, 4)))
    elif setting == "desert":
        layers.append(GroundLayer("dunes", horizon, _tint("#e3a95a", t), _shape(rng, 6), horizon * far))
        layers.append(GroundLayer("sand", horizon, _tint("#f0c67e", t), _shape(rng, 4)))

    # -- sky decorations, kept off text and illustrations -----------------------------------------
    avoid = list(texts) + [s.box for s in subjects]
    decorations: list[Decoration] = []
    top_of_ground = min([horizon] + [layer.top - layer.height for layer in layers])
    sky_bottom = max(0.05, top_of_ground)
    pad = 0.012

    def place(kind: str, r: float, y_range: tuple[float, float], ext: tuple[float, float, float, float]) -> None:
        spot = _clear_spot(rng, avoid, ext, (0.0, 1.0), y_range)
        if spot is not None:
            decorations.append(Decoration(kind, round(spot[0], 4), round(spot[1], 4), round(r, 4)))
            cx, cy = spot
            avoid.append(
                Box(cx - ext[0] - pad, cy - ext[1] - pad, ext[0] + ext[2] + 2 * pad, ext[1] + ext[3] + 2 * pad)
            )

    indoor = setting in ROOMS
    if indoor:
        # A window on the wall, somewhere clear.
        ww = rng.uniform(0.2, 0.28)
        ext = _ext("window", ww, sx, sy)
        place("window", ww, (0.05, max(0.06, horizon - 0.05 - ext[3])), ext)
    elif setting == "underwater":
        for _ in range(rng.randint(8, 14)):
            r = rng.uniform(0.006, 0.018)
            decorations.append(
                Decoration("bubble", round(rng.random(), 4), round(rng.uniform(0.05, horizon), 4), round(r, 4), 0.6)
            )
    else:
        overcast = bool(OVERCAST & set(weather))
        if (t == "night" and not overcast) or setting == "space":
            limit = 1.0 if setting == "space" else sky_bottom
            for _ in range(rng.randint(50, 90)):
                decorations.append(
                    Decoration(
                        "star",
                        round(rng.random(), 4),
                        round(rng.random() * limit, 4),
                        round(rng.uniform(0.0015, 0.004), 4),
                        round(rng.uniform(0.5, 1.0), 2),
                    )
                )
        if setting == "space":
            r = rng.uniform(0.08, 0.13)
            place("planet", r, (0.1, 0.9), _ext("planet", r, sx, sy))
        elif overcast:
            pass
        elif t == "night":
            r = 0.07
            place("moon", r, (0.06, sky_bottom - r * sy), _ext("moon", r, sx, sy))
        elif t == "sunset" and grounded:
            r = rng.uniform(0.1, 0.14)
            # Low on the horizon, half set behind the ground.
            place("sun", r, (horizon - r * sy * 0.3, horizon), (*_ext("sun", r, sx, sy)[:3], 0.0))
        elif t == "sunset":
            r = 0.12
            place("sun", r, (0.5, 0.7), _ext("sun", r, sx, sy))
        else:
            r = 0.06
            place("sun", r, (0.06, sky_bottom - r * sy), _ext("sun", r, sx, sy))
        if t != "night" and setting != "space":
            count = {"sky": rng.randint(3, 5)}.get(setting, rng.randint(1, 3)) + (3 if overcast else 0)
            for _ in range(count):
                r = rng.uniform(0.05, 0.09)
                # A cloud: a wide ellipse with two puffs on top (see render.py).
                place("cloud", r, (0.04, sky_bottom - 0.02), _ext("cloud", r, sx, sy))
    if setting == "snow":
        for _ in range(rng.randint(50, 80)):
            decorations.append(
                Decoration(
                    "flake",
                    round(rng.random(), 4),
                    round(rng.random(), 4),
                    round(rng.uniform(0.002, 0.006), 4),
                    round(rng.uniform(0.6, 1.0), 2),
                )
            )
    return Background(
        kind=setting,
        colors=colors,
        angle=180.0,
        decorations=tuple(decorations),
        layers=tuple(layers),
        time=t,
        horizon=round(horizon, 4),
        light=light,
    )


#: How far each decoration reaches from its centre (left, up, right, down), in units of ``r`` × the
#: canvas' short side (windows: of their width). Glows around sun and moon are soft and not counted.
EXTENTS: dict[str, tuple[float, float, float, float]] = {
    "sun": (1.0, 1.0, 1.0, 1.0),
    "moon": (1.0, 1.0, 1.0, 1.0),
    "planet": (1.9, 1.0, 1.9, 1.0),
    "cloud": (1.6, 1.1, 1.6, 0.5),
    "window": (0.5, 0.5 * WINDOW_ASPECT, 0.5, 0.5 * WINDOW_ASPECT),
}


def decoration_box(bg: Background, d: Decoration, width: int, height: int) -> Box | None:
    """The visible extent of a sky decoration in canvas fractions (what the ground hides excluded), or
    None for the small scattered ones (stars, flakes, bubbles, glows)."""
    ext = EXTENTS.get(d.kind)
    if ext is None or bg.kind == "gradient":
        return None
    short = min(width, height)
    sx, sy = d.r * short / width, d.r * short / height
    x0, y0 = d.x - ext[0] * sx, d.y - ext[1] * sy
    x1, y1 = d.x + ext[2] * sx, d.y + ext[3] * sy
    if bg.layers:
        y1 = min(y1, bg.horizon)
    return Box(x0, y0, x1 - x0, max(0.0, y1 - y0))
