"""Emoji inside quoted text are drawn as inline Fluent icons, not as missing glyphs."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from openbanana.generators.compose import ComposeGenerator
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.checks import element_region, items_in_region, reading_order_text, text_found
from openbanana.generators.compose.emoji import segment
from openbanana.generators.compose.render_text import place_text
from openbanana.generators.compose.text import fit_text, ocr_parts

from .helpers import make_request


@pytest.fixture(scope="module")
def generator() -> ComposeGenerator:
    return ComposeGenerator()


def _no_font(_ch: str) -> bool:
    return False


def _all_fonts(_ch: str) -> bool:
    return True


@pytest.mark.parametrize(
    ("text", "icons"),
    [
        ("🚀", ["rocket"]),
        ("🔥", ["fire"]),
        ("😀", ["grinning-face"]),
        ("🍎", ["red-apple"]),
        ("❤️", ["red-heart"]),  # VS16 asks for emoji presentation
        ("⭐", ["star"]),  # emoji by default although in the BMP
        ("👍🏽", ["thumbs-up"]),  # skin tones fall back to the default icon
        ("#️⃣", ["keycap-hashtag"]),
        ("7⃣", ["keycap-7"]),
        ("🏳️\u200d🌈", ["rainbow-flag"]),  # ZWJ sequence with its own icon
        ("👨\u200d👩\u200d👧", ["man", "woman", "girl"]),  # ZWJ sequence without one: its parts
    ],
)
def test_emoji_sequences_map_to_icons(text: str, icons: list[str]) -> None:
    library = load_library()
    pieces = segment(text, _all_fonts)
    assert [p for p, _i in pieces] == [text]
    assert list(pieces[0][1]) == icons
    assert all(name in library for name in icons)


def test_text_presentation_stays_text() -> None:
    # Text-default characters stay letters while a font draws them, become icons with VS16 or when no
    # font does, and VS15 always keeps them as text.
    assert segment("© 2025 ™ ↔", _all_fonts) == [("© 2025 ™ ↔", ())]
    assert segment("❤", _all_fonts) == [("❤", ())]
    assert segment("❤", _no_font) == [("❤", ("red-heart",))]
    assert segment("❤\ufe0e", _no_font) == [("❤\ufe0e", ())]
    assert segment("Sale 🔥 50%", _all_fonts) == [("Sale ", ()), ("🔥", ("fire",)), (" 50%", ())]
    assert segment("plain ascii", _no_font) == [("plain ascii", ())]


def test_fitted_units_carry_icons_and_advance_like_glyphs() -> None:
    with_emoji = fit_text("Launch Day 🚀", True, 2000.0, 300.0, 100.0)
    without = fit_text("Launch Day", True, 2000.0, 300.0, 100.0)
    assert not with_emoji.missing
    units = with_emoji.lines[0].units
    assert [u.text for u in units] == ["Launch", "Day", "🚀"]
    assert [i.name for i in units[-1].icons] == ["rocket"] and not units[-1].glyphs
    assert units[-1].width == pytest.approx(1.1)
    assert with_emoji.block_width > without.block_width
    # Emoji glued to a word stay in the same unit and keep their place in it.
    glued = fit_text("Hot🔥Deal", False, 2000.0, 300.0, 100.0).lines[0].units[0]
    assert [i.name for i in glued.icons] == ["fire"]
    assert 0 < glued.icons[0].x < glued.width - 1.0


def test_rtl_runs_place_icons_in_visual_order() -> None:
    fitted = fit_text("שלום 🚀 עולם", False, 2000.0, 300.0, 100.0)
    assert not fitted.missing
    assert [u.text for u in fitted.lines[0].units] == ["עולם", "🚀", "שלום"]
    glued = fit_text("שלום🚀", False, 2000.0, 300.0, 100.0).lines[0].units[0]
    # In a right-to-left word an emoji typed after the word sits on its left.
    assert glued.icons[0].x < 0.2 and glued.glyphs and min(g.x for g in glued.glyphs) > 1.0


@pytest.mark.parametrize(("ratio", "size"), [("8:1", "1K"), ("8:1", "512"), ("1:1", "1K"), ("9:16", "512")])
def test_title_with_rocket_draws_the_icon_and_fits(generator: ComposeGenerator, ratio: str, size: str) -> None:
    request = make_request('A picture titled "Launch Day 🚀"', ratio, size)
    plan = generator.plan(request, 1, 0)
    image = generator.render(plan, request)
    assert image.svg is not None
    assert re.search(r'<g id="emoji\d+-rocket" transform=', image.svg)
    # The icon's own artwork is inlined (its first path's data), not just a reference.
    rocket = load_library().icon("rocket")
    first_path = re.search(r'd="([^"]{20,})"', rocket.template)
    assert first_path is not None and first_path.group(1) in image.svg
    report = generator.check(plan, image, request, thorough=False)
    assert report.passed, report.summary()
    w, h = request.output.width, request.output.height
    (el,) = plan.texts
    placed = place_text(el, w, h)
    assert not placed.fitted.missing and not placed.fitted.overflow
    bx, by, bw, bh = el.box.px(w, h)
    x, y, pw, ph = placed.block
    assert bx - 0.5 <= x and x + pw <= bx + bw + 0.5 and by - 0.5 <= y and y + ph <= by + bh + 0.5


def test_emoji_without_an_icon_is_still_reported(generator: ComposeGenerator) -> None:
    # The icon set has no country flags: a flag stays a missing glyph and the guard check says so.
    request = make_request('A sign "Hello 🇺🇸"')
    plan = generator.plan(request, 1, 0)
    image = generator.render(plan, request)
    report = generator.check(plan, image, request, thorough=False)
    assert any(i.check == "glyphs" and "🇺" in i.message for i in report.issues)
    fine = make_request('A sign "Hello 🎉"')
    plan = generator.plan(fine, 1, 0)
    assert generator.check(plan, generator.render(plan, fine), fine, thorough=False).passed


def test_ocr_expectation_skips_icons() -> None:
    assert ocr_parts("Sale 🔥 50%") == ["Sale", "50%"]
    assert ocr_parts("🎉🎉") == []
    assert text_found(["Sale", "50%"], ["xx Sale 8 50% yy"]) == (True, 1.0)
    assert not text_found(["Sale", "50%"], ["50% Sale"])[0]
    assert text_found("Sale", ["Sa1e"])[1] < 1.0


@pytest.mark.ocr
@pytest.mark.parametrize(("ratio", "seed"), [("16:9", 1), ("1:1", 2), ("4:1", 3)])
def test_mixed_line_keeps_latin_ocr_exact(generator: ComposeGenerator, ratio: str, seed: int) -> None:
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(f"rapidocr is not installed ({exc})")
    import numpy as np
    from PIL import Image

    rapid: Any = RapidOCR()
    request = make_request('A poster "Sale 🔥 50%" with shopping bags', ratio, "1K")
    plan = generator.plan(request, seed, 0)
    image = generator.render(plan, request)
    result = rapid(np.asarray(Image.open(io.BytesIO(image.png)).convert("RGB")))
    txts = list(result.txts or ())
    boxes = [] if result.boxes is None else [b.tolist() for b in result.boxes]
    items = list(zip(txts, [1.0] * len(txts), boxes, strict=True))
    region = element_region(plan, plan.texts[0].id)
    readings = reading_order_text(items_in_region(items, region)) + reading_order_text(items)
    found, _accuracy = text_found(["Sale", "50%"], readings)
    assert found, readings
    report = generator.check(plan, image, request, thorough=True)
    assert report.passed, report.summary()
    assert report.metrics["ocr_exact"] == 1.0
