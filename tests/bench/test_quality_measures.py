"""Tests of the quality suite's geometry, chart and look measures: each passes on a right image and
fails on a wrong one (synthetic images painted from the real icons or drawn with Pillow)."""

from __future__ import annotations

from typing import Any

import numpy as np
from bench.quality import charts, geometry, look
from bench.quality.objects import find
from PIL import Image, ImageDraw

from tests.bench.quality_helpers import asset, paint, plan_of

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
