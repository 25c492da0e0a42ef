"""Plan edits, judged on the rendered pixels: what was asked changes, everything else stays identical."""

from __future__ import annotations

import colorsys
from dataclasses import replace

import numpy as np
import pytest
from numpy.typing import NDArray

from openbanana.editing.instructions import parse_instruction
from openbanana.editing.ops import EditKind, EditOp
from openbanana.engine.request import ImageRequest
from openbanana.generators.compose import ComposeGenerator
from openbanana.generators.compose.checks import (
    element_region,
    items_in_region,
    ocr_rapid,
    reading_order_text,
    text_found,
)
from openbanana.generators.compose.checks_pixels import decode_rgb, dilate
from openbanana.generators.compose.plan import Box, ComposePlan
from openbanana.generators.compose.plan_edits import edit_context, edit_plan, missing_targets, unapplied

from .helpers import make_request

Pixels = NDArray[np.uint8]
GEN = ComposeGenerator(thorough_ocr=False)
SCENE = "a red car and a dog in a park"


def _render(plan: ComposePlan, request: ImageRequest) -> Pixels:
    return decode_rgb(GEN.render(plan, request).png)


def _edit(plan: ComposePlan, instruction: str, request: ImageRequest) -> ComposePlan:
    return edit_plan(plan, parse_instruction(instruction, edit_context(plan)), request, instruction)


def _box_mask(box: Box, shape: tuple[int, ...], pad: int = 6) -> NDArray[np.bool_]:
    h, w = shape[:2]
    mask = np.zeros((h, w), bool)
    x0, y0 = max(0, int(box.x * w) - pad), max(0, int(box.y * h) - pad)
    x1, y1 = min(w, int((box.x + box.w) * w) + pad + 1), min(h, int((box.y + box.h) * h) + pad + 1)
    mask[y0:y1, x0:x1] = True
    return mask


def _art_mask(plan: ComposePlan, request: ImageRequest, index: int) -> NDArray[np.bool_]:
    """Pixels of one illustration's artwork (no shadow): where drawing it changes the image."""
    lone = replace(plan, assets=(replace(plan.assets[index], shadow=False),), texts=(), shapes=())
    bare = replace(plan, assets=(), texts=(), shapes=())
    diff: NDArray[np.bool_] = (_render(lone, request) != _render(bare, request)).any(-1)
    return diff


@pytest.fixture(scope="module")
def scene() -> tuple[ComposePlan, ImageRequest, Pixels]:
    request = make_request(SCENE, "1:1", "512")
    plan = GEN.plan(request, 7, 0)
    assert [a.noun for a in plan.assets] == ["car", "dog"]
    return plan, request, _render(plan, request)


def test_recolour_changes_the_car_and_nothing_else(scene: tuple[ComposePlan, ImageRequest, Pixels]) -> None:
    plan, request, before = scene
    edited = _edit(plan, "make the car blue", request)
    assert edited.assets[0].tint == parse_instruction("make the car blue")[0].color
    assert edited.edits == ("make the car blue",)
    after = _render(edited, request)
    outside = ~_box_mask(plan.assets[0].box, before.shape)
    assert np.array_equal(before[outside], after[outside])
    art = _art_mask(plan, request, 0) & (after != before).any(-1)
    hues = [colorsys.rgb_to_hsv(*(after[art].astype(float).mean(0) / 255))[0] * 360]
    assert 190 <= hues[0] <= 230, hues
    assert art.sum() > 1000


def test_synonym_and_missing_target(scene: tuple[ComposePlan, ImageRequest, Pixels]) -> None:
    plan, request, before = scene
    assert _edit(plan, "paint the automobile green", request).assets[0].tint is not None
    ops = parse_instruction("make the truck blue", edit_context(plan))
    assert missing_targets(plan, ops) == ("truck",)
    unchanged = edit_plan(plan, ops, request, "make the truck blue")
    assert np.array_equal(_render(unchanged, request), before)


def test_remove_dog(scene: tuple[ComposePlan, ImageRequest, Pixels]) -> None:
    plan, request, before = scene
    edited = _edit(plan, "get rid of the dog", request)
    assert [a.noun for a in edited.assets] == ["car"]
    after = _render(edited, request)
    inside = _box_mask(plan.assets[1].box, before.shape)
    assert np.array_equal(before[~inside], after[~inside])
    assert (before[inside] != after[inside]).any(-1).mean() > 0.2


def test_move_left_moves_the_mass_centre(scene: tuple[ComposePlan, ImageRequest, Pixels]) -> None:
    plan, request, _before = scene
    edited = _edit(plan, "move the dog to the left", request)
    width = request.output.width
    x_before = np.nonzero(_art_mask(plan, request, 1))[1].mean()
    x_after = np.nonzero(_art_mask(edited, request, 1))[1].mean()
    assert x_after < x_before - 0.15 * width
    assert edited.assets[1].box.y == plan.assets[1].box.y  # still standing where it stood


