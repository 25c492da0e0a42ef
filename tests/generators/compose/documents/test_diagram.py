"""Diagrams on the real pipeline: cycles, flowcharts and labelled objects; labels read back by OCR,
arrows never cross a label, nothing overlaps at any ratio, contrast, determinism."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.documents import detect_kind
from openbanana.generators.compose.documents.base import DocumentContext
from openbanana.generators.compose.documents.chart_kit import R
from openbanana.generators.compose.documents.diagram_data import read_spec
from openbanana.generators.compose.intent import merge_turns
from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.theme import build_theme

from .chart_helpers import (
    assert_labels_read_back,
    crosses,
    inside_canvas,
    overlapping_texts,
    pixels,
    png_size,
    render,
    segments,
    shape_rect,
    shapes,
    text_contrast,
    text_rects,
)

WATER = "water cycle with labels for evaporation, condensation and precipitation"
BUTTERFLY = "life cycle of a butterfly"
FLOW = 'flowchart: "Start" → "Enter email" → "Verify" → "Done"'
TEA = "process of making tea: boil water, add tea, steep, pour"
DECIDE = 'flowchart: "Start" → "Enter email" → "Valid?" → "Send code" → "Done"'
BIKE = "a labelled diagram of a bicycle with labels for wheel, saddle and handlebar"
ARROWS = ("arrow", "path", "leader")


def _spec(prompt: str):  # type: ignore[no-untyped-def]
    intent = merge_turns([prompt], load_library())
    theme = build_theme((), (), random.Random(1))
    return read_spec(DocumentContext(intent, 1024, 1024, random.Random(1), theme))


@pytest.mark.parametrize(
    ("prompt", "mode", "steps", "title"),
    [
        (WATER, "cycle", ["Evaporation", "Condensation", "Precipitation"], "The water cycle"),
        (BUTTERFLY, "cycle", ["Egg", "Caterpillar", "Chrysalis", "Butterfly"], "Life cycle of a butterfly"),
        (FLOW, "flow", ["Start", "Enter email", "Verify", "Done"], None),
        (TEA, "flow", ["Boil water", "Add tea", "Steep", "Pour"], "Making tea"),
        (BIKE, "object", ["Wheel", "Saddle", "Handlebar"], "Parts of a bicycle"),
        ("a diagram of a plant labelled leaves, stem and pot", "object", ["Leaves", "Stem", "Pot"], "Parts of a plant"),
        ('diagram titled "Onboarding" with steps "Sign up", "Verify", "Explore"', "flow",
         ["Sign up", "Verify", "Explore"], "Onboarding"),
        ("the life cycle of a frog with stages: egg, tadpole, froglet and adult frog", "cycle",
         ["Egg", "Tadpole", "Froglet", "Adult frog"], "Life cycle of a frog"),
    ],
)  # fmt: skip
def test_read_spec(prompt: str, mode: str, steps: list[str], title: str | None) -> None:
    spec = _spec(prompt)
    assert (spec.mode, [s.text for s in spec.steps], spec.title) == (mode, steps, title)


@pytest.mark.parametrize("prompt", [WATER, BUTTERFLY, FLOW, TEA, BIKE, "a flow chart of signup", "a workflow"])
def test_kind_detected(prompt: str) -> None:
    assert detect_kind(prompt.lower()) == "diagram"


def _labels(plan: ComposePlan) -> dict[str, R]:
    return {k: v for k, v in text_rects(plan).items() if k.startswith(("label", "step"))}


def test_water_cycle_stages_icons_and_arrows() -> None:
    plan, _png = render(WATER)
    assert plan.layout == "cycle-ring"
    assert [a.icon for a in plan.assets if a.id.startswith("icon")] == ["sun", "cloud", "cloud-with-rain"]
    stages = [shape_rect(plan, s) for s in shapes(plan, "stage")]
    assert len(stages) == 3 and len(shapes(plan, "arrow")) == 3  # a loop: one arrowhead per stage
    labels = _labels(plan)
    for i, (ident, r) in enumerate(sorted(labels.items())):
        # Each label is next to its own stage: nearer to it than to any other.
        dists = [math.dist((r.cx, r.cy), (s.cx, s.cy)) for s in stages]
        assert dists.index(min(dists)) == i, ident
        assert not any(r.overlaps(s, 0) for s in stages)
    assert not any(crosses(r, segments(plan, ARROWS), 1.0) for r in text_rects(plan).values())


@pytest.mark.parametrize(("ratio", "layout"), [("16:9", "flow-row"), ("9:16", "flow-column"), ("1:8", "flow-column")])
def test_flow_direction_follows_the_ratio(ratio: str, layout: str) -> None:
    plan, _png = render(FLOW, ratio)
    assert plan.layout == layout
    nodes = [shape_rect(plan, s) for s in shapes(plan, "node")]
    arrows = shapes(plan, "arrow")
    assert len(nodes) == 4 and len(arrows) == 3
    for k, a in enumerate(arrows):  # each arrow runs from one step to the next
        (x0, y0), (x1, y1) = segments(plan, (a.id,))[0]
        start = min(range(4), key=lambda i: math.dist((x0, y0), (nodes[i].cx, nodes[i].cy)))
        end = min(range(4), key=lambda i: math.dist((x1, y1), (nodes[i].cx, nodes[i].cy)))
        assert (start, end) == (k, k + 1)


def test_decision_is_a_diamond_with_a_no_path() -> None:
    plan, _png = render(DECIDE, "16:9")
    diamond = next(s for s in shapes(plan, "node") if s.kind == "polygon")
    assert len(diamond.points) == 4
    texts = {t.text for t in plan.texts}
    assert {"Valid?", "Yes", "No"} <= texts
    assert any(s.dashed for s in plan.shapes if s.id.startswith(("path", "arrow")))


def test_labelled_object_has_leaders_into_the_picture() -> None:
    plan, _png = render(BIKE)
    obj = next(a for a in plan.assets if a.id == "object")
    assert obj.icon == "bicycle"
    pic = R(obj.box.x * plan.width, obj.box.y * plan.height, obj.box.w * plan.width, obj.box.h * plan.height)
    assert pic.w * pic.h >= 0.12 * plan.width * plan.height
    labels = _labels(plan)
    leaders = shapes(plan, "leader")
    assert len(leaders) == len(labels) == 3
    for (_x0, _y0), (x1, y1) in segments(plan, ("leader",)):
        assert pic.contains(R(x1, y1, 0, 0))  # ends on the picture
    for r in labels.values():
        assert not r.overlaps(pic, 0)
    assert not any(crosses(r, segments(plan, ARROWS), 0.5) for r in text_rects(plan).values())


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("prompt", "ratio", "expected"),
    [
        (WATER, "1:1", ["The water cycle", "Evaporation", "Condensation", "Precipitation"]),
        (FLOW, "16:9", ["Start", "Enter email", "Verify", "Done"]),
        (TEA, "9:16", ["Making tea", "Boil water", "Add tea", "Steep", "Pour"]),
        (BIKE, "1:1", ["Parts of a bicycle", "Wheel", "Saddle", "Handlebar"]),
        (BUTTERFLY, "4:3", ["Life cycle of a butterfly", "Egg", "Caterpillar", "Chrysalis", "Butterfly"]),
        (DECIDE, "8:1", ["Start", "Enter email", "Valid?", "Send code", "Done"]),
    ],
)
def test_every_label_reads_back(prompt: str, ratio: str, expected: list[str]) -> None:
    assert_labels_read_back(prompt, ratio, expected)


@pytest.mark.parametrize("ratio", ["1:8", "8:1", "9:16", "16:9", "1:1"])
@pytest.mark.parametrize("size", ["512", "1K"])
@pytest.mark.parametrize("prompt", [WATER, DECIDE, BIKE])
def test_layout_is_clean_at_every_ratio(prompt: str, ratio: str, size: str) -> None:
    plan, png = render(prompt, ratio, size)
    assert png_size(png) == (plan.width, plan.height)
    assert not overlapping_texts(plan)
    for ident, r in text_rects(plan).items():
        assert inside_canvas(plan, r), ident
        # A label's own leader starts at the edge of its chip; every other line keeps clear of it.
        others = [s.id for s in plan.shapes if s.id.startswith(ARROWS) and s.id != f"leader{ident[5:]}"]
        assert not crosses(r, segments(plan, tuple(others)), 0.5), (ident, plan.layout)
    # Every stage, label and label chip was placed.
    assert len(_labels(plan)) + sum(1 for t in plan.texts if t.id.startswith("label")) >= 3


@pytest.mark.parametrize(("prompt", "ratio"), [(WATER, "1:1"), (DECIDE, "16:9"), (BIKE, "9:16"), (TEA, "8:1")])
def test_text_contrasts_with_what_is_behind_it(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    for el in plan.texts:
        assert text_contrast(plan, png, el.id) >= 4.5, (el.id, el.text)


def test_deterministic_and_seeds_differ() -> None:
    a = render(WATER, "1:1", "512", 4)
    b = render.__wrapped__(WATER, "1:1", "512", 4)
    assert a[1] == b[1]
    plans = [render(WATER, "1:1", "512", seed)[0] for seed in range(1, 7)]
    looks = {(p.background.colors, next(s.fill for s in p.shapes if s.id.startswith("stage"))) for p in plans}
    assert len(looks) >= 3
    diff = np.abs(pixels(render(WATER, "1:1", "512", 1)[1]) - pixels(render(WATER, "1:1", "512", 2)[1])).mean()
    assert diff > 5


def test_a_follow_up_turn_keeps_the_stages() -> None:
    from ..helpers import make_request
    from .chart_helpers import GENERATOR

    request = make_request("make it dark and bigger", history=(("user", WATER), ("model", "ok")))
    plan = GENERATOR.plan(request, 1, 0)
    assert plan.kind == "diagram" and plan.layout.startswith("cycle")
    assert {"Evaporation", "Condensation", "Precipitation"} <= {t.text for t in plan.texts}
