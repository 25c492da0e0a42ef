"""Infographics on the real pipeline: facts and their big numbers, icons, cards per ratio, OCR of
every quoted string inside its card, no overlaps, contrast, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from openbanana.generators.compose.documents import detect_kind
from openbanana.generators.compose.documents.chart_kit import R
from openbanana.generators.compose.documents.infographic import split_fact
from openbanana.generators.compose.plan import ComposePlan

from .chart_helpers import (
    inside_canvas,
    overlapping_texts,
    pixels,
    png_size,
    reads,
    render,
    shape_rect,
    shapes,
    text_contrast,
    text_rects,
)

COFFEE = (
    'an infographic about coffee with "2.25 billion cups a day", "70 countries grow it" and "Finland drinks the most"'
)
OCEAN = 'infographic "Ocean facts": "71% of Earth", "3,688 m average depth", "230,000 known species"'
WORK = (
    'infographic titled "Remote work 2025" with "58% work remotely", "Average commute: 27 min", '
    '"87% want to keep it", source "Survey of 2,000 workers"'
)


@pytest.mark.parametrize(
    ("fact", "number", "rest", "first"),
    [
        ("2.25 billion cups a day", "2.25 billion", "cups a day", True),
        ("70 countries grow it", "70", "countries grow it", True),
        ("71% of Earth", "71%", "of Earth", True),
        ("3,688 m average depth", "3,688 m", "average depth", True),
        ("230,000 known species", "230,000", "known species", True),
        ("Average commute: 27 min", "27 min", "Average commute:", False),
        ("Finland drinks the most", "", "", True),
        ("$4.5M raised", "$4.5M", "raised", True),
    ],
)
def test_split_fact(fact: str, number: str, rest: str, first: bool) -> None:
    f = split_fact(fact)
    assert (f.number, f.rest, f.number_first) == (number, rest, first)


@pytest.mark.parametrize("prompt", [COFFEE, OCEAN, WORK, "key facts about sleep", "our year in numbers"])
def test_kind_detected(prompt: str) -> None:
    assert detect_kind(prompt.lower()) == "infographic"


def _cards(plan: ComposePlan) -> list[R]:
    return [shape_rect(plan, s) for s in shapes(plan, "card")]


def _card_of(plan: ComposePlan, rect: R) -> R:
    return next(c for c in _cards(plan) if c.contains(rect, tol=1.0))


def _fact_texts(plan: ComposePlan) -> list[str]:
    return [t.id for t in plan.texts if t.id.startswith(("number", "fact"))]


def test_roles_title_facts_footer() -> None:
    plan, _png = render(WORK, "4:3")
    texts = {t.id: t.text for t in plan.texts}
    assert texts["title"] == "Remote work 2025"
    assert texts["footer"] == "Survey of 2,000 workers"
    assert len(_cards(plan)) == 3
    plan, _png = render(OCEAN)
    assert next(t.text for t in plan.texts if t.id == "title") == "Ocean facts"
    assert len(_cards(plan)) == 3
    plan, _png = render(COFFEE)
    assert next(t.text for t in plan.texts if t.id == "title").startswith("Coffee")


def test_each_fact_has_a_relevant_icon_on_its_card() -> None:
    plan, _png = render(COFFEE)
    icons = [a for a in plan.assets if a.id.startswith("icon")]
    assert [a.icon for a in icons] == ["hot-beverage", "world-map", "cup-with-straw"]
    topic = next(a for a in plan.assets if a.id == "topic")
    assert topic.icon == "hot-beverage"
    for a in icons:
        r = R(a.box.x * plan.width, a.box.y * plan.height, a.box.w * plan.width, a.box.h * plan.height)
        _card_of(plan, r)  # inside a card
        assert not any(r.overlaps(t, -0.5) for t in text_rects(plan).values())
    plan, _png = render(OCEAN)
    assert next(a.icon for a in plan.assets if a.id == "icon0").startswith("globe")


@pytest.mark.ocr
@pytest.mark.parametrize(("prompt", "ratio"), [(COFFEE, "1:1"), (OCEAN, "16:9"), (WORK, "9:16"), (OCEAN, "8:1")])
def test_every_quoted_string_reads_back_in_its_card(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    rects = text_rects(plan)
    title = next(t for t in plan.texts if t.id == "title")
    assert reads(png, title.text, rects["title"])
    facts = [q for q in prompt.split('"')[1::2] if q not in (title.text, "Survey of 2,000 workers")]
    for fact in facts:
        # The card holding the fact's pieces (the number and its words are separate elements).
        piece = next(t for t in plan.texts if t.text and t.text in fact and t.id.startswith(("number", "fact")))
        card = _card_of(plan, rects[piece.id])
        assert reads(png, fact, card), (fact, ratio)
    if "footer" in rects:
        assert reads(png, "Survey of 2,000 workers", rects["footer"])


@pytest.mark.parametrize(
    ("ratio", "grid"), [("8:1", "3x1"), ("1:8", "1x3"), ("16:9", "3x1"), ("9:16", "1x3"), ("1:1", "2x2")]
)
def test_grid_follows_the_ratio(ratio: str, grid: str) -> None:
    plan, _png = render(OCEAN, ratio)
    assert plan.layout == f"infographic-{grid}"


@pytest.mark.parametrize("ratio", ["1:8", "8:1", "9:16", "16:9", "1:1"])
@pytest.mark.parametrize("size", ["512", "1K"])
@pytest.mark.parametrize("prompt", [COFFEE, WORK])
def test_layout_is_clean_at_every_ratio(prompt: str, ratio: str, size: str) -> None:
    plan, png = render(prompt, ratio, size)
    assert png_size(png) == (plan.width, plan.height)
    assert not overlapping_texts(plan)
    rects = text_rects(plan)
    for ident, r in rects.items():
        assert inside_canvas(plan, r), ident
    for ident in _fact_texts(plan):
        _card_of(plan, rects[ident])
    cards = _cards(plan)
    for i, a in enumerate(cards):
        assert inside_canvas(plan, a)
        assert not any(a.overlaps(b, -0.5) for b in cards[i + 1 :])


@pytest.mark.parametrize(("prompt", "ratio"), [(COFFEE, "1:1"), (OCEAN, "16:9"), (WORK, "4:3"), (COFFEE, "1:8")])
def test_text_contrasts_with_what_is_behind_it(prompt: str, ratio: str) -> None:
    plan, png = render(prompt, ratio)
    for el in plan.texts:
        assert text_contrast(plan, png, el.id) >= 4.5, (el.id, el.text)


def test_deterministic_and_seeds_differ() -> None:
    a = render(OCEAN, "1:1", "512", 5)
    b = render.__wrapped__(OCEAN, "1:1", "512", 5)
    assert a[1] == b[1]
    plans = [render(OCEAN, "1:1", "512", seed)[0] for seed in range(1, 7)]
    looks = {(p.background.colors, next(s.fill for s in p.shapes if s.id == "band")) for p in plans}
    assert len(looks) >= 3
    assert len({tuple((s.id, s.box) for s in p.shapes) for p in plans}) >= 2  # band/card styles vary
    diff = np.abs(pixels(render(OCEAN, "1:1", "512", 1)[1]) - pixels(render(OCEAN, "1:1", "512", 2)[1])).mean()
    assert diff > 5


def test_no_facts_gives_placeholders_and_says_so() -> None:
    plan, _png = render("an infographic about bees")
    assert any("placeholder" in n for n in plan.notes)
    assert next(t.text for t in plan.texts if t.id == "title").lower().startswith("bees")
    assert len(_cards(plan)) == 3


def test_a_follow_up_turn_keeps_the_facts_and_title() -> None:
    from ..helpers import make_request
    from .chart_helpers import GENERATOR

    request = make_request("use a dark style", history=(("user", OCEAN), ("model", "ok")))
    plan = GENERATOR.plan(request, 1, 0)
    assert plan.kind == "infographic"
    texts = {t.id: t.text for t in plan.texts}
    assert texts["title"] == "Ocean facts"
    assert {"71%", "of Earth", "3,688 m", "average depth"} <= set(texts.values())