def test_resize_about_the_feet(scene: tuple[ComposePlan, ImageRequest, Pixels]) -> None:
    plan, request, _before = scene
    edited = _edit(plan, "make the dog bigger", request)
    old, new = plan.assets[1].box, edited.assets[1].box
    assert new.w == pytest.approx(old.w * 1.5, rel=1e-3)
    assert new.y + new.h == pytest.approx(old.y + old.h, abs=1e-4)
    assert new.x + new.w / 2 == pytest.approx(old.x + old.w / 2, abs=1e-4)
    assert _art_mask(edited, request, 1).sum() > 1.8 * _art_mask(plan, request, 1).sum()


def test_add_and_replace(scene: tuple[ComposePlan, ImageRequest, Pixels]) -> None:
    plan, request, before = scene
    added = _edit(plan, "add two birds in the sky", request)
    birds = [a for a in added.assets if a.noun == "bird"]
    assert len(birds) == 2 and all(b.box.y + b.box.h <= plan.background.horizon + 1e-6 for b in birds)
    after = _render(added, request)
    free = np.ones(before.shape[:2], bool)
    for b in birds:
        free &= ~_box_mask(b.box, before.shape)
    assert np.array_equal(before[free], after[free])
    swapped = _edit(plan, "replace the dog with a cat", request)
    assert swapped.assets[1].icon == "cat" and swapped.assets[0] == plan.assets[0]


@pytest.mark.parametrize("instruction", ["make it night", "change the background to a beach", "at sunset"])
def test_background_and_time_keep_the_subjects(
    scene: tuple[ComposePlan, ImageRequest, Pixels], instruction: str
) -> None:
    plan, request, before = scene
    edited = _edit(plan, instruction, request)
    assert edited.assets == plan.assets
    after = _render(edited, request)
    assert (before != after).any(-1).mean() > 0.3  # the backdrop did change
    for i in range(len(plan.assets)):
        art = _art_mask(plan, request, i)
        core = ~dilate(~art, 2)
        diff = np.abs(before[core].astype(int) - after[core].astype(int))
        assert diff.mean() < 1.0, (instruction, i, diff.mean())


def test_reframe_keeps_an_earlier_edit() -> None:
    square = make_request(SCENE, "1:1", "512")
    plan = _edit(GEN.plan(square, 7, 0), "make the car blue", square)
    wide = make_request("make it 16:9", "16:9", "512")
    reframed = _edit(plan, "make it 16:9", wide)
    assert reframed.edits == ("make the car blue", "make it 16:9")
    assert (reframed.width, reframed.height) == (wide.output.width, wide.output.height)
    pixels = _render(reframed, wide)
    assert pixels.shape == (wide.output.height, wide.output.width, 3)
    car = next(a for a in reframed.assets if a.noun == "car")
    assert car.tint == plan.assets[0].tint
    art = _art_mask(reframed, wide, reframed.assets.index(car))
    r, _g, b = pixels[art].astype(float).mean(0)
    assert b > r + 40


def test_text_edits_on_a_poster() -> None:
    request = make_request('a poster with the title "Summer Sale" and the subtitle "50% off"', "1:1", "512")
    plan = GEN.plan(request, 7, 0)
    before = _render(plan, request)
    edited = _edit(plan, "change the title to “Open 24/7”", request)
    assert [t.text for t in edited.texts] == ["Open 24/7", "50% off"]
    styled = _edit(plan, "make the heading bold and red", request)
    title = styled.texts[0]
    assert title.bold and title.requested_color == title.color != plan.texts[0].color
    after = _render(styled, request)
    outside = ~_box_mask(plan.texts[0].box, before.shape)
    assert np.array_equal(before[outside], after[outside])
    swapped = _edit(plan, 'replace "50%" with "70%"', request)
    assert swapped.texts[1].text == "70% off"
    assert [t.text for t in _edit(plan, "delete the subtitle", request).texts] == ["Summer Sale"]


@pytest.mark.ocr
def test_new_title_reads_back() -> None:
    request = make_request('a poster with the title "Summer Sale" and the subtitle "50% off"')
    plan = _edit(GEN.plan(request, 7, 0), 'change the title to "Open 24/7"', request)
    pixels = _render(plan, request)
    items = items_in_region(ocr_rapid(pixels), element_region(plan, plan.texts[0].id))
    assert text_found("Open 24/7", reading_order_text(items))[0]


def test_unapplied_ops_are_left_to_the_caller(scene: tuple[ComposePlan, ImageRequest, Pixels]) -> None:
    plan, request, before = scene
    ops = (EditOp(EditKind.UPSCALE, value="4K"), EditOp(EditKind.RESTYLE, value="grayscale"))
    assert unapplied(plan, ops) == ops
    assert unapplied(plan, (EditOp(EditKind.RESTYLE, value="watercolor"),)) == ()
    same = edit_plan(plan, ops, request, "upscale it to 4K in black and white")
    assert np.array_equal(_render(same, request), before)
    styled = _edit(plan, "make it look like a watercolour", request)
    assert "paper" in styled.filters and "watercolor" in styled.styles
