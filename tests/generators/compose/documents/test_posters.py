"""Posters, banners and social posts on the real pipeline: typographic hierarchy measured on the
fitted text, the call to action in a button, the handle with its avatar, style looks (retro sunburst,
pop-art starburst and halftone), OCR of every quote, every ratio, determinism and seeded variety."""

from __future__ import annotations

import numpy as np
import pytest

from openbanana.generators.compose.documents import detect_kind
from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.render_text import place_text

from .layout_helpers import (
    MANY,
    all_quotes_drawn,
    blocks,
    colour_gap,
    inside,
    overlapping,
    pixel_issues,
    pixels,
    png_size,
    render,
    unread,
)

POSTER = 'retro concert poster "Jazz Night" subtitle "Live at Blue Hall" date "Friday 8 PM" with a saxophone'
BANNER = 'summer sale banner "Up to 50% off" with sunglasses and a "Shop now" button'
SOCIAL = 'instagram post "Fresh croissants every morning" handle "@goldencrust" with croissants'
CLEAN = frozenset({"contrast", "text-overlap", "bounds", "clip", "overflow", "text-on-illustration"})


def _size(plan: ComposePlan, text: str) -> float:
    el = next(t for t in plan.texts if t.text == text)
    return place_text(el, plan.width, plan.height).fitted.size


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [(POSTER, "poster"), (BANNER, "banner"), (SOCIAL, "social"), ("a flyer for a yard sale", "poster")],
)
def test_kind(prompt: str, kind: str) -> None:
    assert detect_kind(prompt.lower()) == kind


@pytest.mark.parametrize("ratio", ["2:3", "1:1", "16:9"])
def test_poster_hierarchy(ratio: str) -> None:
    plan, _png = render(POSTER, ratio)
    assert plan.kind == "poster"
    title, sub, details = (_size(plan, t) for t in ("Jazz Night", "Live at Blue Hall", "Friday 8 PM"))
    assert title > sub * 1.3 and sub >= details
    assert next(t for t in plan.texts if t.text == "Jazz Night").role == "title"
    assert overlapping(plan) == []


def test_styles_change_the_look() -> None:
    retro, _ = render(POSTER, "2:3", "512", 1)
    assert any(s.kind == "wedge" for s in retro.shapes), "a retro sunburst"
    pop, _ = render('pop art poster "BOOM!" with a rocket', "1:1", "512", 1)
    assert any(s.kind == "polygon" and len(s.points) == 28 for s in pop.shapes), "a pop-art starburst"
    minimal, _ = render('minimal poster "Less is More" with a leaf', "3:4", "512", 1)
    assert minimal.layout.endswith("-rule") and len(minimal.shapes) <= 3


def test_banner_has_a_button_and_skyscraper() -> None:
    plan, png = render(BANNER, "4:1")
    el = next(t for t in plan.texts if t.text == "Shop now")
    block = blocks(plan)[el.id]
    button = next(s for s in plan.shapes if s.kind == "rect" and inside(block, s.box.px(plan.width, plan.height)))
    x, y, _w, h = button.box.px(plan.width, plan.height)
    px = pixels(png)
    sample = px[int(y + h / 2), int(x + h * 0.25)]
    assert colour_gap(sample, button.fill or "#000000") < 30
    tall, _ = render('banner "Fresh Coffee" with coffee', "1:4")
    assert not tall.layout.startswith(("banner-strip", "banner-split"))
    assert [t.text for t in tall.texts] == ["Fresh Coffee"]  # no call to action the prompt did not ask for
    title = blocks(tall)[next(t.id for t in tall.texts if t.text == "Fresh Coffee")]
    art = next(a for a in tall.assets).box.px(tall.width, tall.height)
    assert title[1] + title[3] <= art[1] or art[1] + art[3] <= title[1]  # stacked along the tall axis


def test_social_handle_with_avatar() -> None:
    plan, _png = render(SOCIAL, "4:5")
    handle = blocks(plan)[next(t.id for t in plan.texts if t.text == "@goldencrust")]
    avatar = next(a for a in plan.assets if a.icon == "bust-in-silhouette").box.px(plan.width, plan.height)
    assert avatar[0] + avatar[2] <= handle[0] + 1
    assert abs((avatar[1] + avatar[3] / 2) - (handle[1] + handle[3] / 2)) < 20
    assert handle[1] > plan.height * 0.75  # along the bottom
    assert _size(plan, "Fresh croissants every morning") > _size(plan, "@goldencrust") * 1.5


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("prompt", "ratio"), [(POSTER, "2:3"), (BANNER, "8:1"), (SOCIAL, "9:16"), ('pop art poster "BOOM!"', "1:1")]
)
def test_every_quote_reads_back(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    assert unread(prompt, png) == []
    assert pixel_issues(plan, png, CLEAN) == []


@pytest.mark.parametrize("ratio", ["1:8", "1:4", "9:16", "21:9", "4:1", "8:1"])
@pytest.mark.parametrize("prompt", [POSTER, BANNER, SOCIAL])
def test_every_ratio(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio, "512")
    assert png_size(png) == (plan.width, plan.height)
    assert overlapping(plan) == []
    assert pixel_issues(plan, png, frozenset({"bounds", "overflow", "text-overlap", "shape-bounds"})) == []


def test_deterministic_and_seeded() -> None:
    a, png_a = render(POSTER, "2:3", "512", 11)
    assert render(POSTER, "2:3", "512", 11)[1] == png_a
    others = [render('a poster "Open House" with a house', "2:3", "512", seed) for seed in range(11, 17)]
    assert len({p.layout for p, _png in others}) >= 2
    assert len({p.background.colors for p, _png in others}) >= 2
    base = pixels(others[0][1]).astype(int)
    assert max(float(np.abs(base - pixels(png).astype(int)).mean()) for _p, png in others[1:]) > 10.0
    assert a.kind == "poster"


@pytest.mark.parametrize("ratio", ["16:9", "8:1", "1:8"])
@pytest.mark.parametrize("kind", ["a poster", "a banner", "an instagram post"])
def test_many_quotes_all_drawn(kind: str, ratio: str) -> None:
    assert all_quotes_drawn(f"{kind} {MANY}", ratio) == []
