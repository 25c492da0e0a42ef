"""Tests of the quality suite's measures: each must pass on a right image and fail on a wrong one.

Synthetic outputs are painted here from the real icons (rendered alone and composited, in plan order)
or drawn with Pillow, so the checkers are tested independently of the compose generator.
"""

from __future__ import annotations

import io
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bench.quality import charts, geometry, look, ocrtext, prompts, report, run
from bench.quality.colors import WORD_CATEGORY, dominant_is
from bench.quality.judge import STYLE_NAMES, judge
from bench.quality.objects import find, matches, render_alone, subject_icons
from PIL import Image, ImageDraw, ImageFont

from openbanana.catalog.models import NANO_BANANA_2
from openbanana.generators.compose.plan import AssetPlacement, Box

FONT = Path(__file__).resolve().parents[2] / "src/openbanana/assets/fonts/NotoSans-Bold.ttf"


def asset(icon: str, noun: str, x: float, y: float, w: float, h: float, **kw: Any) -> dict[str, Any]:
    return asdict(AssetPlacement(f"{icon}-{x}-{y}", icon, noun, Box(x, y, w, h), **kw))


def paint(assets: list[dict[str, Any]], size: tuple[int, int] = (320, 320), bg: str = "#ffffff") -> Any:
    """The assets composited over a flat background in plan order (what the renderer does)."""
    width, height = size
    out = np.zeros((height, width, 3), dtype=np.float64)
    out[:] = [int(bg[i : i + 2], 16) for i in (1, 3, 5)]
    for a in assets:
        x0, y0, rgb, alpha = render_alone(a, width, height)
        fh, fw = alpha.shape
        sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(width, x0 + fw), min(height, y0 + fh)
        al = alpha[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0, None] / 255.0
        src = rgb[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0]
        out[sy0:sy1, sx0:sx1] = out[sy0:sy1, sx0:sx1] * (1 - al) + src * al
    return out.round().astype(np.uint8)


def plan_of(assets: list[dict[str, Any]], size: tuple[int, int] = (320, 320), **extra: Any) -> dict[str, Any]:
    return {"width": size[0], "height": size[1], "assets": assets, "texts": [], "shapes": [], **extra}


def png(image: Any) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "PNG")
    return buf.getvalue()


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


# -- geometry -------------------------------------------------------------------------------------


def _pair(a: dict[str, Any], b: dict[str, Any], word_a: str, word_b: str) -> tuple[Any, Any, Any]:
    image = paint([b, a])
    plan = plan_of([b, a])
    return (
        image,
        [i for i in find(image, plan, word_a) if i.visible],
        [i for i in find(image, plan, word_b) if i.visible],
    )


def test_left_right_above_below() -> None:
    cat = asset("cat", "cat", 0.05, 0.35, 0.3, 0.3)
    dog = asset("dog", "dog", 0.6, 0.35, 0.3, 0.3)
    _img, c, d = _pair(cat, dog, "cat", "dog")
    assert geometry.left_of(c, d)[0] and not geometry.left_of(d, c)[0]
    assert geometry.RELATIONS["right_of"](d, c)[0]
    assert not geometry.above(c, d)[0] and not geometry.above(d, c)[0]  # level: neither is above
    bird = asset("bird", "bird", 0.35, 0.02, 0.3, 0.3)
    house = asset("house", "house", 0.3, 0.6, 0.4, 0.38)
    _img, b, h = _pair(bird, house, "bird", "house")
    assert geometry.above(b, h)[0] and not geometry.above(h, b)[0]
    assert geometry.RELATIONS["below"](h, b)[0]


