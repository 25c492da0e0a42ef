"""Corrections: each defect is fixed by ``correct`` and passes the checks again, as the pixels show; the
engine's HIGH loop ends with a passing report."""

from __future__ import annotations

import colorsys
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from openbanana.engine.engine import Engine
from openbanana.engine.events import OutputImage, ThoughtImage, ThoughtText
from openbanana.engine.request import ImageRequest, ThinkingLevel
from openbanana.generators.base import CheckIssue, CheckReport
from openbanana.generators.compose import ComposeGenerator, checks
from openbanana.generators.compose import checks_report as R
from openbanana.generators.compose.checks_guard import legible_px
from openbanana.generators.compose.checks_report import ComposeIssue
from openbanana.generators.compose.colors import contrast
from openbanana.generators.compose.plan import Box, ComposePlan, Shape
from openbanana.generators.compose.render_text import place_text

from . import defects as D


class FixtureGenerator(ComposeGenerator):
    """The compose generator with a fixed (defective) plan in place of the planner."""

    def __init__(self, fixture: ComposePlan, ocr: bool = False) -> None:
        super().__init__(thorough_ocr=ocr)
        self.fixture = fixture

    def plan(self, request: ImageRequest, seed: int, variant: int) -> ComposePlan:
        return replace(self.fixture, seed=seed, variant=variant)


@pytest.fixture(scope="module")
def gen() -> ComposeGenerator:
    return ComposeGenerator(thorough_ocr=False)


@pytest.fixture(scope="module")
def req() -> ImageRequest:
    return D.request()


def fix(gen: ComposeGenerator, plan: ComposePlan, req: ImageRequest, rounds: int = 2) -> tuple[ComposePlan, bytes]:
    """Check → correct up to ``rounds`` times (the engine's HIGH budget); the final plan must pass."""
    for _ in range(rounds + 1):
        image = gen.render(plan, req)
        report = gen.check(plan, image, req, thorough=True)
        if report.passed:
            return plan, image.png
        revised = gen.correct(plan, report, req)
        assert revised is not None, report.summary()
        assert revised.revision == plan.revision + 1 and revised.notes[-1]
        plan = revised
    raise AssertionError(f"still failing after {rounds} rounds: {report.summary()}")


def ink_rows(png: bytes) -> list[tuple[int, int]]:
    """Runs of pixel rows holding dark ink (text on the white fixtures)."""
    lum = D.luminance(D.pixels(png))
    dark = [bool((row < 0.2).any()) for row in lum]
    runs: list[tuple[int, int]] = []
    for y, on in enumerate(dark):
        if on and (not runs or runs[-1][1] != y - 1):
            runs.append((y, y))
        elif on:
            runs[-1] = (runs[-1][0], y)
    return runs


