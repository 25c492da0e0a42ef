"""Naming the colour of pixels the way a person would: nearest basic colour category in CIELAB.

A check such as "the car is blue" must not depend on the exact hex a template picked, so every pixel is
classified into one of a dozen basic colour categories (Berlin & Kay's basic terms, plus cyan, which
Fluent Emoji use for glass and water and which nobody would call "blue car"), each category described by
a few prototype colours. Classification is nearest prototype by CIE76 distance in Lab, which separates
brown from orange and pink from red far better than hue angles do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Category → prototype colours (sRGB hex). Several per category so light and dark shades both land.
PROTOTYPES: dict[str, tuple[str, ...]] = {
    "red": ("#e53935", "#c62828", "#ff1744", "#b71c1c", "#f44336", "#d32f2f"),
    "orange": ("#fb8c00", "#ff9800", "#ef6c00", "#ffa726", "#f57c00"),
    "yellow": ("#fdd835", "#ffeb3b", "#fbc02d", "#ffd54f", "#fff176", "#d4a017"),
    "green": ("#43a047", "#2e7d32", "#66bb6a", "#9ccc65", "#1b5e20", "#7cb342", "#a5d6a7"),
    "cyan": ("#00bcd4", "#26c6da", "#00897b", "#4dd0e1", "#80deea", "#29b6f6"),
    "blue": ("#1e88e5", "#1565c0", "#42a5f5", "#1a237e", "#3949ab", "#0d47a1", "#90caf9"),
    "purple": ("#8e24aa", "#7e57c2", "#6a1b9a", "#b39ddb", "#4a148c", "#ce93d8"),
    "pink": ("#f06292", "#ec407a", "#f8bbd0", "#d81b60", "#ff80ab", "#f48fb1"),
    "brown": ("#6d4c41", "#8d6e63", "#5d4037", "#795548", "#4e342e", "#a1887f"),
    "black": ("#111111", "#000000", "#212121", "#2b2b2b"),
    "grey": ("#9e9e9e", "#757575", "#bdbdbd", "#616161"),
    "white": ("#fafafa", "#ffffff", "#eeeeee"),
}

CATEGORIES: tuple[str, ...] = tuple(PROTOTYPES)
ACHROMATIC: frozenset[str] = frozenset({"black", "grey", "white"})

#: Colour words a prompt may use → the category a person would accept for them.
WORD_CATEGORY: dict[str, str] = {
    "red": "red",
    "crimson": "red",
    "scarlet": "red",
    "maroon": "red",
    "burgundy": "red",
    "orange": "orange",
    "amber": "orange",
    "coral": "orange",
    "peach": "orange",
    "yellow": "yellow",
    "gold": "yellow",
    "golden": "yellow",
    "lemon": "yellow",
    "green": "green",
    "lime": "green",
    "olive": "green",
    "emerald": "green",
    "mint": "green",
    "teal": "cyan",
    "turquoise": "cyan",
    "cyan": "cyan",
    "aqua": "cyan",
    "blue": "blue",
    "navy": "blue",
    "azure": "blue",
    "indigo": "blue",
    "cobalt": "blue",
    "purple": "purple",
    "violet": "purple",
    "lavender": "purple",
    "magenta": "pink",
    "pink": "pink",
    "rose": "pink",
    "brown": "brown",
    "chocolate": "brown",
    "tan": "brown",
    "beige": "brown",
    "black": "black",
    "charcoal": "black",
    "grey": "grey",
    "gray": "grey",
    "silver": "grey",
    "white": "white",
    "cream": "white",
}


def hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def is_hex(color: object) -> bool:
    if not isinstance(color, str) or not color.startswith("#") or len(color) not in (4, 7):
        return False
    try:
        hex_rgb(color)
    except ValueError:
        return False
    return True


def to_lab(rgb: Any) -> Any:
    """sRGB (uint8 or 0..255 floats, last axis RGB) → CIELAB (D65), float array of the same shape."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    lum = 116 * f[..., 1] - 16
    a = 500 * (f[..., 0] - f[..., 1])
    b = 200 * (f[..., 1] - f[..., 2])
    return np.stack([lum, a, b], axis=-1)


def _prototype_table() -> tuple[Any, Any]:
    labs, owners = [], []
    for index, name in enumerate(CATEGORIES):
        for color in PROTOTYPES[name]:
            labs.append(hex_rgb(color))
            owners.append(index)
    return to_lab(np.array(labs, dtype=np.float64)), np.array(owners)


_PROTO_LAB, _PROTO_OWNER = _prototype_table()


#: Classification looks at no more than this many pixels (an even subsample of larger sets).
MAX_PIXELS = 20000


def classify(pixels: Any) -> Any:
    """Category index (into :data:`CATEGORIES`) of each pixel of an (N, 3) RGB array; sets larger
    than :data:`MAX_PIXELS` are evenly subsampled first."""
    px = np.asarray(pixels, dtype=np.float64).reshape(-1, 3)
    if len(px) > MAX_PIXELS:
        px = px[:: -(-len(px) // MAX_PIXELS)]
    if len(px) == 0:
        return np.zeros(0, dtype=int)
    lab = to_lab(px)
    d = ((lab[:, None, :] - _PROTO_LAB[None, :, :]) ** 2).sum(axis=2)
    return _PROTO_OWNER[np.argmin(d, axis=1)]


def category(word: str) -> str:
    """The category of a colour word; KeyError for a word the suite does not know (a bad prompt)."""
    return WORD_CATEGORY[word.lower()]


def shares(pixels: Any) -> dict[str, float]:
    """Fraction of the pixels in each category (categories with no pixel omitted)."""
    labels = classify(pixels)
    if len(labels) == 0:
        return {}
    counts = np.bincount(labels, minlength=len(CATEGORIES))
    return {CATEGORIES[i]: float(counts[i]) / len(labels) for i in range(len(CATEGORIES)) if counts[i]}


#: The named colour must cover at least this share of the object's pixels.
MIN_SHARE = 0.3


def dominant_is(pixels: Any, word: str) -> tuple[bool, str]:
    """Whether ``word``'s colour is the object's colour: the most common chromatic category of its
    pixels (for black / white / grey: the most common category of all) and at least
    :data:`MIN_SHARE` of them. Outlines, eyes and tyres are neutral details, so a red car with black
    tyres is still red."""
    want = category(word)
    found = shares(pixels)
    if not found:
        return False, "no pixels"
    pool = found if want in ACHROMATIC else {k: v for k, v in found.items() if k not in ACHROMATIC}
    top = max(pool, key=lambda k: pool[k]) if pool else max(found, key=lambda k: found[k])
    share = found.get(want, 0.0)
    desc = ", ".join(f"{k} {v:.0%}" for k, v in sorted(found.items(), key=lambda kv: -kv[1])[:3])
    return (top == want and share >= MIN_SHARE), f"{want} {share:.0%} (top: {desc})"