def test_on_and_under() -> None:
    chair = asset("chair", "chair", 0.3, 0.5, 0.4, 0.45)
    resting = asset("cat", "cat", 0.35, 0.27, 0.3, 0.3)
    floating = asset("cat", "cat", 0.35, 0.0, 0.2, 0.2)
    beside = asset("cat", "cat", 0.0, 0.3, 0.3, 0.3)
    for cat, expected in ((resting, True), (floating, False), (beside, False)):
        _img, c, ch = _pair(cat, chair, "cat", "chair")
        assert geometry.on(c, ch)[0] is expected, geometry.on(c, ch)
    umbrella = asset("umbrella", "umbrella", 0.25, 0.05, 0.5, 0.45)
    dog = asset("dog", "dog", 0.3, 0.55, 0.4, 0.4)
    _img, d, u = _pair(dog, umbrella, "dog", "umbrella")
    assert geometry.under(d, u)[0] and not geometry.under(u, d)[0]


def test_in_front_and_behind_are_judged_on_occlusion() -> None:
    house = asset("house", "house", 0.1, 0.1, 0.6, 0.6)
    dog = asset("dog", "dog", 0.45, 0.45, 0.45, 0.45)
    front = paint([house, dog])  # the dog drawn last hides part of the house
    plan = plan_of([house, dog])
    d = [i for i in find(front, plan, "dog") if i.visible]
    h = [i for i in find(front, plan, "house") if i.visible]
    assert geometry.in_front_of(d, h, front)[0]
    assert not geometry.behind(d, h, front)[0]
    back = paint([dog, house])  # same plan, but the pixels show the house on top
    d = [i for i in find(back, plan, "dog") if i.visible]
    h = [i for i in find(back, plan, "house") if i.visible]
    assert not geometry.in_front_of(d, h, back)[0]


def test_inside_and_surrounded() -> None:
    nest = asset("empty-nest", "nest", 0.1, 0.1, 0.8, 0.8)
    egg = asset("egg", "egg", 0.4, 0.4, 0.2, 0.2)
    far_egg = asset("egg", "egg", 0.0, 0.0, 0.15, 0.15)
    _img, e, n = _pair(egg, nest, "egg", "nest")
    assert geometry.inside(e, n)[0]
    _img, e, n = _pair(far_egg, nest, "egg", "nest")
    assert not geometry.inside(e, n)[0]
    moon = asset("crescent-moon", "moon", 0.4, 0.4, 0.2, 0.2)
    ring = [
        asset("star", "star", 0.45 + 0.35 * np.cos(t) - 0.07, 0.45 + 0.35 * np.sin(t) - 0.07, 0.14, 0.14)
        for t in np.linspace(0, 2 * np.pi, 6, endpoint=False)
    ]
    clump = [asset("star", "star", 0.75, 0.1 + 0.2 * k, 0.14, 0.14) for k in range(4)]
    for stars, expected in ((ring, True), (clump, False)):
        image = paint([moon, *stars])
        plan = plan_of([moon, *stars])
        m = [i for i in find(image, plan, "moon") if i.visible]
        s = [i for i in find(image, plan, "star") if i.visible]
        assert geometry.surrounded_by(m, s)[0] is expected


def test_row_position_and_sizes() -> None:
    row = [asset("house", "house", 0.02 + 0.2 * k, 0.4, 0.18, 0.18) for k in range(5)]
    stack = [asset("house", "house", 0.4, 0.02 + 0.2 * k, 0.18, 0.18) for k in range(5)]
    for houses, expected in ((row, True), (stack, False)):
        image = paint(houses)
        assert geometry.row([i for i in find(image, plan_of(houses), "house") if i.visible], 5)[0] is expected
    image = paint(row)
    assert not geometry.row([i for i in find(image, plan_of(row), "house") if i.visible], 4)[0]
    sun = asset("sun", "sun", 0.75, 0.03, 0.22, 0.22)
    s = find(paint([sun]), plan_of([sun]), "sun")
    assert geometry.position(s, "top-right", 320, 320)[0]
    assert not geometry.position(s, "bottom-left", 320, 320)[0]
    assert not geometry.position(s, "centre", 320, 320)[0]
    elephant = asset("elephant", "elephant", 0.3, 0.2, 0.65, 0.65)
    mouse = asset("mouse", "mouse", 0.02, 0.7, 0.12, 0.12)
    image = paint([elephant, mouse])
    plan = plan_of([elephant, mouse])
    e, m = find(image, plan, "elephant"), find(image, plan, "mouse")
    assert geometry.bigger(e, m, 2.0)[0] and not geometry.bigger(m, e, 2.0)[0]
    assert geometry.scale(m, "tiny", 320, 320)[0] and not geometry.scale(e, "tiny", 320, 320)[0]
    assert geometry.scale(e, "huge", 320, 320)[0] and not geometry.scale(m, "huge", 320, 320)[0]