def saturated_share(png: bytes, box: tuple[float, float, float, float]) -> float:
    """Share of clearly coloured pixels (illustration paint, not black/white/grey) in a px region."""
    arr = D.pixels(png)
    x0, y0, x1, y1 = (int(v) for v in box)
    crop = arr[y0:y1, x0:x1].reshape(-1, 3) / 255.0
    sat = np.array([colorsys.rgb_to_hls(*p)[2] for p in crop[:: max(1, len(crop) // 4000)]])
    return float((sat > 0.35).mean())


def test_white_on_white_gets_readable_ink(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan, png = fix(gen, D.white_on_white(), req, rounds=1)
    el = plan.texts[0]
    assert el.color != "#ffffff" and el.plate_opacity == 0  # a new ink, no plate needed on plain white
    assert D.region_contrast(png, el.box) > 7.0
    assert "ink for text0" in plan.notes[-1]


def test_a_requested_colour_is_kept_and_gets_a_plate(gen: ComposeGenerator, req: ImageRequest) -> None:
    faint = D.white_on_white()
    asked = faint.with_texts((replace(faint.texts[0], requested_color="#ffffff"),), "asked for white")
    plan, png = fix(gen, asked, req, rounds=1)
    el = plan.texts[0]
    assert el.color == "#ffffff" and el.plate_opacity > 0.9 and el.plate == "#111111"
    assert D.region_contrast(png, el.box) > 7.0


def test_overlapping_texts_are_moved_apart(gen: ComposeGenerator, req: ImageRequest) -> None:
    assert len(ink_rows(gen.render(D.overlapping_texts(), req).png)) == 1  # one tangle of ink
    plan, png = fix(gen, D.overlapping_texts(), req, rounds=1)
    assert plan.texts[0] == D.overlapping_texts().texts[0]  # the title stays put
    rows = ink_rows(png)
    assert len(rows) == 2 and rows[1][0] - rows[0][1] > 10  # two lines of text with clear space between


def test_asset_half_outside_comes_back_onto_the_canvas(gen: ComposeGenerator, req: ImageRequest) -> None:
    before = D.pixels(gen.render(D.asset_half_outside(), req).png)
    assert (D.luminance(before[:, -1]) < 0.8).any()  # the cat is cut by the right edge
    _plan, png = fix(gen, D.asset_half_outside(), req, rounds=1)
    after = D.pixels(png)
    edges = np.concatenate([after[0], after[-1], after[:, 0], after[:, -1]])
    assert (D.luminance(edges) > 0.8).all()  # nothing touches the canvas edges any more


def test_text_far_too_long_gets_a_bigger_box(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan, png = fix(gen, D.text_too_long(), req)
    placed = place_text(plan.texts[0], 1024, 1024)
    assert not placed.fitted.overflow and placed.fitted.size >= legible_px(1024, 1024)
    rows = ink_rows(png)
    assert rows[0][0] > 20 and rows[-1][1] < 1004  # the whole paragraph is on the canvas


def test_text_over_an_illustration_is_cleared(gen: ComposeGenerator, req: ImageRequest) -> None:
    block = place_text(D.text_over_art().texts[0], 1024, 1024).block
    region = (block[0], block[1], block[0] + block[2], block[1] + block[3])
    assert saturated_share(gen.render(D.text_over_art(), req).png, region) > 0.2
    plan, png = fix(gen, D.text_over_art(), req, rounds=1)
    assert plan.texts == D.text_over_art().texts and plan.assets != D.text_over_art().assets  # the dog moved
    assert saturated_share(png, region) < 0.01


def test_overlapping_illustrations_and_shapes_off_the_canvas(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan, _png = fix(gen, D.arts_overlapping(), req, rounds=1)
    assert "clear of" in plan.notes[-1]
    plan, png = fix(gen, D.shape_outside(), req, rounds=1)
    blue = (np.abs(D.pixels(png).astype(int) - (0x33, 0x66, 0xCC)).sum(axis=2) < 30).sum()
    assert blue == pytest.approx(0.6 * 0.6 * 1024 * 1024, rel=0.02)  # the whole card is visible


def test_corrections_are_immutable_and_noted(gen: ComposeGenerator, req: ImageRequest) -> None:
    original = D.everything_wrong()
    snapshot = repr(original)
    report = gen.check(original, gen.render(original, req), req, thorough=True)
    revised = gen.correct(original, report, req)
    assert revised is not None and repr(original) == snapshot
    assert revised.revision == 1 and len(revised.notes) == 1
    for words in ("moved text1 clear of text0", "moved asset2 (automobile) back onto the canvas"):
        assert words in revised.notes[0]
    assert gen.correct(original, CheckReport(), req) is None
    assert gen.correct(original, CheckReport((CheckIssue(R.SIZE, "wrong size"),)), req) is None


def test_plain_issues_without_measurements_still_get_fixed(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan = D.plan((D.text("text0", "Hello", Box(0.2, 0.4, 0.6, 0.2)),))
    report = CheckReport(
        (CheckIssue("ocr", "unreadable", 0.7, "text0"), CheckIssue("overflow", "too big", 0.8, "text0"))
    )
    fixed = gen.correct(plan, report, req)
    assert fixed is not None
    new = fixed.texts[0]
    assert new.bold and new.plate_opacity > 0.9 and new.scale < 1.0


@pytest.mark.parametrize(
    "defect",
    [D.everything_wrong, D.white_on_white, D.text_too_long, D.text_over_art],
    ids=["everything", "white", "long", "over-art"],
)
def test_engine_high_ends_with_a_passing_render(defect: Callable[[], ComposePlan]) -> None:
    gen = FixtureGenerator(defect())
    events = Engine(gen, thinking_seconds=60).run(D.request(thinking=ThinkingLevel.HIGH, thoughts=True))
    thoughts = [e.text for e in events if isinstance(e, ThoughtText)]
    assert thoughts[-1] == "Checks on the chosen render: all checks passed" + thoughts[-1].split("passed", 1)[1]
    assert any(t.startswith("Correction 1:") for t in thoughts)
    assert sum(isinstance(e, ThoughtImage) for e in events) == 1  # the draft
    [image] = [e for e in events if isinstance(e, OutputImage)]
    assert image.plan["revision"] >= 1 and image.plan["notes"]
    assert D.pixels(image.png).shape == (1024, 1024, 3)


@pytest.mark.ocr
def test_engine_high_with_ocr_reads_the_corrected_text() -> None:
    if checks.rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr is not installed")
    gen = FixtureGenerator(D.white_on_white(), ocr=True)
    events = Engine(gen, thinking_seconds=60).run(D.request(thinking=ThinkingLevel.HIGH, thoughts=True))
    thoughts = [e.text for e in events if isinstance(e, ThoughtText)]
    assert "OCR 0% exact" in thoughts[1]  # the draft's checks, with numbers
    assert "all checks passed (OCR 100% exact" in thoughts[-1]
    [image] = [e for e in events if isinstance(e, OutputImage)]
    assert D.region_contrast(image.png, D.white_on_white().texts[0].box) > 7.0


def test_ocr_miss_on_a_clean_ground_makes_the_whole_set_heavier(gen: ComposeGenerator, req: ImageRequest) -> None:
    labels = tuple(D.text(f"cat{i}", f"Q{i + 1}", Box(0.1 + 0.2 * i, 0.8, 0.15, 0.06), role="label") for i in range(4))
    plan = D.plan((D.text("title", "Sales", Box(0.1, 0.05, 0.8, 0.15), role="title"), *labels))
    miss = ComposeIssue(R.OCR, "could not read back 'Q2'", 0.7, "cat1", contrast=15.0)
    fixed = gen.correct(plan, CheckReport((miss,)), req)
    assert fixed is not None and fixed.notes[-1] == "bold cat1, cat0, cat2, cat3"
    assert all(t.bold and t.plate_opacity == 0 for t in fixed.texts[1:]) and not fixed.texts[0].bold
    faint = replace(miss, contrast=3.2)
    plated = gen.correct(plan, CheckReport((faint,)), req)
    assert plated is not None and plated.texts[2].plate_opacity > 0.9 and not plated.texts[1].bold


def test_lines_and_polygons_are_pulled_onto_the_canvas(gen: ComposeGenerator, req: ImageRequest) -> None:
    arrow = Shape("arrow0", "arrow", Box(0.5, 0.5, 0.7, -0.2), stroke="#333333", stroke_width=0.006)
    star = Shape("star0", "polygon", Box(0, 0, 1, 1), points=((0.5, -0.2), (0.9, 0.5), (0.1, 0.5)), fill="#ffb300")
    plan, _png = fix(gen, D.plan(shapes=(arrow, star)), req, rounds=1)
    new_arrow, new_star = plan.shapes
    assert (new_arrow.box.x + new_arrow.box.w, new_arrow.box.y + new_arrow.box.h) == (1.0, 0.3)
    assert new_star.points[0] == (0.5, 0.0)


def test_a_crowded_canvas_shrinks_what_cannot_move(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan = D.plan(
        (
            D.text("text0", "First Line Of Text", Box(0.02, 0.3, 0.96, 0.4)),
            D.text("text1", "Second Line Of Text", Box(0.02, 0.35, 0.96, 0.4)),
        )
    )
    report = gen.check(plan, gen.render(plan, req), req, thorough=True)
    revised = gen.correct(plan, report, req)
    assert revised is not None and revised.notes[-1] == "shrank text1 and text0, moved text1 clear"
    assert revised.texts[1].scale < 1 and revised.texts[0].scale < 1
    _fixed, png = fix(gen, plan, req, rounds=1)
    assert len(ink_rows(png)) >= 2  # the two texts (each may wrap) no longer share rows of ink


def test_readable_but_short_of_aaa_is_a_soft_issue_that_gets_deeper_ink(
    gen: ComposeGenerator, req: ImageRequest
) -> None:
    """Light grey large text on white passes AA (3:1 for large text) but not AAA (4.5:1): a low-severity
    issue on the thorough check, fixed with a darker ink; a red the prompt asked for becomes a deeper
    red, not a plate."""
    base = D.white_on_white()
    grey = base.with_texts((replace(base.texts[0], color="#8c8c8c"),), "mid grey")
    report = gen.check(grey, gen.render(grey, req), req, thorough=True)
    aaa = [i for i in report.issues if i.check == R.CONTRAST_AAA]
    assert aaa and all(i.severity < 0.2 for i in aaa) and not [i for i in report.issues if i.check == R.CONTRAST]
    plan, png = fix(gen, grey, req, rounds=1)
    assert contrast(plan.texts[0].color, "#ffffff") >= 4.5 * 1.15 and plan.texts[0].plate_opacity == 0
    assert D.region_contrast(png, plan.texts[0].box) > 4.5
    red = base.with_texts((replace(base.texts[0], color="#e8453c", requested_color="#e8453c"),), "asked for red")
    plan, _png = fix(gen, red, req, rounds=1)
    el = plan.texts[0]
    hue = colorsys.rgb_to_hls(*(int(el.color[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0] * 360
    assert el.plate_opacity == 0 and (hue < 15 or hue > 345) and contrast(el.color, "#ffffff") >= 4.5
    assert "deeper shade" in plan.notes[-1]
