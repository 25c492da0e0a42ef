"""The suite's AAA contrast measure passes dark letters on white and fails pale ones."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from bench.quality import legibility
from bench.quality.ocrtext import Reading

from openbanana.generators.compose.checks_pixels import decode_rgb
from openbanana.generators.compose.plan import Background, Box, ComposePlan, TextElement
from openbanana.generators.compose.render import build_svg, rasterize


def _reading(color: str, text: str = "Open Late") -> tuple[Reading, dict[str, object]]:
    el = TextElement("text0", text, "label", Box(0.1, 0.35, 0.8, 0.3), color=color, max_size=0.08)
    plan = ComposePlan("x", 1, 0, 512, 512, "t", Background("gradient", ("#ffffff", "#ffffff")), texts=(el,))
    png = rasterize(build_svg(plan, 512, 512), 512, 512)
    data = asdict(plan)
    return Reading(png, decode_rgb(png)), data


@pytest.mark.ocr
@pytest.mark.parametrize(("color", "passes"), [("#111111", True), ("#949494", False), ("#b8b8b8", False)])
def test_aaa_contrast_of_the_letters(color: str, passes: bool) -> None:
    reading, plan = _reading(color)
    verdict, detail = legibility.contrast(reading, plan, "Open Late")
    assert verdict is passes, detail


@pytest.mark.ocr
def test_text_ocr_cannot_box_is_not_measured() -> None:
    reading, plan = _reading("#111111")
    verdict, _detail = legibility.contrast(reading, plan, "Closed Early")
    assert verdict is None


def test_wcag_ratio() -> None:
    assert legibility.wcag((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert legibility.wcag((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.02)