# -- charts ---------------------------------------------------------------------------------------


def _rect(x: float, y: float, w: float, h: float, fill: str, **kw: Any) -> dict[str, Any]:
    return {
        "kind": "rect",
        "box": {"x": x, "y": y, "w": w, "h": h},
        "fill": fill,
        "stroke": None,
        "opacity": 1.0,
        "stroke_width": 0.0,
        **kw,
    }


def _bar_chart(values: list[float], drawn: list[float], size: int = 400) -> tuple[Any, dict[str, Any]]:
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    shapes = []
    top = max(values)
    for k, (v, d) in enumerate(zip(values, drawn, strict=True)):
        x, w = 0.1 + 0.2 * k, 0.12
        h, hd = 0.7 * v / top, 0.7 * d / top
        shapes.append(_rect(x, 0.85 - h, w, h, "#1e88e5"))
        draw.rectangle([x * size, (0.85 - hd) * size, (x + w) * size - 1, 0.85 * size - 1], fill="#1e88e5")
        draw.text(((x + 0.02) * size, (0.85 - hd / 2) * size), f"{v:g}", fill="white")  # a label on the bar
    shapes.append(_rect(0.0, 0.0, 1.0, 1.0, "#ffffff"))  # a background card is not a bar
    return np.asarray(image), plan_of([], (size, size), shapes=shapes)


def test_bars_measured_on_pixels() -> None:
    values = [120.0, 150.0, 90.0, 200.0]
    image, plan = _bar_chart(values, values)
    assert charts.bars(image, plan, values)[0]
    assert not charts.bars(image, plan, [120, 150, 120, 200])[0]  # the prompt's numbers differ
    wrong, plan = _bar_chart(values, [120, 150, 110, 200])  # plan right, pixels wrong
    assert not charts.bars(wrong, plan, values)[0]
    assert not charts.bars(image, plan_of([], (400, 400)), values)[0]  # no bars at all


def _pie(values: list[float], drawn: list[float], size: int = 400) -> tuple[Any, dict[str, Any]]:
    colours = ["#e53935", "#1e88e5", "#43a047", "#fdd835", "#8e24aa"]
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    shapes, start, dstart = [], 0.0, 0.0
    box = {"x": 0.1, "y": 0.1, "w": 0.8, "h": 0.8}
    for k, (v, d) in enumerate(zip(values, drawn, strict=True)):
        end, dend = start + 360 * v / sum(values), dstart + 360 * d / sum(drawn)
        shapes.append({"kind": "wedge", "box": box, "fill": colours[k], "start": start, "end": end, "inner": 0.0})
        # PIL measures from 3 o'clock; plans from 12 o'clock, both clockwise.
        draw.pieslice(
            [0.1 * size, 0.1 * size, 0.9 * size, 0.9 * size],
            dstart - 90,
            dend - 90,
            fill=colours[k],
            outline="white",
            width=2,
        )
        start, dstart = end, dend
    return np.asarray(image), plan_of([], (size, size), shapes=shapes)


def test_pie_measured_on_pixels() -> None:
    values = [65.0, 19.0, 5.0, 3.0, 8.0]
    image, plan = _pie(values, values)
    assert charts.pie(image, plan, values)[0], charts.pie(image, plan, values)
    wrong, plan = _pie(values, [50, 34, 5, 3, 8])
    assert not charts.pie(wrong, plan, values)[0]
    assert not charts.pie(image, plan, [5, 3, 8])[0]


