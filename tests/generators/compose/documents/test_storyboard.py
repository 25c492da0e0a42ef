"""Storyboards and comic strips on the real pipeline: the panel count and grid measured on the pixels,
per-panel subjects, speech bubbles around what is said, captions, OCR of every quoted string, strips at
extreme ratios, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from openbanana.generators.compose.documents import detect_kind
from openbanana.generators.compose.documents.storyboard import choose_grid

from .layout_helpers import (
    MANY,
    all_quotes_drawn,
    blocks,
    inside,
    overlapping,
    panels,
    pixel_issues,
    pixels,
    png_size,
    render,
    unread,
)

COMIC = (
    'a 4-panel comic strip: panel 1: a cat sleeps on the sofa, panel 2: a dog barks saying "Wake up!", '
    "panel 3: the cat jumps in the kitchen, panel 4: both eat pizza in the park"
)
FRAMES = (
    'storyboard with 6 frames of a rocket launch, captions "Countdown", "Ignition", "Liftoff", "Orbit", "Moon", "Home"'
)
TITLED = 'a comic strip titled "Monday" where a cat says "Coffee first"'


def _centre_in(box: tuple[float, float, float, float], r: tuple[float, float, float, float]) -> bool:
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return r[0] <= cx <= r[0] + r[2] and r[1] <= cy <= r[1] + r[3]


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [
        ("a 4-panel comic strip about a cat", "storyboard"),
        ("storyboard with 6 frames", "storyboard"),
        ("three panels showing a sunrise", "storyboard"),
        ("a comic-style poster of a hero", "poster"),
        ("solar panels on a roof", None),
    ],
)
def test_kind_detection(prompt: str, kind: str | None) -> None:
    assert detect_kind(prompt) == kind


@pytest.mark.parametrize(
    ("prompt", "ratio", "count", "grid"),
    [
        (COMIC, "1:1", 4, (2, 2)),
        (FRAMES, "16:9", 6, (2, 3)),
        ("a comic strip of a penguin at the beach", "1:8", 4, (4, 1)),
        ("three panels comic of a penguin at the beach", "8:1", 3, (1, 3)),
    ],
)
def test_panel_count_measured_on_pixels(prompt: str, ratio: str, count: int, grid: tuple[int, int]) -> None:
    plan, png = render(prompt, ratio)
    assert plan.kind == "storyboard" and plan.layout.endswith(f"{grid[0]}x{grid[1]}")
    found = panels(png)
    assert len(found) == count, found
    rows = {round(r[1] / 10) for r in found}
    cols = {round(r[0] / 10) for r in found}
    assert (len(rows), len(cols)) == grid
    # Panels are separated by gutters of page colour: no two found regions touch.
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            assert (
                a[0] + a[2] <= b[0] + 1 or b[0] + b[2] <= a[0] + 1 or a[1] + a[3] <= b[1] + 1 or b[1] + b[3] <= a[1] + 1
            )


def test_each_panel_shows_its_own_clause() -> None:
    plan, png = render(COMIC, "1:1")
    found = panels(png)
    icons_in = [
        {a.icon for a in plan.assets if a.layer == 0 and _centre_in(a.box.px(plan.width, plan.height), r)}
        for r in found
    ]
    assert "cat" in icons_in[0] and "dog" not in icons_in[0]
    assert "dog" in icons_in[1] and "cat" not in icons_in[1]
    assert "pizza" in icons_in[3] and "cat" in icons_in[3] and "dog" in icons_in[3]  # "both eat pizza"
    # Each panel has its own setting: the living room and the park do not share a sky colour.
    px = pixels(png)
    top_left = px[int(found[0][1] + found[0][3] * 0.2), int(found[0][0] + found[0][2] * 0.5)]
    park = px[int(found[3][1] + found[3][3] * 0.1), int(found[3][0] + found[3][2] * 0.5)]
    assert int(np.abs(top_left.astype(int) - park.astype(int)).sum()) > 60


def test_speech_bubble_holds_what_is_said() -> None:
    plan, _png = render(COMIC, "1:1")
    said = next(t for t in plan.texts if t.text == "Wake up!")
    block = blocks(plan)[said.id]
    bubbles = [s for s in plan.shapes if s.kind == "ellipse" and s.layer == 1 and s.fill == "#ffffff"]
    assert any(inside(block, s.box.px(plan.width, plan.height)) for s in bubbles)
    tails = [s for s in plan.shapes if s.kind == "polygon" and s.layer == 1 and len(s.points) == 3]
    assert tails, "a bubble has a tail"


@pytest.mark.ocr
@pytest.mark.parametrize(("prompt", "ratio"), [(COMIC, "1:1"), (FRAMES, "16:9"), (TITLED, "1:4")])
def test_every_quote_reads_back(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    assert png_size(png) == (plan.width, plan.height)
    assert unread(prompt, png) == []
    assert overlapping(plan) == []
    assert pixel_issues(plan, png, frozenset({"contrast", "text-overlap", "bounds", "clip"})) == []


def test_captions_sit_under_their_panels() -> None:
    plan, png = render(FRAMES, "16:9")
    found = panels(png)
    by_text = {t.text: blocks(plan)[t.id] for t in plan.texts}
    for word, panel in zip(("Countdown", "Ignition", "Liftoff", "Orbit", "Moon", "Home"), found, strict=True):
        x, y, w, _h = by_text[word]
        assert y >= panel[1] + panel[3] - 1
        assert panel[0] <= x + w / 2 <= panel[0] + panel[2]


@pytest.mark.parametrize(("ratio", "size"), [("1:8", "512"), ("8:1", "2K"), ("21:9", "1K"), ("4:5", "4K")])
def test_any_ratio_and_size(ratio: str, size: str) -> None:
    plan, png = render("a 4-panel comic about a fox and a rabbit in the forest", ratio, size)
    assert png_size(png) == (plan.width, plan.height)
    assert len(panels(png)) == 4
    assert overlapping(plan) == []


def test_grid_follows_the_canvas() -> None:
    area = (0.0, 0.0, 1000.0, 1000.0)
    assert choose_grid(4, area, 10, 0.0) == (2, 2)
    assert choose_grid(4, (0.0, 0.0, 8000.0, 1000.0), 10, 0.0) == (1, 4)
    assert choose_grid(4, (0.0, 0.0, 1000.0, 8000.0), 10, 0.0) == (4, 1)
    assert choose_grid(6, (0.0, 0.0, 1600.0, 900.0), 10, 0.2) == (2, 3)


def test_deterministic_and_seeded() -> None:
    prompt = "a 4-panel comic strip about a robot"
    plan_a, png_a = render(prompt, "1:1", "512", 5)
    plan_b, png_b = render(prompt, "1:1", "512", 5)
    assert png_a == png_b and plan_a == plan_b
    others = [render(prompt, "1:1", "512", seed)[1] for seed in (6, 7)]
    diffs = [float(np.abs(pixels(png_a).astype(int) - pixels(o).astype(int)).mean()) for o in others]
    assert min(diffs) > 8.0


@pytest.mark.parametrize("ratio", ["1:1", "8:1"])
def test_more_captions_than_panels_all_drawn(ratio: str) -> None:
    assert all_quotes_drawn(f"a 3-panel comic with captions {MANY}", ratio) == []
