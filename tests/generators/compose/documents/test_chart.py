"""Charts on the real pipeline: parsing, exact proportions measured on pixels, OCR of every label,
no overlaps at any ratio, contrast, determinism."""

from __future__ import annotations

import math

import numpy as np
import pytest

from openbanana.generators.compose.documents import detect_kind
from openbanana.generators.compose.documents.chart_bars import nice_axis
from openbanana.generators.compose.documents.chart_data import pairs

from .chart_helpers import (
    assert_labels_read_back,
    color_distance,
    inside_canvas,
    overlapping_texts,
    pixels,
    png_size,
    render,
    shape_rect,
    shapes,
    text_contrast,
    text_rects,
)

BAR = "a bar chart of sales: Q1 120, Q2 150, Q3 90, Q4 200"
PIE = "pie chart of traffic: 45% mobile, 30% desktop, 25% tablet"
LINE = "line chart of temperature Mon 12, Tue 15, Wed 11, Thu 18"
QUOTED = '"Revenue 2025" bar chart with "North" 40, "South" 25, "East" 55'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sales: Q1 120, Q2 150", [("Q1", 120.0), ("Q2", 150.0)]),
        ("traffic: 45% mobile, 30% desktop", [("Mobile", 45.0), ("Desktop", 30.0)]),
        ("mobile 45%, desktop 30%", [("Mobile", 45.0), ("Desktop", 30.0)]),
        ("temperature Mon 12, Tue 15.5", [("Mon", 12.0), ("Tue", 15.5)]),
        ("Jan 10 Feb 14 Mar 9", [("Jan", 10.0), ("Feb", 14.0), ("Mar", 9.0)]),
        ('"North" 40, "South" 25', [("North", 40.0), ("South", 25.0)]),
        ("users: web 1,200, app 2.5k, tv $1.2M", [("Web", 1200.0), ("App", 2500.0), ("Tv", 1_200_000.0)]),
        ("sales 2019: 120, 2020: 150", [("2019", 120.0), ("2020", 150.0)]),
        ("revenue: $1.2M in 2019, $1.5M in 2020", [("2019", 1_200_000.0), ("2020", 1_500_000.0)]),
        ("a 16:9 bar chart of fruit: apples 10, pears 20 in 4K", [("Apples", 10.0), ("Pears", 20.0)]),
    ],
)
def test_pairs_in_both_orders_and_notations(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(label, num.value) for label, _q, num in pairs(text)] == expected


def test_value_display_keeps_the_prompt_notation() -> None:
    found = pairs("costs: rent $1,200, food 450€, fuel 12.5%")
    assert [num.display for _l, _q, num in found] == ["$1,200", "450€", "12.5%"]


def test_nice_axis() -> None:
    axis = nice_axis(0, 200, 5)
    assert (axis.start, axis.stop, axis.step) == (0, 200, 50)
    axis = nice_axis(-20, 80, 6)
    assert axis.start <= -20 and axis.stop >= 80 and axis.step in (20, 25)


@pytest.mark.parametrize("prompt", [BAR, PIE, LINE, QUOTED, "donut chart of budget: rent 50, food 30", "a graph of x"])
def test_kind_detected(prompt: str) -> None:
    assert detect_kind(prompt.lower()) == "chart"
    plan, _png = render(prompt)
    assert plan.kind == "chart"


def _bar_extent(arr: np.ndarray, x: int, color: str, axis: int) -> int:
    """Pixels of ``color`` along one column (axis 0) or row (axis 1) of the image."""
    line = arr[:, x] if axis == 0 else arr[x, :]
    return int((color_distance(line, color) < 40).sum())


def test_vertical_bar_heights_are_proportional_on_pixels() -> None:
    plan, png = render(BAR)
    assert plan.layout == "bar-chart-vertical"
    arr = pixels(png)
    bars = shapes(plan, "bar")
    assert len(bars) == 4
    heights = []
    for bar in bars:
        r = shape_rect(plan, bar)
        heights.append(_bar_extent(arr, round(r.cx), bar.fill or "", 0))
    for h, v in zip(heights, [120, 150, 90, 200], strict=True):
        assert h / heights[3] == pytest.approx(v / 200, rel=0.02)


def test_horizontal_bar_lengths_are_proportional_on_pixels() -> None:
    plan, png = render(
        "horizontal bar chart of population: United States 331, Indonesia 273, Brazil 213, Nigeria 206", "4:3"
    )
    assert plan.layout == "bar-chart-horizontal"
    arr = pixels(png)
    lengths = [_bar_extent(arr, round(shape_rect(plan, b).cy), b.fill or "", 1) for b in shapes(plan, "bar")]
    for length, v in zip(lengths, [331, 273, 213, 206], strict=True):
        assert length / lengths[0] == pytest.approx(v / 331, rel=0.02)


def test_pie_wedges_are_proportional_on_pixels() -> None:
    plan, png = render(PIE)
    arr = pixels(png)
    wedges = shapes(plan, "wedge")
    assert [round(w.end - w.start, 1) for w in wedges] == [162.0, 108.0, 90.0]
    box = shape_rect(plan, wedges[0])
    cx, cy, radius = box.cx, box.cy, box.w / 2 * 0.93
    counts = dict.fromkeys(range(3), 0)
    samples = 720
    for k in range(samples):
        a = math.radians(k * 360 / samples)
        px = arr[round(cy - radius * math.cos(a)), round(cx + radius * math.sin(a))]
        dists = [int(color_distance(px, w.fill or "")) for w in wedges]
        if min(dists) < 40:
            counts[dists.index(min(dists))] += 1
    total = sum(counts.values())
    for i, share in enumerate((0.45, 0.30, 0.25)):
        assert counts[i] / total == pytest.approx(share, abs=0.02)


