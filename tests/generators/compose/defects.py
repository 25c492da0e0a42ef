"""Plans with deliberate defects, built straight from the plan dataclasses (no planner, no templates),
for the self-check and correction tests."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from openbanana.catalog.models import NANO_BANANA_PRO
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.request import ImageRequest, ThinkingConfig, ThinkingLevel, Turn
from openbanana.generators.compose.plan import AssetPlacement, Background, Box, ComposePlan, Shape, TextElement

WHITE = Background("gradient", ("#ffffff", "#f3f3f3"))


def request(size: str = "1K", thinking: ThinkingLevel = ThinkingLevel.MINIMAL, thoughts: bool = False) -> ImageRequest:
    return ImageRequest(
        model=NANO_BANANA_PRO,
        turns=(Turn("user", ("a test poster",)),),
        output=pixel_size("1:1", size),
        thinking=ThinkingConfig(thinking, include_thoughts=thoughts),
        seed=1,
    )


def plan(
    texts: tuple[TextElement, ...] = (),
    assets: tuple[AssetPlacement, ...] = (),
    shapes: tuple[Shape, ...] = (),
    side: int = 1024,
    **kw: Any,
) -> ComposePlan:
    return ComposePlan(
        prompt="a test poster",
        seed=1,
        variant=0,
        width=side,
        height=side,
        layout=kw.pop("layout", "fixture"),
        background=kw.pop("background", WHITE),
        texts=texts,
        assets=assets,
        shapes=shapes,
        kind=kw.pop("kind", "poster"),
        **kw,
    )


def text(ident: str, words: str, box: Box, role: str = "subtitle", **kw: Any) -> TextElement:
    return TextElement(id=ident, text=words, role=role, box=box, **kw)


def art(ident: str, icon: str, box: Box, **kw: Any) -> AssetPlacement:
    return AssetPlacement(ident, icon, icon, box, **kw)


def white_on_white() -> ComposePlan:
    return plan((text("text0", "Invisible Ink", Box(0.1, 0.1, 0.8, 0.2), color="#ffffff"),))


def overlapping_texts() -> ComposePlan:
    return plan(
        (
            text("text0", "Grand Opening", Box(0.1, 0.1, 0.8, 0.25), role="title"),
            text("text1", "Saturday at noon", Box(0.15, 0.2, 0.7, 0.15)),
        )
    )


def asset_half_outside() -> ComposePlan:
    return plan(
        (text("text0", "Cats Welcome", Box(0.1, 0.05, 0.8, 0.15)),),
        (art("asset0", "cat", Box(0.75, 0.4, 0.5, 0.5)),),
    )


LONG = "This sentence is far too long for the tiny box it was given. " * 4


def text_too_long() -> ComposePlan:
    return plan((text("text0", LONG.strip(), Box(0.1, 0.4, 0.15, 0.02), role="label"),))


def text_over_art() -> ComposePlan:
    return plan(
        (text("text0", "Dog Show", Box(0.2, 0.4, 0.6, 0.2)),),
        (art("asset0", "dog", Box(0.25, 0.25, 0.5, 0.5)),),
    )


def arts_overlapping(**kw: Any) -> ComposePlan:
    return plan(
        (),
        (art("asset0", "dog", Box(0.2, 0.3, 0.4, 0.4)), art("asset1", "cat", Box(0.4, 0.35, 0.4, 0.4), **kw)),
    )


def shape_outside() -> ComposePlan:
    return plan(shapes=(Shape("card0", "rect", Box(0.7, 0.7, 0.6, 0.6), fill="#3366cc"),))


def everything_wrong() -> ComposePlan:
    """Several defects at once: a faint title, a subtitle on top of it, two illustrations in each other
    and a third hanging off the canvas."""
    return plan(
        (
            text("text0", "Grand Opening", Box(0.1, 0.1, 0.8, 0.25), role="title", color="#f5f5f5"),
            text("text1", "Saturday at noon", Box(0.15, 0.2, 0.7, 0.15)),
        ),
        (
            art("asset0", "dog", Box(0.25, 0.45, 0.4, 0.4)),
            art("asset1", "cat", Box(0.4, 0.5, 0.4, 0.4)),
            art("asset2", "automobile", Box(0.85, 0.1, 0.3, 0.3)),
        ),
    )


def pixels(png: bytes) -> NDArray[np.uint8]:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def luminance(rgb: NDArray[Any]) -> NDArray[np.float64]:
    """WCAG relative luminance of 0..255 colours (last axis RGB)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    result: NDArray[np.float64] = lin @ np.array([0.2126, 0.7152, 0.0722])
    return result


def region_contrast(png: bytes, box: Box) -> float:
    """Contrast between the darkest and lightest 2% of the pixels inside ``box``: how far the ink of
    whatever is drawn there stands out from its ground (measured independently of the checks)."""
    arr = pixels(png)
    height, width = arr.shape[:2]
    crop = arr[int(box.y * height) : int((box.y + box.h) * height), int(box.x * width) : int((box.x + box.w) * width)]
    lum = luminance(crop.reshape(-1, 3))
    lo, hi = np.percentile(lum, 2), np.percentile(lum, 98)
    return float((hi + 0.05) / (lo + 0.05))
