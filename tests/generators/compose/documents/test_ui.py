"""UI mock-ups on the real pipeline: the variant a prompt asks for, every quoted string read back by
OCR, the button label inside its button (on the pixels), dark mode, extreme ratios, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents import detect_kind
from openbanana.generators.compose.documents.ui import variant_for

from .layout_helpers import (
    MANY,
    all_quotes_drawn,
    blocks,
    inside,
    overlapping,
    pixel_issues,
    pixels,
    png_size,
    render,
    unread,
)

APP = 'A mobile app screen for a coffee shop called "Bean There" with an "Order now" button'
WEB = 'a landing page for a fitness website, headline "Move Better", sub "Plans for every body", button "Start free"'
DASH = 'a sales dashboard in dark mode titled "Q3 Revenue" with KPI "Active users"'
LOGIN = 'a login screen for "Acme" with a "Sign in" button'
CLEAN = frozenset({"contrast", "text-overlap", "bounds", "clip", "overflow", "text-on-illustration"})


@pytest.mark.parametrize(
    ("prompt", "ratio", "variant"),
    [
        (APP, "9:16", "app"),
        (WEB, "16:9", "web"),
        (DASH, "16:9", "dashboard"),
        (LOGIN, "3:4", "login"),
        ("a UI mock-up for a recipe service", "9:16", "app"),
        ("a UI mock-up for a recipe service", "16:9", "web"),
    ],
)
def test_variant_from_words_then_ratio(prompt: str, ratio: str, variant: str) -> None:
    plan, _png = render(prompt, ratio)
    assert detect_kind(plan.prompt.lower()) == "ui" and plan.kind == "ui"
    w, h = (int(v) for v in ratio.split(":"))
    assert variant_for(prompt.lower(), w / h) == variant
    prefix = {"app": "ui-app", "web": "ui-landing", "dashboard": "ui-dashboard", "login": "ui-login"}[variant]
    assert plan.layout.startswith(prefix)


@pytest.mark.ocr
@pytest.mark.parametrize(("prompt", "ratio"), [(APP, "9:16"), (WEB, "16:9"), (DASH, "16:9"), (LOGIN, "1:1")])
def test_every_quote_reads_back_and_nothing_collides(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    assert png_size(png) == (plan.width, plan.height)
    assert unread(prompt, png) == []
    assert overlapping(plan) == []
    assert pixel_issues(plan, png, CLEAN) == []


@pytest.mark.parametrize(("prompt", "ratio", "label"), [(APP, "9:16", "Order now"), (WEB, "16:9", "Start free")])
def test_button_label_sits_inside_its_button(prompt: str, ratio: str, label: str) -> None:
    plan, png = render(prompt, ratio)
    el = next(t for t in plan.texts if t.text == label)
    block = blocks(plan)[el.id]
    buttons = [
        s for s in plan.shapes if s.kind == "rect" and s.fill and inside(block, s.box.px(plan.width, plan.height))
    ]
    assert buttons, "the label has a button under it"
    button = min(buttons, key=lambda s: s.box.w * s.box.h)
    x, y, _w, h = button.box.px(plan.width, plan.height)
    px = pixels(png)
    # On the pixels: the button's colour just inside its left end, the label's ink readable on it.
    sample = px[int(y + h / 2), int(x + h * 0.3)]
    assert C.contrast(C.to_hex(tuple(v / 255 for v in sample)), button.fill or "") < 1.15
    assert C.contrast(el.color, button.fill or "") >= 4.5


def test_dark_mode_is_dark() -> None:
    plan, png = render(DASH, "16:9")
    px = pixels(png).astype(float)
    lum = (0.2126 * px[..., 0] + 0.7152 * px[..., 1] + 0.0722 * px[..., 2]) / 255
    assert float(np.median(lum)) < 0.25
    light, _ = render('a sales dashboard titled "Q3 Revenue" in light mode', "16:9")
    assert light.background.colors != plan.background.colors


@pytest.mark.parametrize(
    ("prompt", "ratio", "size"),
    [(APP, "1:8", "1K"), (WEB, "8:1", "1K"), (DASH, "1:4", "512"), (LOGIN, "8:1", "2K"), (APP, "4:1", "1K")],
)
def test_extreme_ratios_are_real_strips(prompt: str, ratio: str, size: str) -> None:
    plan, png = render(prompt, ratio, size)
    assert png_size(png) == (plan.width, plan.height)
    quoted = {t.text for t in plan.texts}
    for q in ("Bean There", "Order now", "Move Better", "Start free", "Q3 Revenue", "Acme", "Sign in"):
        if f'"{q}"' in prompt:
            assert q in quoted
    assert overlapping(plan) == []
    assert pixel_issues(plan, png, frozenset({"bounds", "overflow", "text-overlap"})) == []
    # The layout fills the strip: content reaches both ends of the long side.
    px = pixels(png).astype(int)
    long_axis = 1 if plan.width > plan.height else 0
    profile = np.abs(np.diff(px, axis=long_axis)).sum(axis=(2, 1 - long_axis))
    n = len(profile)
    assert profile[: n // 4].sum() > 0 and profile[-n // 4 :].sum() > 0


def test_deterministic_and_seeded() -> None:
    _a, png_a = render(WEB, "16:9", "512", 3)
    _b, png_b = render(WEB, "16:9", "512", 3)
    assert png_a == png_b
    others = [render(WEB, "16:9", "512", seed) for seed in (4, 5, 6)]
    assert any(p.layout != _a.layout or p.background != _a.background for p, _png in others)
    diffs = [float(np.abs(pixels(png_a).astype(int) - pixels(png).astype(int)).mean()) for _p, png in others]
    assert max(diffs) > 6.0


@pytest.mark.parametrize("ratio", ["1:1", "8:1", "1:8"])
@pytest.mark.parametrize("kind", ["a mobile app", "a website", "a dashboard", "a login screen"])
def test_many_quotes_all_drawn(kind: str, ratio: str) -> None:
    assert all_quotes_drawn(f'{kind} with items {MANY} and a "Go" button', ratio) == []
