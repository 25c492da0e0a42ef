"""Logos on the real pipeline: mark beside the wordmark on wide canvases and above it on tall ones,
a monogram when the prompt names no subject, OCR of name and tagline, plain backgrounds, any ratio."""

from __future__ import annotations

import numpy as np
import pytest

from openbanana.generators.compose.documents import detect_kind

from .layout_helpers import MANY, all_quotes_drawn, blocks, overlapping, pixel_issues, pixels, png_size, render, unread

BAKERY = 'logo for a bakery named "Golden Crust" with the tagline "Since 1987" and a croissant'
MONO = 'a minimal logo for "Northwind Studio"'


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [("a logo for a tea brand", "logo"), ("an app icon with a leaf", "logo"), ("a wordmark", "logo")],
)
def test_kind(prompt: str, kind: str) -> None:
    assert detect_kind(prompt) == kind


@pytest.mark.parametrize(("ratio", "horizontal"), [("16:9", True), ("8:1", True), ("3:4", False), ("1:8", False)])
def test_lockup_follows_the_canvas(ratio: str, horizontal: bool) -> None:
    plan, png = render(BAKERY, ratio)
    assert plan.kind == "logo"
    mark = next(a for a in plan.assets if a.icon == "croissant").box.px(plan.width, plan.height)
    name = blocks(plan)[next(t.id for t in plan.texts if t.text == "Golden Crust")]
    if horizontal:
        assert name[0] >= mark[0] + mark[2] and abs((name[1] + name[3] / 2) - (mark[1] + mark[3] / 2)) < mark[3]
    else:
        assert name[1] >= mark[1] + mark[3]
    # The mark's badge is really drawn: its centre row has the badge colour around the icon.
    px = pixels(png).astype(int)
    corner = px[2, 2]
    x0, y0, w, h = (int(v) for v in mark)
    band = px[y0 + h // 2, max(0, x0 - w // 8) : x0 + w + w // 8]
    assert np.abs(band - corner).sum(axis=1).max() > 60
    assert png_size(png) == (plan.width, plan.height)
    assert overlapping(plan) == []


def test_monogram_without_subject() -> None:
    plan, _png = render(MONO, "1:1")
    mono = next(t for t in plan.texts if t.id == "monogram")
    assert mono.text == "NS"
    assert plan.assets == ()


@pytest.mark.ocr
@pytest.mark.parametrize(("prompt", "ratio"), [(BAKERY, "16:9"), (MONO, "1:1"), (BAKERY, "1:4")])
def test_name_and_tagline_read_back(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    assert unread(prompt, png) == []
    assert pixel_issues(plan, png, frozenset({"contrast", "text-overlap", "bounds", "clip", "overflow"})) == []


def test_plain_background_and_seeded_variety() -> None:
    plan, png = render(BAKERY, "16:9", "512", 2)
    assert plan.background.kind == "gradient" and len(set(plan.background.colors)) == 1
    assert render(BAKERY, "16:9", "512", 2)[1] == png
    layouts = {render(BAKERY, "16:9", "512", seed)[0].layout for seed in range(2, 8)}
    assert len(layouts) >= 2


@pytest.mark.parametrize("ratio", ["1:1", "8:1"])
def test_many_quotes_all_drawn(ratio: str) -> None:
    assert all_quotes_drawn(f"a logo {MANY}", ratio) == []