def test_line_measured_on_pixels() -> None:
    values = [12.0, 15.0, 14.0, 18.0, 21.0]

    def chart(drawn: list[float]) -> tuple[Any, dict[str, Any]]:
        size = 400
        pts = [(0.1 + 0.2 * k, 0.85 - 0.06 * (v - 10)) for k, v in enumerate(values)]
        dpts = [(0.1 + 0.2 * k, 0.85 - 0.06 * (v - 10)) for k, v in enumerate(drawn)]
        image = Image.new("RGB", (size, size), "white")
        ImageDraw.Draw(image).line([(x * size, y * size) for x, y in dpts], fill="#e53935", width=3)
        shape = {"kind": "polyline", "box": {"x": 0, "y": 0, "w": 1, "h": 1}, "points": pts, "stroke": "#e53935"}
        return np.asarray(image), plan_of([], (size, size), shapes=[shape])

    image, plan = chart(values)
    assert charts.line(image, plan, values)[0]
    wrong, plan = chart([12, 15, 17, 18, 21])
    assert not charts.line(wrong, plan, values)[0]
    inverted, plan = chart([21, 18, 14, 15, 12])
    assert not charts.line(inverted, plan, [21, 18, 14, 15, 12][::-1])[0]


def test_panels_counted_on_pixels() -> None:
    size = 400
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    shapes = []
    for k in range(4):
        x, y = 0.05 + 0.48 * (k % 2), 0.05 + 0.48 * (k // 2)
        shapes.append(_rect(x, y, 0.42, 0.42, "#fff3e0", stroke="#222222", stroke_width=0.01))
        draw.rectangle(
            [x * size, y * size, (x + 0.42) * size, (y + 0.42) * size], fill="#fff3e0", outline="#222222", width=4
        )
    arr = np.asarray(image).copy()
    plan = plan_of([], (size, size), shapes=shapes)
    assert charts.panels(arr, plan, 4)[0]
    assert not charts.panels(arr, plan, 3)[0]
    arr[int(0.53 * size) :, int(0.53 * size) :] = 255  # one panel missing on the pixels
    assert not charts.panels(arr, plan, 4)[0]
    # Panels without an outline, filled with a colour nobody can tell from the page, are not seen.
    faint = [_rect(s["box"]["x"], s["box"]["y"], 0.42, 0.42, "#fdfdfd") for s in shapes]
    assert not charts.panels(np.full((size, size, 3), 255, dtype=np.uint8), plan_of([], (size, size), shapes=faint), 4)[
        0
    ]


# -- looks ----------------------------------------------------------------------------------------


def test_looks() -> None:
    night = np.zeros((100, 100, 3), dtype=np.uint8) + np.array([15, 20, 50], dtype=np.uint8)
    day = np.zeros((100, 100, 3), dtype=np.uint8) + np.array([140, 200, 250], dtype=np.uint8)
    sunset = np.zeros((100, 100, 3), dtype=np.uint8) + np.array([250, 140, 60], dtype=np.uint8)
    pastel = np.zeros((100, 100, 3), dtype=np.uint8) + np.array([250, 215, 225], dtype=np.uint8)
    assert look.dark_sky(night)[0] and not look.dark_sky(day)[0]
    assert look.warm_sky(sunset)[0] and not look.warm_sky(day)[0]
    assert look.pastel(pastel)[0] and not look.pastel(night)[0] and not look.pastel(sunset)[0]
    assert look.dark(night)[0] and not look.dark(pastel)[0]
    neon = night.copy()
    neon[40:60, 10:90] = [255, 40, 200]
    assert look.neon(neon)[0] and not look.neon(night)[0]
    assert (
        look.minimal(pastel)[0]
        and not look.minimal((np.random.default_rng(1).random((100, 100, 3)) * 255).astype(np.uint8))[0]
    )
    plan = {"background": {"kind": "city", "time": "night", "decorations": [{"kind": "raindrop"}], "layers": []}}
    assert look.weather(plan, "rain")[0] and not look.weather(plan, "snow")[0]
    assert look.scene(plan, ("city",))[0] and not look.scene(plan, ("beach",))[0]
    assert look.time_of_day(night, plan, "night")[0] and not look.time_of_day(day, plan, "night")[0]


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
