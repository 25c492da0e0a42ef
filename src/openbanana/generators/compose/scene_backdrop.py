"""A backdrop for "put it on a beach": the planner's setting for those words, drawn with nothing on it.

Background swaps in photos and reference scenes reuse the scene builder, so "a beach" looks the
same whether it is generated, swapped in behind a product photo or placed behind a reference.
"""

from __future__ import annotations

from dataclasses import replace

from openbanana.catalog.models import NANO_BANANA_2
from openbanana.catalog.sizes import PixelSize
from openbanana.editing.photo import RGB
from openbanana.engine.request import ImageRequest, Turn
from openbanana.generators.compose.plan import ComposePlan


def backdrop_plan(words: str, width: int, height: int, seed: int) -> ComposePlan:
    """The scene plan of ``words`` with no illustrations, texts or shapes (just the setting)."""
    from openbanana.generators.compose.planner import build_plan

    request = ImageRequest(
        model=NANO_BANANA_2,
        turns=(Turn("user", (f"a scene: {words}",)),),
        output=PixelSize(width=width, height=height, ratio="custom", size="custom"),
    )
    plan = build_plan(request, seed, 0)
    return replace(plan, assets=(), texts=(), shapes=(), subjects=())


def render_backdrop(words: str, width: int, height: int, seed: int) -> RGB:
    from openbanana.generators.compose.render import plan_pixels

    return plan_pixels(backdrop_plan(words, width, height, seed), width, height)
