"""What an illustration's artwork looks like on a small raster: which fill colours make it up, by area
(so recolouring can pick the object's body), and where its top edge is (so things can stand on it).

"A blue coffee mug" must turn the mug blue, not the coffee: in Fluent Emoji the mug is light grey and
the coffee is the only saturated colour. Counting the pixels of each fill on a small raster tells the
body (the larger group) from the details.
"""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache

import numpy as np

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.raster import rgba, svg_document

_HEX = re.compile(r"#([0-9a-fA-F]{6})\b")
_SIDE = 96

#: Fills this dark or this light are outlines, eyes and highlights: never recoloured.
DARKEST, LIGHTEST = 0.2, 0.97
#: Less saturated than this counts as a neutral (grey, white) fill.
NEUTRAL_SATURATION = 0.18


def hls(hex6: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*C.to_rgb(hex6))


def _raster(template: str, width: int, height: int) -> np.ndarray | None:
    """The artwork drawn alone on a transparent ``_SIDE`` × ``_SIDE`` canvas (RGBA), or None."""
    svg = svg_document(_SIDE, _SIDE, f"0 0 {width} {height}", template.replace(chr(0), "ic_"))
    try:
        return rgba(svg, _SIDE, _SIDE)
    except RuntimeError:
        return None


@lru_cache(maxsize=2048)
def artwork_top(template: str, width: int, height: int) -> float:
    """Where the artwork's top edge is over its middle third, as a fraction of its height: what a thing
    set "on" it stands on (an open book is drawn low in its square, a house fills it)."""
    pixels = _raster(template, width, height)
    if pixels is None:
        return 0.0
    middle = pixels[:, _SIDE // 3 : 2 * _SIDE // 3, 3] > 128
    rows = np.flatnonzero(middle.any(axis=1))
    return float(rows[0]) / _SIDE if rows.size else 0.0


@lru_cache(maxsize=2048)
def fill_shares(template: str, width: int, height: int) -> dict[str, float]:
    """Share of the drawn area covered by each literal fill colour (lower-case hex without '#')."""
    pixels = _raster(template, width, height)
    if pixels is None:
        return {}
    drawn = pixels[..., 3] > 200
    total = int(drawn.sum())
    if total == 0:
        return {}
    packed = (pixels[..., 0].astype(np.int64) << 16) | (pixels[..., 1].astype(np.int64) << 8) | pixels[..., 2]
    values, counts = np.unique(packed[drawn], return_counts=True)
    by_color = {int(v): int(c) for v, c in zip(values, counts, strict=True)}
    shares: dict[str, float] = {}
    for hex6 in {m.lower() for m in _HEX.findall(template)}:
        shares[hex6] = by_color.get(int(hex6, 16), 0) / total
    return shares


#: Coloured fills within this many degrees of hue of the main one belong to the body (its shading);
#: others are details with their own colour (an apple's leaf, a car's windows).
BODY_HUE_SPREAD = 40.0


def _hue_distance(a: float, b: float) -> float:
    d = abs(a - b) * 360.0 % 360.0
    return min(d, 360.0 - d)


def body_fills(template: str, width: int, height: int) -> set[str]:
    """The fills to recolour: the coloured ones near the main colour's hue, or the mid-grey/white ones
    when those cover more of the picture (a grey elephant, a white mug with coffee in it)."""
    found = {m.lower() for m in _HEX.findall(template)}
    usable = {h for h in found if DARKEST <= hls(h)[1] < LIGHTEST}
    coloured = {h for h in usable if hls(h)[2] >= NEUTRAL_SATURATION}
    neutral = usable - coloured
    shares = fill_shares(template, width, height)
    if neutral and sum(shares.get(h, 0.0) for h in neutral) > sum(shares.get(h, 0.0) for h in coloured):
        return neutral
    if not coloured:
        return set()
    main = max(sorted(coloured), key=lambda h: shares.get(h, 0.0))
    return {h for h in coloured if _hue_distance(hls(h)[0], hls(main)[0]) <= BODY_HUE_SPREAD}