def test_line_points_follow_the_values() -> None:
    plan, png = render(LINE, "16:9")
    points = shapes(plan, "point")
    ys = [shape_rect(plan, p).cy for p in points]
    base = next(s for s in plan.shapes if s.id == "baseline")
    y0 = shape_rect(plan, base).y
    values = [12, 15, 11, 18]
    for y, v in zip(ys, values, strict=True):
        assert (y0 - y) / (y0 - ys[3]) == pytest.approx(v / 18, rel=0.01)
    arr = pixels(png)
    color = next(s for s in plan.shapes if s.id == "line").stroke or ""
    x, y = round(shape_rect(plan, points[1]).cx), round(ys[1])
    assert color_distance(arr[y - 8 : y + 9, x - 8 : x + 9], color).min() < 40  # the line passes the point


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("prompt", "ratio", "expected"),
    [
        (BAR, "1:1", ["Sales", "Q1", "Q2", "Q3", "Q4", "120", "150", "90", "200", "50", "100"]),
        (PIE, "16:9", ["Traffic", "Mobile", "Desktop", "Tablet", "45%", "30%", "25%"]),
        (LINE, "4:3", ["Temperature", "Mon", "Tue", "Wed", "Thu", "12", "15", "11", "18"]),
        (QUOTED, "9:16", ["Revenue 2025", "North", "South", "East", "40", "25", "55"]),
        (BAR, "8:1", ["Sales", "Q1", "Q4", "200"]),
    ],
)
def test_every_label_reads_back(prompt: str, ratio: str, expected: list[str]) -> None:
    assert_labels_read_back(prompt, ratio, expected)


@pytest.mark.parametrize("ratio", ["1:8", "8:1", "9:16", "16:9", "1:1"])
@pytest.mark.parametrize("size", ["512", "1K"])
@pytest.mark.parametrize("prompt", [BAR, PIE, LINE])
def test_layout_is_clean_at_every_ratio(prompt: str, ratio: str, size: str) -> None:
    plan, png = render(prompt, ratio, size)
    assert png_size(png) == (plan.width, plan.height)
    assert not overlapping_texts(plan), plan.layout
    rects = text_rects(plan)
    for ident, r in rects.items():
        assert inside_canvas(plan, r), ident
    marks = [shape_rect(plan, s) for s in plan.shapes if s.id.startswith(("bar", "swatch", "point"))]
    for ident, r in rects.items():
        if ident.startswith("share"):
            continue  # shares sit inside their wedge by design
        assert not any(r.overlaps(m, -0.5) for m in marks), (ident, plan.layout)
    # Every quoted/label text is drawn at a legible size relative to the canvas.
    assert all(r.h >= 4 for r in rects.values())


@pytest.mark.parametrize(("prompt", "ratio"), [(BAR, "1:1"), (PIE, "16:9"), (LINE, "9:16"), (BAR, "8:1")])
def test_text_contrasts_with_what_is_behind_it(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    for el in plan.texts:
        if el.id.startswith("share"):
            continue  # on its wedge: checked against the wedge colour below
        assert text_contrast(plan, png, el.id) >= 4.5, el.id
    from openbanana.generators.compose import colors as C

    wedges = shapes(plan, "wedge")
    for el in plan.texts:
        if el.id.startswith("share"):
            idx = int(el.id[5:])
            assert C.contrast(el.color, wedges[idx].fill or "") >= 4.5


def test_deterministic_and_seeds_differ() -> None:
    a = render(BAR, "1:1", "512", 3)
    b = render.__wrapped__(BAR, "1:1", "512", 3)
    assert a[1] == b[1]
    plans = [render(BAR, "1:1", "512", seed)[0] for seed in range(1, 6)]
    looks = {(p.background.colors, next(s.fill for s in p.shapes if s.id.startswith("bar"))) for p in plans}
    assert len(looks) >= 3
    diff = np.abs(pixels(render(BAR, "1:1", "512", 1)[1]) - pixels(render(BAR, "1:1", "512", 2)[1])).mean()
    assert diff > 5


def test_no_numbers_gives_a_seeded_sample_and_says_so() -> None:
    plan, _png = render("a line chart of monthly visitors")
    assert plan.kind == "chart" and plan.layout.startswith("line-chart")
    assert any("sample" in n for n in plan.notes)
    assert [t.text for t in plan.texts if t.id.startswith("cat")] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    assert next(t.text for t in plan.texts if t.id == "title") == "Monthly visitors"


def test_4k_render_has_the_exact_size() -> None:
    plan, png = render(PIE, "16:9", "4K")
    assert png_size(png) == (plan.width, plan.height) == (4096, 2304)


def test_a_follow_up_turn_changes_the_type_and_keeps_the_data() -> None:
    from ..helpers import make_request
    from .chart_helpers import GENERATOR

    request = make_request("now make it a pie chart", history=(("user", PIE.replace("pie", "bar")), ("model", "ok")))
    plan = GENERATOR.plan(request, 1, 0)
    assert plan.kind == "chart" and plan.layout.startswith("pie-chart")
    assert [t.text for t in plan.texts if t.id.startswith("legend")] == ["Mobile", "Desktop", "Tablet"]
