"""Rendering: exact sizes for every ratio, strip layouts, text fitting, guard checks, corrections."""

from __future__ import annotations

import threading

import pytest

from openbanana.catalog.sizes import ALL_RATIOS
from openbanana.generators.base import CheckIssue, CheckReport, RenderedImage
from openbanana.generators.compose import ComposeGenerator
from openbanana.generators.compose.render_text import place_text
from openbanana.generators.compose.text import fit_text
from openbanana.imaging.png import png_dimensions

from .helpers import make_request

PROMPT = 'A picture "Grand Opening Celebration" with subtitle "Saturday 10am" and three puppies'


@pytest.fixture(scope="module")
def generator() -> ComposeGenerator:
    return ComposeGenerator()


@pytest.mark.parametrize("size", ["512", "1K"])
@pytest.mark.parametrize("ratio", ALL_RATIOS)
def test_exact_output_size_every_ratio(generator: ComposeGenerator, ratio: str, size: str) -> None:
    request = make_request(PROMPT, ratio, size)
    plan = generator.plan(request, 11, 0)
    image = generator.render(plan, request)
    want = (request.output.width, request.output.height)
    assert png_dimensions(image.png) == want == (image.width, image.height)
    assert image.svg is not None and image.svg.startswith("<svg")
    report = generator.check(plan, image, request, thorough=False)
    assert report.passed, report.summary()


@pytest.mark.slow
@pytest.mark.parametrize("ratio", ["1:1", "8:1", "1:8"])
def test_exact_output_size_4k(generator: ComposeGenerator, ratio: str) -> None:
    request = make_request(PROMPT, ratio, "4K")
    plan = generator.plan(request, 2, 0)
    image = generator.render(plan, request)
    assert png_dimensions(image.png) == (request.output.width, request.output.height)
    assert generator.check(plan, image, request, thorough=False).passed


@pytest.mark.parametrize("ratio", ["8:1", "4:1", "1:4", "1:8"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_strips_lay_elements_along_the_long_axis(generator: ComposeGenerator, ratio: str, seed: int) -> None:
    request = make_request(PROMPT, ratio, "1K")
    plan = generator.plan(request, seed, 0)
    assert plan.layout.startswith("strip")
    horizontal = request.output.width > request.output.height
    text_centres = [(t.box.x + t.box.w / 2) if horizontal else (t.box.y + t.box.h / 2) for t in plan.texts]
    asset_centres = [(a.box.x + a.box.w / 2) if horizontal else (a.box.y + a.box.h / 2) for a in plan.assets]
    spread = max(text_centres + asset_centres) - min(text_centres + asset_centres)
    assert spread > 0.3  # elements are spread along the long axis, not piled in the middle
    for a in plan.assets:  # illustrations keep their shape: square in pixels
        w_px, h_px = a.box.w * request.output.width, a.box.h * request.output.height
        assert abs(w_px - h_px) <= 2


@pytest.mark.parametrize(
    ("ratio", "size"), [("1:8", "512"), ("8:1", "512"), ("1:4", "512"), ("1:1", "512"), ("1:8", "1K")]
)
def test_text_fits_inside_box_and_canvas_even_when_tiny(generator: ComposeGenerator, ratio: str, size: str) -> None:
    request = make_request('"Supercalifragilistic Expialidocious Festival of Lights" with a dog', ratio, size)
    plan = generator.plan(request, 4, 0)
    w, h = request.output.width, request.output.height
    for el in plan.texts:
        placed = place_text(el, w, h)
        bx, by, bw, bh = el.box.px(w, h)
        x, y, pw, ph = placed.block
        assert not placed.fitted.overflow
        assert bx - 0.5 <= x and x + pw <= bx + bw + 0.5 and by - 0.5 <= y and y + ph <= by + bh + 0.5
        assert x >= 0 and x + pw <= w and y >= 0 and y + ph <= h


def test_fit_text_wraps_and_shrinks() -> None:
    wide = fit_text("Hello wonderful world", True, 1000.0, 200.0, 500.0)
    narrow = fit_text("Hello wonderful world", True, 200.0, 600.0, 500.0)
    assert len(wide.lines) == 1 and len(narrow.lines) >= 2
    assert narrow.block_width <= 200.0 + 0.5 and narrow.block_height <= 600.0 + 0.5
    cjk = fit_text("東京へようこそ日本の旅", False, 120.0, 400.0, 200.0)
    assert len(cjk.lines) >= 2 and not cjk.overflow  # CJK breaks between characters
    assert fit_text("AV", False, 500.0, 500.0, 100.0).size == pytest.approx(100.0)


def test_shaping_rtl_and_missing_glyphs() -> None:
    hebrew = fit_text("שלום עולם", False, 1000.0, 200.0, 100.0)
    assert not hebrew.missing
    # Visual order: the first logical word ("שלום") ends up on the right.
    units = hebrew.lines[0].units
    assert [u.text for u in units] == ["עולם", "שלום"]
    arabic = fit_text("مرحبا", False, 1000.0, 200.0, 100.0)
    assert not arabic.missing and len(arabic.lines[0].units[0].glyphs) >= 4
    tofu = fit_text("A\U0010fffdB", False, 1000.0, 200.0, 100.0)
    assert tofu.missing == ("\U0010fffd",)


def test_guard_check_reports_tofu_and_size(generator: ComposeGenerator) -> None:
    request = make_request('A sign "Hi \U0010fffd there"')
    plan = generator.plan(request, 1, 0)
    image = generator.render(plan, request)
    report = generator.check(plan, image, request, thorough=False)
    assert any(i.check == "glyphs" for i in report.issues)
    other = make_request('A sign "Hi"', "16:9")
    report = generator.check(plan, image, other, thorough=False)
    assert any(i.check == "size" for i in report.issues)
    broken = RenderedImage(b"nope", request.output.width, request.output.height)
    report = generator.check(plan, broken, request, thorough=False)
    assert any(i.check == "size" and "not a PNG" in i.message for i in report.issues)


def test_correct_adds_plate_and_shrinks(generator: ComposeGenerator) -> None:
    request = make_request('A sign "Hello"')
    plan = generator.plan(request, 1, 0)
    el = plan.texts[0]
    report = CheckReport((CheckIssue("ocr", "unreadable", 0.7, el.id), CheckIssue("overflow", "too big", 0.8, el.id)))
    fixed = generator.correct(plan, report, request)
    assert fixed is not None and fixed.revision == 1
    new = fixed.texts[0]
    assert new.bold and new.plate_opacity > 0.9 and new.scale < el.scale
    assert generator.correct(plan, CheckReport(), request) is None
    generator.render(fixed, request)


def test_thread_safety(generator: ComposeGenerator) -> None:
    prompts = ['"Uno" with a cat', '"東京" at night', '"שלום" with a dog', '"Ñandú" and three birds']
    errors: list[BaseException] = []
    results: dict[int, bytes] = {}

    def work(i: int) -> None:
        try:
            request = make_request(prompts[i % 4], ["1:1", "16:9", "1:4", "8:1"][i % 4], "512")
            plan = generator.plan(request, i, 0)
            results[i] = generator.render(plan, request).png
        except BaseException as exc:  # pragma: no cover - only on failure
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 8
