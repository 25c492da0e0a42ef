"""Product shots on the real pipeline: the product large on a studio set (podium or glossy floor with
a reflection), name and price read back by OCR, the price inside its tag, text clear of the product."""

from __future__ import annotations

import pytest

from openbanana.generators.compose.documents import detect_kind

from .layout_helpers import (
    MANY,
    all_quotes_drawn,
    blocks,
    colour_gap,
    inside,
    overlapping,
    pixel_issues,
    pixels,
    png_size,
    render,
    unread,
)

SNEAKER = 'product shot of a sneaker "AirStep Pro" with the price "$129" and tagline "Run lighter"'
CLEAN = frozenset({"contrast", "text-overlap", "bounds", "clip", "overflow", "text-on-illustration", "asset-bounds"})


def test_kind() -> None:
    assert detect_kind("a product shot of a watch") == "product"
    assert detect_kind("a perfume bottle on a pedestal") == "product"


@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "8:1", "1:8"])
def test_product_is_the_hero(ratio: str) -> None:
    plan, png = render(SNEAKER, ratio)
    assert plan.kind == "product" and png_size(png) == (plan.width, plan.height)
    hero = max((a for a in plan.assets if a.icon == "running-shoe"), key=lambda a: a.layer)
    _x, _y, w, h = hero.box.px(plan.width, plan.height)
    # The largest thing on the canvas: at least a third of the short side.
    assert min(w, h) >= min(plan.width, plan.height) * 0.3
    assert hero.shadow and hero.layer == 1
    assert overlapping(plan) == []
    assert pixel_issues(plan, png, frozenset({"text-on-illustration", "text-overlap", "overflow"})) == []


def test_studio_sets() -> None:
    kinds = {render(SNEAKER, "1:1", "512", seed)[0].layout for seed in range(1, 9)}
    assert {"product-podium", "product-steps", "product-floor"} & kinds
    assert len(kinds) >= 2
    floor = next(
        (render(SNEAKER, "1:1", "512", seed)[0] for seed in range(1, 12)
         if render(SNEAKER, "1:1", "512", seed)[0].layout == "product-floor"),
        None,
    )  # fmt: skip
    if floor is not None:  # the reflection: the product upside down below the floor line, faded
        mirrored = [a for a in floor.assets if a.rotation == 180.0 and a.flip]
        assert mirrored and mirrored[0].layer == 0
    podium = next(
        render(SNEAKER, "1:1", "512", seed)[0] for seed in range(1, 12)
        if render(SNEAKER, "1:1", "512", seed)[0].layout != "product-floor"
    )  # fmt: skip
    assert sum(1 for s in podium.shapes if s.kind == "ellipse") >= 2  # the podium's top and base


def test_price_sits_in_its_tag() -> None:
    plan, png = render(SNEAKER, "16:9")
    price = next(t for t in plan.texts if t.text == "$129")
    block = blocks(plan)[price.id]
    tags = [s for s in plan.shapes if s.kind == "rect" and inside(block, s.box.px(plan.width, plan.height))]
    assert tags
    tag = tags[0].box.px(plan.width, plan.height)
    px = pixels(png)
    fill = px[int(tag[1] + tag[3] / 2), int(tag[0] + tag[3] * 0.3)]
    assert tags[0].fill is not None
    assert colour_gap(fill, tags[0].fill) < 30


@pytest.mark.ocr
@pytest.mark.parametrize("ratio", ["16:9", "4:5"])
def test_quotes_read_back(ratio: str) -> None:
    plan, png = render(SNEAKER, ratio)
    assert unread(SNEAKER, png) == []
    assert pixel_issues(plan, png, CLEAN) == []


def test_deterministic() -> None:
    assert render(SNEAKER, "1:1", "512", 9)[1] == render(SNEAKER, "1:1", "512", 9)[1]


@pytest.mark.parametrize("ratio", ["1:1", "8:1"])
def test_many_quotes_all_drawn(ratio: str) -> None:
    assert all_quotes_drawn(f"product shot of a watch {MANY}", ratio) == []
