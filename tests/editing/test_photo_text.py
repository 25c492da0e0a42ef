"""Text in photos: a sign drawn onto a real photo is found, erased and retyped, and OCR agrees."""

from __future__ import annotations

import numpy as np
import pytest
import skimage.data
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from openbanana.editing import photo_text as pt
from openbanana.editing.photo_text import TextRegion, erase_text, find_text, match_region, replace_text
from openbanana.editing.photo_text_ink import measure
from openbanana.generators.compose.checks import rapidocr_engine
from openbanana.generators.compose.fonts import vendored_font_paths

RED = (170, 30, 30)
#: Where the sign is pasted onto the 600 × 400 coffee photo.
SIGN_AT = (280, 40)


def _sign_photo(angle: float, text: str = "OPEN DAILY", bold: bool = True) -> NDArray[np.uint8]:
    """skimage's coffee photo with a cream sign (dark frame, red letters) pasted top right, turned by ``angle``°."""
    img = Image.fromarray(skimage.data.coffee()).convert("RGB")
    sign = Image.new("RGBA", (300, 100), (250, 240, 210, 255))
    draw = ImageDraw.Draw(sign)
    draw.rectangle((0, 0, 299, 99), outline=(90, 60, 30, 255), width=4)
    font = ImageFont.truetype(vendored_font_paths()[1 if bold else 0], 40)
    draw.text((150, 50), text, font=font, fill=(*RED, 255), anchor="mm")
    turned = sign.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    img.paste(turned, SIGN_AT, turned)
    return np.asarray(img, dtype=np.uint8).copy()


def _far_from_sign(shape: tuple[int, ...], margin: int = 10) -> NDArray[np.bool_]:
    """Pixels more than ``margin`` px outside the (turned) sign's bounding box."""
    far = np.ones(shape[:2], bool)
    x, y = SIGN_AT
    far[max(0, y - margin) : y + 170 + margin, max(0, x - margin) : x + 330 + margin] = False
    return far


def _hex_rgb(color: str) -> NDArray[np.float64]:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


@pytest.fixture(scope="module", autouse=True)
def _needs_ocr() -> None:
    if rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr or its bundled models are not installed")


@pytest.fixture(scope="module", params=[0.0, 8.0], ids=["level", "turned8"])
def sign(request: pytest.FixtureRequest) -> tuple[NDArray[np.uint8], float]:
    return _sign_photo(request.param), request.param


@pytest.mark.ocr
def test_find_text_reads_the_sign_with_its_colours_and_angle(sign: tuple[NDArray[np.uint8], float]) -> None:
    rgb, angle = sign
    regions = find_text(rgb)
    assert [r.text for r in regions] == ["OPEN DAILY"]
    region = regions[0]
    assert region.score > 0.9
    assert abs(region.angle + angle) < 2.0  # PIL turns counter-clockwise; ours is clockwise-positive
    assert np.abs(_hex_rgb(region.ink) - RED).max() < 25
    assert np.abs(_hex_rgb(region.paper) - (250, 240, 210)).max() < 12
    assert 25 < region.height < 60


@pytest.mark.ocr
def test_replace_text_reads_back_exactly_and_keeps_the_rest(sign: tuple[NDArray[np.uint8], float]) -> None:
    rgb, _ = sign
    region = find_text(rgb)[0]
    out = replace_text(rgb, region, "CERRADO HOY")
    assert out.shape == rgb.shape and out.dtype == np.uint8
    after = find_text(out)
    assert [r.text for r in after] == ["CERRADO HOY"]
    assert "OPEN" not in " ".join(r.text for r in after)
    far = _far_from_sign(rgb.shape)
    assert np.array_equal(out[far], rgb[far])
    new = after[0]
    assert np.abs(_hex_rgb(new.ink) - _hex_rgb(region.ink)).max() < 25  # the ink colour is kept
    assert abs(new.angle - region.angle) < 2.0
    assert abs(new.height - region.height) < 0.25 * region.height  # same size of letters


