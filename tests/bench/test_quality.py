"""Tests of the quality suite: colour, visibility, count and OCR measures (each passes on a right image
and fails on a wrong one), the prompt set, and a small end-to-end run.

Synthetic outputs are painted from the real icons (rendered alone and composited, in plan order) or
drawn with Pillow, so the checkers are tested independently of the compose generator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bench.quality import geometry, ocrtext, prompts, report, run
from bench.quality.colors import WORD_CATEGORY, dominant_is
from bench.quality.judge import STYLE_NAMES, judge
from bench.quality.objects import find, matches, subject_icons
from PIL import Image, ImageDraw, ImageFont

from openbanana.catalog.models import NANO_BANANA_2
from tests.bench.quality_helpers import asset, paint, plan_of, png

FONT = Path(__file__).resolve().parents[2] / "src/openbanana/assets/fonts/NotoSans-Bold.ttf"


# -- colours ---------------------------------------------------------------------------------------


def test_dominant_colour_right_and_wrong() -> None:
    red_car = np.array([[229, 57, 53]] * 70 + [[20, 20, 20]] * 30)
    assert dominant_is(red_car, "red")[0]
    assert not dominant_is(red_car, "blue")[0]
    assert not dominant_is(red_car, "black")[0]
    assert dominant_is(np.array([[250, 250, 250]] * 90 + [[30, 30, 30]] * 10), "white")[0]
    assert not dominant_is(np.array([[250, 250, 250]] * 90), "grey")[0]
    assert dominant_is(np.array([[109, 76, 65]] * 10), "brown")[0]
    assert not dominant_is(np.array([[251, 140, 0]] * 10), "brown")[0]
    assert not dominant_is(np.zeros((0, 3)), "red")[0]


# -- objects: visibility, counts, colour of the object's pixels ---------------------------------------


def test_visible_instance_and_hidden_instance() -> None:
    apple = asset("red-apple", "apple", 0.3, 0.3, 0.4, 0.4)
    image = paint([apple])
    assert [i.visible for i in find(image, plan_of([apple]), "apple")] == [True]
    covered = image.copy()
    covered[60:260, 60:260] = 255  # a plate over the apple
    assert [i.visible for i in find(covered, plan_of([apple]), "apple")] == [False]
    # The plan puts it somewhere the pixels do not show it.
    moved = asset("red-apple", "apple", 0.0, 0.0, 0.25, 0.25)
    assert [i.visible for i in find(image, plan_of([moved]), "apple")] == [False]
    # Mostly off the canvas.
    off = asset("red-apple", "apple", 0.85, 0.85, 0.4, 0.4)
    assert [i.visible for i in find(paint([off]), plan_of([off]), "apple")] == [False]


def test_count_and_synonyms() -> None:
    apples = [asset("red-apple", "apples", 0.05 + 0.3 * k, 0.35, 0.25, 0.25) for k in range(3)]
    case = prompts.case("t", "counts", "three apples", count=[("apple", 3)])
    ok = judge(case, png(paint(apples)), plan_of(apples), 320, 320)
    assert [c.passed for c in ok if c.name == "count"] == [True]
    drew_two = judge(case, png(paint(apples[:2])), plan_of(apples), 320, 320)
    assert [c.passed for c in drew_two if c.name == "count"] == [False]
    # Two apples stacked in one place look like one apple.
    stacked = [apples[0], {**apples[0], "id": "again"}]
    assert sum(i.visible for i in find(paint(stacked), plan_of(stacked), "apple")) == 1
    dog = asset("dog", "puppy", 0.3, 0.3, 0.4, 0.4)
    assert subject_icons("puppies")[0] == "dog"
    assert len(find(paint([dog]), plan_of([dog]), "dog")) == 1
    assert find(paint([dog]), plan_of([dog]), "cat") == []


def test_object_colour_is_measured_on_pixels() -> None:
    car = asset("automobile", "car", 0.2, 0.2, 0.6, 0.6)
    case = prompts.case("t", "colours", "a blue car", colors=[("car", "blue")])
    plain = judge(case, png(paint([car])), plan_of([car]), 320, 320)  # the icon's own red
    assert [c.passed for c in plain if c.name == "color"] == [False]
    blue = asset("automobile", "car", 0.2, 0.2, 0.6, 0.6, tint="#1e88e5")
    tinted = judge(case, png(paint([blue])), plan_of([blue]), 320, 320)
    assert [c.passed for c in tinted if c.name == "color"] == [True]
    # A plan that claims the tint over pixels that do not show it fails.
    lying = judge(case, png(paint([car])), plan_of([blue]), 320, 320)
    assert [c.passed for c in lying if c.name == "color"] == [False]


# -- OCR ------------------------------------------------------------------------------------------


def _text_image(lines: list[tuple[str, int, int, int, str]], size: tuple[int, int] = (640, 480)) -> Any:
    image = Image.new("RGB", size, "#f5f5f5")
    draw = ImageDraw.Draw(image)
    for text, x, y, px, colour in lines:
        draw.text((x, y), text, fill=colour, font=ImageFont.truetype(str(FONT), px))
    return np.asarray(image)


@pytest.mark.ocr
def test_ocr_exact_colour_place_and_size() -> None:
    image = _text_image([("Grand Opening", 40, 30, 64, "#e53935"), ("Friday 8 PM", 60, 380, 32, "#1e88e5")])
    reading = ocrtext.Reading(png(image), image)
    plan = plan_of([], (640, 480))
    assert ocrtext.read_exact(reading, plan, "Grand Opening")[0]
    assert not ocrtext.read_exact(reading, plan, "Grand Openimg")[0]
    assert not ocrtext.read_exact(reading, plan, "grand opening")[0]  # quoted text is case-sensitive
    assert ocrtext.read_exact(reading, plan, "grand opening", ignore_case=True)[0]
    assert ocrtext.ink_color(reading, plan, "Grand Opening", "red")[0]
    assert not ocrtext.ink_color(reading, plan, "Grand Opening", "blue")[0]
    assert ocrtext.ink_color(reading, plan, "Friday 8 PM", "blue")[0]
    assert ocrtext.placed(reading, plan, "Grand Opening", "top")[0]
    assert not ocrtext.placed(reading, plan, "Grand Opening", "bottom")[0]
    assert ocrtext.placed(reading, plan, "Friday 8 PM", "bottom")[0]
    assert ocrtext.largest(reading, plan, "Grand Opening")[0]
    assert not ocrtext.largest(reading, plan, "Friday 8 PM")[0]


@pytest.mark.ocr
def test_ocr_reads_hebrew_with_tesseract() -> None:
    from openbanana.generators.compose import checks

    fonts = sorted(Path("/usr/share/fonts").rglob("NotoSansHebrew-Regular.ttf"))
    if not fonts or not checks.tesseract_available("heb"):
        pytest.skip("tesseract's Hebrew pack or a Hebrew font is not installed")
    image = Image.new("RGB", (640, 240), "#ffffff")
    ImageDraw.Draw(image).text((60, 80), "שלום עולם", fill="#111111", font=ImageFont.truetype(str(fonts[0]), 56))
    arr = np.asarray(image)
    reading = ocrtext.Reading(png(arr), arr)
    assert ocrtext.read_exact(reading, plan_of([], (640, 240)), "שלום עולם")[0]
    assert not ocrtext.read_exact(reading, plan_of([], (640, 240)), "שלום עולמי")[0]


@pytest.mark.ocr
def test_ocr_reads_cards_as_blocks_and_units_compatibly() -> None:
    # Two cards side by side, each a figure over its unit: line-by-line reading interleaves them.
    image = _text_image([("8", 110, 80, 64, "#111111"), ("hours", 80, 170, 32, "#111111"),
                         ("42%", 380, 80, 64, "#111111"), ("Revenue", 370, 170, 32, "#111111")])  # fmt: skip
    reading = ocrtext.Reading(png(image), image)
    plan = plan_of([], (640, 480))
    assert ocrtext.read_exact(reading, plan, "8 hours")[0]
    assert ocrtext.read_exact(reading, plan, "42% Revenue")[0]
    assert not ocrtext.read_exact(reading, plan, "8 Revenue")[0]
    assert not ocrtext.read_exact(reading, plan, "hours 42%")[0]
    assert ocrtext.compatible("21℃") == ocrtext.compatible("21°C")


@pytest.mark.ocr
def test_ocr_of_an_elements_region_still_needs_the_exact_text() -> None:
    image = _text_image([("Grand Openimg", 40, 30, 64, "#111111")])
    element = {"id": "t0", "text": "Grand Opening", "role": "title", "bold": True,
               "box": {"x": 0.05, "y": 0.05, "w": 0.9, "h": 0.25}}  # fmt: skip
    plan = plan_of([], (640, 480), texts=[element])
    reading = ocrtext.Reading(png(image), image)
    assert not ocrtext.read_exact(reading, plan, "Grand Opening")[0]
    assert ocrtext.read_exact(reading, plan, "Grand Openimg")[0]
    assert "Openimg" in "".join(t for t, _s, _b in reading.region_items((0, 0, 640, 160)))
    assert reading.region_items((630, 470, 5, 5)) == []  # too small to read


def test_script_groups() -> None:
    assert ocrtext.script_group("Café Crème €3.50") == "latin"
    assert ocrtext.script_group("Zażółć gęślą jaźń") == "latin"
    assert ocrtext.script_group("東京 Summer 2025") == "cjk"
    assert ocrtext.script_group("ラーメン 800円") == "cjk"
    for text in ("שלום", "مرحبا", "नमस्ते", "สวัสดี", "안녕", "Привет"):
        assert ocrtext.script_group(text) == "other"


# -- the prompt set -------------------------------------------------------------------------------


def test_prompt_set_covers_every_category_with_valid_checks() -> None:
    cases = prompts.load()
    assert len(cases) >= 150
    assert len({c.id for c in cases}) == len(cases)
    assert {c.category for c in cases} == set(prompts.CATEGORIES)
    for cat in prompts.CATEGORIES:
        assert sum(c.category == cat for c in cases) >= 4, cat
    for c in cases:
        assert c.ratio in NANO_BANANA_2.ratios and c.size in NANO_BANANA_2.sizes, c.id
        assert c.category == "unknown" or prompts.check_names(c), f"{c.id} declares no check"
        words = [
            *c.present,
            *(w for w, _ in c.count),
            *(w for w, _ in c.colors),
            *(w for w, _ in c.positions),
            *(w for w, _ in c.row),
            *(w for w, _ in c.scales),
            *(x for a, _, b in c.relations for x in (a, b)),
            *(x for a, b, _ in c.bigger for x in (a, b)),
        ]
        for word in words:
            assert subject_icons(word)[0] is not None, f"{c.id}: no icon for {word!r}"
        for _w, colour in (*c.colors, *c.text_colors):
            assert colour in WORD_CATEGORY, c.id
        for _a, rel, _b in c.relations:
            assert rel in geometry.RELATIONS or rel in geometry.NEEDS_IMAGE, c.id
        for _w, where in (*c.positions, *c.text_at):
            assert where in geometry.POSITIONS, c.id
        for _w, scale in c.scales:
            assert scale in geometry.SCALES, c.id
        assert not c.style or c.style in STYLE_NAMES, c.id
        quoted = [*c.texts, *(t for t, _ in c.text_colors), *(t for t, _ in c.text_at), *(t for t, _ in c.fonts)]
        for text in quoted + ([c.largest] if c.largest else []):
            assert f'"{text}"' in c.prompt, f"{c.id}: {text!r} is not quoted in the prompt"


def test_a_case_fails_when_the_image_is_wrong() -> None:
    case = prompts.case("t", "counts", "three apples", count=[("apple", 3)])
    blank = np.full((320, 320, 3), 255, dtype=np.uint8)
    checks = judge(case, png(blank), plan_of([]), 320, 320)
    assert [(c.name, c.passed) for c in checks] == [("size", True), ("count", False)]
    assert [c.passed for c in judge(case, png(blank), plan_of([]), 512, 512) if c.name == "size"] == [False]


# -- end to end -----------------------------------------------------------------------------------


@pytest.mark.ocr
def test_end_to_end_small_run(tmp_path: Path) -> None:
    by_id = {c.id: c for c in prompts.load()}
    cases = [by_id[i] for i in ("count-apples", "txt-grand-opening", "sp-left", "unk-glorp")]
    outcomes = run.run_all(cases, ["minimal"], jobs=1)
    assert [o.case.id for o in outcomes] == [c.id for c in cases]
    assert all(not o.error for o in outcomes)
    assert all(next(c for c in o.checks if c.name == "size").passed for o in outcomes)
    path = report.write(outcomes, tmp_path, wall=1.0, partial=True)
    text = path.read_text()
    assert "| counts |" in text and "MINIMAL" in text and "partial run" in text
    sheet = Image.open(tmp_path / report.SHEET_NAME)
    assert sheet.width > 0 and (tmp_path / report.SHEET_NAME).stat().st_size < 1_500_000


def test_which_icons_stand_for_a_word() -> None:
    def stands(icon: str, noun: str, word: str) -> bool:
        return matches(asset(icon, noun, 0, 0, 0.1, 0.1), word)

    assert stands("dog", "dog", "dog") and stands("dog-face", "hound", "dog") and stands("guide-dog", "x", "dog")
    assert stands("green-apple", "apple", "apples") and stands("cloud-with-rain", "x", "cloud")
    assert not stands("hot-dog", "hot dog", "dog") and not stands("computer-mouse", "mouse", "mouse")
    assert not stands("teddy-bear", "x", "bear") and stands("teddy-bear", "x", "teddy")
    assert not stands("cat", "cat", "dog") and not stands("mouse-trap", "x", "mouse")


def test_text_the_ocr_cannot_spell_is_not_measured() -> None:
    if not ocrtext.rapid_alphabet():
        pytest.skip("rapidocr's recogniser is not installed")
    image = _text_image([("Pho bo tai", 40, 30, 48, "#111111")])
    reading = ocrtext.Reading(png(image), image)
    verdict = ocrtext.read_exact(reading, plan_of([], (640, 480)), "Phở bò tái")
    assert verdict[0] is None and "ở" in verdict[1]
    assert "é" in ocrtext.rapid_alphabet() and "东" in ocrtext.rapid_alphabet()
