"""Self-check on the rendered pixels: each deliberate defect is found, on pixels, with the right target.

Fixtures come from :mod:`.defects` (plan dataclasses, no planner). OCR is off here (``thorough_ocr=False``)
except in the tests marked ``ocr``; guard and pixel checks always run.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace

import pytest

from openbanana.engine.request import ImageRequest
from openbanana.generators.compose import ComposeGenerator, checks
from openbanana.generators.compose import checks_report as R
from openbanana.generators.compose import colors as C
from openbanana.generators.compose.checks_layout import pixel_checks
from openbanana.generators.compose.checks_pixels import decode_rgb
from openbanana.generators.compose.checks_report import ComposeIssue, ComposeReport, overlap_note
from openbanana.generators.compose.plan import Box, ComposePlan

from . import defects as D


@pytest.fixture(scope="module")
def gen() -> ComposeGenerator:
    return ComposeGenerator(thorough_ocr=False)


@pytest.fixture(scope="module")
def req() -> ImageRequest:
    return D.request()


def check(gen: ComposeGenerator, plan: ComposePlan, req: ImageRequest, thorough: bool = True) -> ComposeReport:
    report = gen.check(plan, gen.render(plan, req), req, thorough=thorough)
    assert isinstance(report, ComposeReport)
    return report


def found(report: ComposeReport, check_name: str) -> list[ComposeIssue]:
    return [i for i in report.issues if i.check == check_name and isinstance(i, ComposeIssue)]


def test_white_text_on_white_fails_contrast_measured_on_pixels(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan = D.white_on_white()
    image = gen.render(plan, req)
    assert D.region_contrast(image.png, plan.texts[0].box) < 1.3  # the ink really is invisible
    report = check(gen, plan, req)
    [issue] = found(report, R.CONTRAST)
    assert issue.target == "text0" and issue.need == 3.0  # a 1K subtitle this size is large text
    assert issue.background is not None and C.luminance(issue.background) > 0.85  # measured: near white
    assert report.metrics["contrast_min"] < 1.3
    assert "lowest text contrast 1." in report.summary()


@pytest.mark.parametrize(
    ("ink", "plate"),
    [("#777777", None), ("#1565c0", None), ("#ffeb3b", "#333333"), ("#ffffff", "#e53935")],
)
def test_measured_contrast_matches_the_colours_drawn(
    gen: ComposeGenerator, req: ImageRequest, ink: str, plate: str | None
) -> None:
    """The measured ratio is the WCAG ratio of the colours actually drawn: ink against the plate, or
    against the backdrop where there is none."""
    el = D.text("text0", "Measured Words", Box(0.15, 0.4, 0.7, 0.12), color=ink)
    if plate is not None:
        el = replace(el, plate=plate, plate_opacity=1.0)
    report = check(gen, D.plan((el,)), req)
    ground = plate or D.WHITE.color_at(0.5, 0.46)
    assert report.metrics["contrast_min"] == pytest.approx(C.contrast(ink, ground), rel=0.08)


def test_overlapping_text_blocks_are_found_with_the_one_to_move(gen: ComposeGenerator, req: ImageRequest) -> None:
    report = check(gen, D.overlapping_texts(), req)
    [issue] = found(report, R.TEXT_OVERLAP)
    assert (issue.target, issue.other) == ("text1", "text0")  # the subtitle moves, not the title
    assert report.metrics["overlaps"] == 1


def test_asset_half_outside_the_canvas(gen: ComposeGenerator, req: ImageRequest) -> None:
    for thorough in (False, True):  # geometry: a guard check, MINIMAL included
        [issue] = found(check(gen, D.asset_half_outside(), req, thorough), R.ART_BOUNDS)
        assert issue.target == "asset0" and "50%" in issue.message


def test_text_far_too_long_for_its_box(gen: ComposeGenerator, req: ImageRequest) -> None:
    report = check(gen, D.text_too_long(), req)
    assert {(i.check, i.target) for i in report.issues} >= {(R.OVERFLOW, "text0"), (R.BOUNDS, "text0")}
    squeezed = D.plan((D.text("text0", D.LONG, Box(0.1, 0.4, 0.25, 0.03), role="label"),))
    [issue] = found(check(gen, squeezed, req, thorough=False), R.LEGIBILITY)  # fits, but at 7 px on 1K
    assert issue.target == "text0"


def test_ink_cut_off_by_the_canvas_edge_is_seen_on_pixels(req: ImageRequest, gen: ComposeGenerator) -> None:
    plan = D.plan((D.text("text0", "Edge Case", Box(-0.25, 0.4, 0.6, 0.15)),))
    found_on_pixels = pixel_checks(plan, decode_rgb(gen.render(plan, req).png)).issues
    assert [(i.check, i.target) for i in found_on_pixels] == [(R.BOUNDS, "text0")]
    report = check(gen, plan, req)
    assert [i.check for i in report.issues] == [R.BOUNDS]  # the guard says it once, pixels do not repeat it


def test_text_over_an_illustration_without_a_plate(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan = D.text_over_art()
    [issue] = found(check(gen, plan, req), R.TEXT_ON_ART)
    assert (issue.target, issue.other) == ("text0", "asset0")
    plated = plan.with_texts((replace(plan.texts[0], plate_opacity=0.92),), "plate")
    assert not found(check(gen, plated, req), R.TEXT_ON_ART)
    allowed = replace(plan, notes=(overlap_note("text0", "asset0"),))
    assert not found(check(gen, allowed, req), R.TEXT_ON_ART)


def test_illustrations_overlapping_unless_a_relation_put_them_there(gen: ComposeGenerator, req: ImageRequest) -> None:
    [issue] = found(check(gen, D.arts_overlapping(), req), R.ART_OVERLAP)
    assert {issue.target, issue.other} == {"asset0", "asset1"}
    assert not found(check(gen, D.arts_overlapping(layer=1), req), R.ART_OVERLAP)
    noted = replace(D.arts_overlapping(), notes=(overlap_note("asset0", "asset1"),))
    assert not found(check(gen, noted, req), R.ART_OVERLAP)
    box = D.art("asset0", "package", Box(0.25, 0.25, 0.5, 0.5))
    cat_in_box = D.plan(assets=(box, D.art("asset1", "cat", Box(0.4, 0.35, 0.25, 0.25))))
    assert not found(check(gen, cat_in_box, req), R.ART_OVERLAP)  # set onto a bigger one: a composition
    twins = D.plan(assets=(box, D.art("asset1", "cat", Box(0.3, 0.3, 0.45, 0.45))))
    assert found(check(gen, twins, req), R.ART_OVERLAP)  # about the same size on one spot: a collision


def test_shape_leaving_the_canvas(gen: ComposeGenerator, req: ImageRequest) -> None:
    [issue] = found(check(gen, D.shape_outside(), req, thorough=False), R.SHAPE_BOUNDS)
    assert issue.target == "card0"
    bleed = D.plan(shapes=(replace(D.shape_outside().shapes[0], box=Box(-0.02, -0.02, 1.04, 1.04)),))
    assert check(gen, bleed, req).passed  # a full-bleed panel is fine


def test_a_clean_plan_passes_with_numbers(gen: ComposeGenerator, req: ImageRequest) -> None:
    plan = D.plan(
        (
            D.text("text0", "Grand Opening", Box(0.1, 0.06, 0.8, 0.2), role="title", bold=True),
            D.text("text1", "Saturday at noon", Box(0.2, 0.78, 0.6, 0.1), color="#333333"),
        ),
        (D.art("asset0", "dog", Box(0.12, 0.35, 0.35, 0.35)), D.art("asset1", "cat", Box(0.53, 0.35, 0.35, 0.35))),
    )
    report = check(gen, plan, req)
    assert report.passed, report.summary()
    assert report.metrics["contrast_min"] > 10 and report.metrics["overlaps"] == 0 and report.metrics["outside"] == 0
    assert report.summary().startswith("all checks passed (lowest text contrast")


def test_minimal_checks_are_guard_only_and_cheap(gen: ComposeGenerator, req: ImageRequest) -> None:
    texts = tuple(D.text(f"text{i}", f"Label number {i}", Box(0.1, 0.05 + i * 0.15, 0.8, 0.1)) for i in range(6))
    plan = D.plan(texts, (D.art("asset0", "dog", Box(0.8, 0.8, 0.15, 0.15)),))
    image = gen.render(plan, req)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        report = gen.check(plan, image, req, thorough=False)
        timings.append(time.perf_counter() - start)
    assert "contrast_min" not in report.metrics and "overlaps" not in report.metrics  # no pixels decoded
    assert statistics.median(timings) < 0.01, timings


def test_pixel_checks_stay_fast_at_4k(gen: ComposeGenerator) -> None:
    req4k = D.request("4K")
    plan = replace(D.everything_wrong(), width=4096, height=4096)
    image = gen.render(plan, req4k)
    start = time.perf_counter()
    report = gen.check(plan, image, req4k, thorough=True)
    assert time.perf_counter() - start < 2.0
    assert {i.check for i in report.issues} >= {R.CONTRAST, R.TEXT_OVERLAP, R.ART_OVERLAP, R.ART_BOUNDS}


@pytest.mark.ocr
def test_ocr_reads_once_per_render_and_not_again_for_unchanged_pixels(req: ImageRequest) -> None:
    if checks.rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr is not installed")
    gen = ComposeGenerator()
    plan = D.plan(
        (
            D.text("text0", "Fresh Bread", Box(0.1, 0.08, 0.8, 0.18), role="title", bold=True),
            D.text("text1", "Open Daily", Box(0.2, 0.45, 0.6, 0.1)),
            D.text("text2", "Since 1987", Box(0.25, 0.75, 0.5, 0.08), color="#444444"),
        )
    )
    image = gen.render(plan, req)
    first = gen.check(plan, image, req, thorough=True)
    assert first.passed, first.summary()
    assert first.metrics["ocr_exact"] == 1.0 and first.metrics["ocr_passes"] == 1.0
    again = gen.check(plan, image, req, thorough=True)
    assert again.metrics["ocr_exact"] == 1.0 and again.metrics["ocr_passes"] == 0.0
    assert "OCR 100% exact" in again.summary()


@pytest.mark.ocr
def test_ocr_cannot_read_white_on_white(req: ImageRequest) -> None:
    if checks.rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr is not installed")
    gen = ComposeGenerator()
    report = check(gen, D.white_on_white(), req)
    assert {(i.check, i.target) for i in report.issues} == {(R.CONTRAST, "text0"), (R.OCR, "text0")}
    assert report.metrics["ocr_exact"] == 0.0


def test_ocr_reads_a_downscaled_copy_sized_by_the_smallest_text() -> None:
    big = D.plan((D.text("text0", "Ultra Sharp", Box(0.1, 0.3, 0.8, 0.3), role="title"),), side=4096)
    assert checks.ocr_scale(big, 4096, 4096) == 0.25  # a 4K title reads best (and fastest) at 1K
    small = D.plan((D.text("text0", "tiny print", Box(0.4, 0.5, 0.2, 0.02), role="label"),), side=4096)
    assert 0.25 < checks.ocr_scale(small, 4096, 4096) < 1.0  # small text keeps ~22 px per em
    assert checks.ocr_scale(D.overlapping_texts(), 1024, 1024) == 1.0


@pytest.mark.ocr
@pytest.mark.slow
def test_a_4k_title_reads_back() -> None:
    if checks.rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr is not installed")
    gen, req4k = ComposeGenerator(), D.request("4K")
    plan = D.plan((D.text("text0", "Ultra Sharp", Box(0.1, 0.3, 0.8, 0.3), role="title", bold=True),), side=4096)
    report = gen.check(plan, gen.render(plan, req4k), req4k, thorough=True)
    assert report.passed and report.metrics["ocr_exact"] == 1.0, report.summary()