@pytest.mark.ocr
def test_erase_text_leaves_plain_sign_and_touches_nothing_outside() -> None:
    rgb = _sign_photo(8.0)
    regions = find_text(rgb)
    out = erase_text(rgb, regions)
    assert find_text(out) == []
    changed = np.any(out != rgb, axis=2)
    x, y, w, h = regions[0].box
    pad = int(0.2 * regions[0].height) + 4
    inside = np.zeros(changed.shape, bool)
    inside[y - pad : y + h + pad, x - pad : x + w + pad] = True
    assert changed.any() and not (changed & ~inside).any()
    # The erased box is the sign's cream colour, not a smear of red.
    box = out[y + h // 3 : y + 2 * h // 3, x + w // 4 : x + 3 * w // 4].reshape(-1, 3).astype(float)
    assert np.abs(np.median(box, axis=0) - (250, 240, 210)).max() < 15


@pytest.mark.ocr
def test_replace_text_in_japanese_with_colour_override() -> None:
    rgb = _sign_photo(8.0, "Fresh Coffee", bold=False)
    region = find_text(rgb)[0]
    assert region.text == "Fresh Coffee"
    out = replace_text(rgb, region, "営業中", color="#1d4ed8")
    after = find_text(out)
    assert [r.text for r in after] == ["営業中"]
    assert np.abs(_hex_rgb(after[0].ink) - (0x1D, 0x4E, 0xD8)).max() < 30


@pytest.mark.ocr
def test_long_text_is_shrunk_to_stay_on_the_sign() -> None:
    rgb = _sign_photo(0.0, "OPEN")
    region = find_text(rgb)[0]
    out = replace_text(rgb, region, "ABIERTO TODOS LOS DIAS")
    after = find_text(out)
    assert " ".join(r.text for r in after).replace(" ", "") == "ABIERTOTODOSLOSDIAS"
    x, _, w, _ = after[0].box
    assert SIGN_AT[0] + 4 <= x and x + w <= SIGN_AT[0] + 300 - 4  # inside the sign's frame


@pytest.mark.ocr
def test_bold_is_detected_from_the_old_strokes() -> None:
    for bold in (True, False):
        rgb = _sign_photo(0.0, "SALE", bold=bold)
        region = find_text(rgb)[0]
        measured = measure(rgb, region.quad, region.text)
        size = (measured.bottom - measured.top) / 0.714  # Noto Sans cap height
        assert (measured.stroke / size > pt.BOLD_STROKE_EM) is bold


@pytest.mark.ocr
def test_white_caption_on_a_busy_photo() -> None:
    """White letters across the astronaut's orange suit, a white strap and the black helmet: the ink is
    the letters' white (not the strap's), the size comes from the letters, nothing is left behind."""
    img = Image.fromarray(skimage.data.astronaut())
    font = ImageFont.truetype(vendored_font_paths()[1], 44)
    ImageDraw.Draw(img).text((256, 460), "FIRST FLIGHT", font=font, fill=(255, 255, 255), anchor="mm")
    rgb = np.asarray(img, dtype=np.uint8).copy()
    region = find_text(rgb)[0]
    assert region.text.replace(" ", "") == "FIRSTFLIGHT"
    assert region.ink == "#ffffff"
    assert find_text(erase_text(rgb, [region])) == []
    out = replace_text(rgb, region, "PRIMER VUELO")
    after = find_text(out)
    assert [r.text.replace(" ", "") for r in after] == ["PRIMERVUELO"]
    assert np.abs(_hex_rgb(after[0].ink) - 255).max() < 20
    assert np.array_equal(out[:400], rgb[:400])  # the caption sits below y = 420


@pytest.mark.ocr
def test_only_the_matched_line_changes() -> None:
    img = Image.new("RGB", (480, 240), (30, 40, 70))
    draw = ImageDraw.Draw(img)
    regular_path, bold_path = vendored_font_paths()
    bold, regular = ImageFont.truetype(bold_path, 48), ImageFont.truetype(regular_path, 28)
    draw.text((240, 80), "SUMMER SALE", font=bold, fill=(250, 200, 60), anchor="mm")
    draw.text((240, 170), "Everything must go", font=regular, fill=(240, 240, 240), anchor="mm")
    rgb = np.asarray(img, dtype=np.uint8).copy()
    regions = find_text(rgb)
    assert [r.text for r in regions] == ["SUMMER SALE", "Everything must go"]
    title = match_region(regions, "the title")
    assert title == [regions[0]]
    out = replace_text(rgb, title[0], "REBAJAS DE VERANO")
    assert [r.text for r in find_text(out)] == ["REBAJAS DE VERANO", "Everything must go"]
    assert np.array_equal(out[130:], rgb[130:])  # the second line's pixels are untouched


def _region(text: str, height: float, y: float) -> TextRegion:
    quad = ((10.0, y), (200.0, y), (200.0, y + height), (10.0, y + height))
    return TextRegion(text, 0.99, quad, (10, int(y), 190, int(height)), 0.0, height, "#000000", "#ffffff")


def test_match_region_by_role_and_by_old_text() -> None:
    regions = [_region("GRAND OPENING", 60, 10), _region("Fresh coffee daily", 30, 90), _region("Open 7-22", 20, 140)]
    assert match_region(regions, None) == regions
    assert match_region(regions, "text") == regions
    assert match_region(regions, "the sign") == regions
    assert match_region(regions, "the title") == [regions[0]]
    assert match_region(regions, "subtitle") == [regions[1]]
    assert match_region(regions, '"fresh cofee daily"') == [regions[1]]  # a typo still matches
    assert match_region(regions, "coffee") == [regions[1]]
    assert match_region(regions, "Grand Opening") == [regions[0]]
    assert match_region(regions, "pizza") == []
    assert match_region([], "title") == []
