"""Output pixel sizes for every (aspect ratio, image size) pair.

One rule gives the whole table, so it is documented once and cannot drift: the long side is
512 / 1024 / 2048 / 4096 pixels for ``512`` / ``1K`` / ``2K`` / ``4K``, and the short side is the long
side times the ratio, rounded to the nearest multiple of 16 (never below 16). A request always gets
exactly these dimensions back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

#: Long side in pixels for each ``imageConfig.imageSize`` value.
LONG_SIDE: dict[str, int] = {"512": 512, "1K": 1024, "2K": 2048, "4K": 4096}

#: Every aspect ratio any model knows, in the order Google documents them.
ALL_RATIOS: tuple[str, ...] = (
    "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9",
    "1:4", "4:1", "1:8", "8:1",
)  # fmt: skip

GRID = 16


@dataclass(frozen=True)
class PixelSize:
    """An exact output size; ``ratio`` and ``size`` are the names it was resolved from."""

    width: int
    height: int
    ratio: str
    size: str


def parse_ratio(ratio: str) -> Fraction:
    """``"16:9"`` → 16/9. Raises ValueError for anything that is not ``W:H`` with positive ints."""
    left, sep, right = ratio.partition(":")
    if not sep or not left.isdigit() or not right.isdigit() or int(left) == 0 or int(right) == 0:
        raise ValueError(f"not an aspect ratio: {ratio!r}")
    return Fraction(int(left), int(right))


def _round_to_grid(value: float) -> int:
    return max(GRID, round(value / GRID) * GRID)


def pixel_size(ratio: str, size: str) -> PixelSize:
    """Exact pixel dimensions for ``ratio`` at ``size`` (both already validated names)."""
    long_side = LONG_SIDE[size]
    r = parse_ratio(ratio)
    if r >= 1:
        width, height = long_side, _round_to_grid(long_side / float(r))
    else:
        width, height = _round_to_grid(long_side * float(r)), long_side
    return PixelSize(width=width, height=height, ratio=ratio, size=size)


def nearest_ratio(width: int, height: int, allowed: tuple[str, ...]) -> str:
    """The allowed ratio closest to ``width:height`` in log space (so 2:1 and 1:2 are symmetric)."""
    import math

    target = math.log(width / height)
    return min(allowed, key=lambda r: abs(math.log(float(parse_ratio(r))) - target))


def size_table(ratios: tuple[str, ...], sizes: tuple[str, ...]) -> list[PixelSize]:
    """Every (ratio, size) combination, for docs and ``openbanana models``."""
    return [pixel_size(r, s) for r in ratios for s in sizes]


_RATIO_IN_TEXT = re.compile(r"(?<![\d.:])(\d{1,2})\s*[:x×]\s*(\d{1,2})(?![\d.:])")
_SIZE_IN_TEXT = re.compile(r"(?<![\w.])(512|[124])\s*k\b|\b(512)\s*(?:px|pixels)\b", re.IGNORECASE)


def ratio_in_text(text: str, allowed: tuple[str, ...]) -> str | None:
    """An aspect ratio written in an instruction ("make it 16:9"), when it is one of ``allowed``."""
    for match in _RATIO_IN_TEXT.finditer(text):
        ratio = f"{int(match.group(1))}:{int(match.group(2))}"
        if ratio in allowed:
            return ratio
    return None


def size_in_text(text: str, allowed: tuple[str, ...]) -> str | None:
    """An image size written in an instruction ("make it 4K"), when it is one of ``allowed``."""
    for match in _SIZE_IN_TEXT.finditer(text):
        digits = match.group(1) or match.group(2)
        size = "512" if digits == "512" else f"{digits}K"
        if size in allowed:
            return size
    return None
