from __future__ import annotations

import pytest

from openbanana.catalog.models import MODELS, find_model
from openbanana.catalog.sizes import ALL_RATIOS, LONG_SIDE, nearest_ratio, parse_ratio, pixel_size


@pytest.mark.parametrize("ratio", ALL_RATIOS)
@pytest.mark.parametrize("size", list(LONG_SIDE))
def test_every_size_follows_the_documented_rule(ratio: str, size: str) -> None:
    px = pixel_size(ratio, size)
    assert max(px.width, px.height) == LONG_SIDE[size]
    assert px.width % 16 == 0 and px.height % 16 == 0
    # the short side is within half a grid step of the exact ratio
    exact = float(parse_ratio(ratio))
    short_exact = LONG_SIDE[size] / exact if exact >= 1 else LONG_SIDE[size] * exact
    assert abs(min(px.width, px.height) - short_exact) <= 8
    assert (px.width >= px.height) == (exact >= 1)


def test_known_values() -> None:
    assert (pixel_size("16:9", "1K").width, pixel_size("16:9", "1K").height) == (1024, 576)
    assert (pixel_size("1:8", "512").width, pixel_size("1:8", "512").height) == (64, 512)
    assert (pixel_size("8:1", "4K").width, pixel_size("8:1", "4K").height) == (4096, 512)
    assert (pixel_size("21:9", "1K").width, pixel_size("21:9", "1K").height) == (1024, 432)


@pytest.mark.parametrize("bad", ["16x9", "0:1", "1:0", "a:b", "", "16:", "-1:2"])
def test_parse_ratio_rejects_garbage(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_ratio(bad)


def test_nearest_ratio_is_symmetric_and_exact_on_known_ratios() -> None:
    assert nearest_ratio(1920, 1080, ALL_RATIOS) == "16:9"
    assert nearest_ratio(1080, 1920, ALL_RATIOS) == "9:16"
    assert nearest_ratio(800, 100, ALL_RATIOS) == "8:1"
    assert nearest_ratio(512, 512, ALL_RATIOS[:10]) == "1:1"
    assert nearest_ratio(800, 100, ALL_RATIOS[:10]) == "21:9"


def test_models_and_aliases() -> None:
    nb2 = find_model("gemini-3.1-flash-image-preview")
    assert nb2 is not None
    assert find_model("nano-banana-2") is nb2 and find_model("models/openbanana") is nb2
    assert len(nb2.ratios) == 14 and "auto" in nb2.ratio_choices
    assert nb2.sizes == ("512", "1K", "2K", "4K")
    pro = find_model("gemini-3-pro-image-preview")
    assert pro is not None and len(pro.ratios) == 10 and pro.sizes == ("1K", "2K", "4K")
    flash = find_model("gemini-2.5-flash-image")
    assert flash is not None and flash.sizes == ("1K",) and "auto" not in flash.ratio_choices
    assert find_model("gemini-unknown") is None
    for spec in MODELS:
        assert set(spec.output_tokens_per_image) == set(spec.sizes)
