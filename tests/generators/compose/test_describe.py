"""The TEXT modality's paragraph: document kinds, shapes, tints, texts, finishes and corrections."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openbanana.generators.compose import ComposeGenerator, describe_plan
from openbanana.generators.compose.describe import color_name, counted, shape_counts
from openbanana.generators.compose.plan import Background, Box, Shape, TextElement

from . import defects as D


def bars(n: int) -> tuple[Shape, ...]:
    axis = Shape("axis", "line", Box(0.1, 0.9, 0.8, 0.0), stroke="#333333", stroke_width=0.004)
    return (axis, *(Shape(f"bar{i}", "rect", Box(0.15 + i * 0.2, 0.4, 0.12, 0.5), fill="#1e88e5") for i in range(n)))


def wedges(n: int, inner: float = 0.0) -> tuple[Shape, ...]:
    step = 360 / n
    return tuple(
        Shape(
            f"slice-{i}",
            "wedge",
            Box(0.25, 0.25, 0.5, 0.5),
            fill="#fb8c00",
            start=i * step,
            end=(i + 1) * step,
            inner=inner,
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("kind", "shapes", "texts", "expected"),
    [
        ("chart", bars(4), (), "Here is a bar chart with 4 bars (1024×1024 pixels)"),
        ("chart", wedges(5), (), "a pie chart with 5 slices"),
        ("chart", wedges(3, inner=0.5), (), "a donut chart with 3 slices"),
        ("chart", (Shape("series0", "polyline", Box(0, 0, 1, 1), points=((0.1, 0.5),) * 6),), (), "a line chart"),
        (
            "diagram",
            (Shape("arrow0", "arrow", Box(0.2, 0.5, 0.2, 0.0)), Shape("arrow1", "arrow", Box(0.5, 0.5, 0.2, 0.0))),
            tuple(D.text(f"label{i}", f"Part {i}", Box(0.1 * i, 0.1, 0.1, 0.05), role="label") for i in range(3)),
            "a diagram with 3 labelled parts joined by 2 arrows",
        ),
        (
            "storyboard",
            tuple(Shape(f"panel{i}", "rect", Box(0.05 + 0.3 * i, 0.1, 0.28, 0.8)) for i in range(3)),
            (),
            "a storyboard of 3 panels",
        ),
        ("ui", (Shape("button0", "rect", Box(0.1, 0.8, 0.8, 0.08)),), (), "a user-interface mock-up with a button"),
        (
            "infographic",
            tuple(Shape(f"card{i}", "rect", Box(0.1, 0.2 * i, 0.8, 0.15)) for i in range(4)),
            (),
            "an infographic with 4 cards",
        ),
        ("logo", (), (), "Here is a logo"),
        ("product", (), (), "Here is a product shot"),
        ("social", (), (), "Here is a social media post"),
        ("banner", (), (), "Here is a banner"),
    ],
)
def test_document_kinds_and_their_shapes(
    kind: str, shapes: tuple[Shape, ...], texts: tuple[TextElement, ...], expected: str
) -> None:
    text = describe_plan(D.plan(texts, shapes=shapes, kind=kind))
    assert expected in text, text
    assert "on a soft colour gradient background" in text


def test_tints_texts_finishes_and_corrections() -> None:
    plan = D.plan(
        (
            D.text("text0", "Road Trip", Box(0.1, 0.05, 0.8, 0.15), role="title"),
            D.text("text1", "Summer 2025", Box(0.1, 0.8, 0.8, 0.1)),
        ),
        (
            D.art("asset0", "automobile", Box(0.1, 0.3, 0.3, 0.3), tint="#e53935"),
            D.art("asset1", "deciduous-tree", Box(0.5, 0.3, 0.2, 0.2)),
            D.art("asset2", "deciduous-tree", Box(0.7, 0.3, 0.2, 0.2)),
        ),
        styles=("retro",),
        filters=("grain", "vignette"),
    )
    text = describe_plan(plan)
    assert "a red automobile illustration" in text and "2 deciduous tree illustrations" in text
    assert 'The text reads the title "Road Trip" and the subtitle "Summer 2025".' in text
    assert "Style: retro, finished with film grain and a vignette." in text
    assert "corrected" not in text
    revised = plan.with_texts(plan.texts, "moved text1 clear of text0")
    assert describe_plan(revised).endswith("After checking the render, the layout was corrected once.")


def test_layout_names_tell_panels_and_screens() -> None:
    frames = tuple(Shape(f"rect{i}", "rect", Box(0.1 * i, 0.1, 0.1, 0.1)) for i in range(9))
    storyboard = D.plan(shapes=frames, kind="storyboard", layout="storyboard-2x2")
    assert "a storyboard of 4 panels" in describe_plan(storyboard)
    for layout, phrase in [("ui-login-phone", "a phone app screen"), ("ui-dashboard-sidebar", "a dashboard mock-up")]:
        assert f"Here is {phrase}" in describe_plan(D.plan(kind="ui", layout=layout))


def test_scenes_and_long_label_lists() -> None:
    city = D.plan(background=Background("city", ("#0b1d3a", "#1d3b6a"), time="night"), kind="scene")
    assert describe_plan(city).startswith("Here is a 1024×1024 image of a city street in front of a skyline at night.")
    labels = tuple(D.text(f"l{i}", f"Item {i}", Box(0.05, 0.07 * i, 0.3, 0.05), role="label") for i in range(12))
    text = describe_plan(D.plan(labels, kind="infographic"))
    assert '"Item 7"' in text and '"Item 8"' not in text and "and 4 more labels." in text
    icons = ("dog", "cat", "rabbit", "fox", "bear", "cow", "pig", "pig")
    zoo = D.plan(assets=tuple(D.art(f"a{i}", icon, Box(0.1 * i, 0.5, 0.1, 0.1)) for i, icon in enumerate(icons)))
    assert "a cow illustration and 2 more illustrations." in describe_plan(zoo)
    assert "in an illustration layout" in describe_plan(replace(zoo, kind="scene", layout="illustration"))


def test_the_generator_answers_with_the_paragraph() -> None:
    plan = replace(D.plan(shapes=bars(3), kind="chart"), prompt="a bar chart")
    assert ComposeGenerator().describe(plan, D.request()) == describe_plan(plan)


def test_helpers() -> None:
    assert counted(1, "arrow") == "an arrow" and counted(3, "body") == "3 bodies" and counted(2, "bus") == "2 buses"
    assert [color_name(c) for c in ("#1e88e5", "#e53935", "#43a047")] == ["blue", "red", "green"]
    assert shape_counts(bars(2))["bar"] == 2 and shape_counts(wedges(2))["slice"] == 2
