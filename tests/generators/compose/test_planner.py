"""Planner: quotes, subjects, counts, colours, chat refinement, determinism."""

from __future__ import annotations

import colorsys
import json

import pytest

from openbanana.generators.base import Plan
from openbanana.generators.compose import ComposeGenerator, ComposePlan
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.colors import to_rgb
from openbanana.generators.compose.intent import extract_quotes, read_turn

from .helpers import make_request


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ('A poster that says "Hello World"', ["Hello World"]),
        ("Curly “Crème brûlée” and ‘Señor’", ["Crème brûlée", "Señor"]),
        ("Guillemets «Coração» here", ["Coração"]),
        ("Japanese 「東京へようこそ」 and 『ありがとう』", ["東京へようこそ", "ありがとう"]),
        ("Chinese “欢迎光临” sign", ["欢迎光临"]),
        ("Don't forget Bob's sign 'Open Late' please", ["Open Late"]),
        ("Single 'it's here' quote", ["it's here"]),
        ('Title "Big Sale" and subtitle "50% off!" and label "Today only"', ["Big Sale", "50% off!", "Today only"]),
        ("No quotes at all, don't panic", []),
        ('Nested "say “hi” now"', ["say “hi” now"]),
    ],
)
def test_extract_quotes_exact(prompt: str, expected: list[str]) -> None:
    assert [q for q, _s, _e in extract_quotes(prompt)] == expected


def test_hints_bold_colour_and_roles() -> None:
    turn = read_turn('a bold title "SALE" in red and the caption "ends soon"', load_library())
    title, caption = turn.texts
    assert title.bold and title.color is not None and title.role == "title"
    assert caption.role == "caption"


@pytest.mark.parametrize(
    ("prompt", "icon", "count"),
    [
        ("three puppies playing", "dog", 3),
        ("some kittens", "cat", 3),
        ("a red apple", "red-apple", 1),
        ("five apples on a table", "red-apple", 5),
        ("2 rockets", "rocket", 2),
        ("a dozen cupcakes", "cupcake", 12),
        ("christmas trees", "christmas-tree", 3),
        ("a hot dog", "hot-dog", 1),
        ("bunnies", "rabbit", 3),
    ],
)
def test_subjects_plurals_synonyms_counts(prompt: str, icon: str, count: int) -> None:
    subjects = read_turn(prompt, load_library()).subjects
    assert (icon, count) in [(i, c) for _n, i, c in subjects], subjects


def test_negation_and_quotes_are_not_subjects() -> None:
    subjects = read_turn('five kittens but no dog, the sign says "Hot Dogs"', load_library()).subjects
    icons = [i for _n, i, _c in subjects]
    assert "cat" in icons and "dog" not in icons and "hot-dog" not in icons


def test_colours_background_vs_palette_vs_text() -> None:
    turn = read_turn("a blue background with white text and a green pear", load_library())
    assert turn.background_colors and turn.text_color == "#fafafa"
    assert "#43a047" not in turn.palette_colors  # "green" describes the pear


def test_plan_is_a_serialisable_plan() -> None:
    g = ComposeGenerator()
    request = make_request('A poster "Grand Opening" with three puppies on the beach')
    plan = g.plan(request, 1, 0)
    assert isinstance(plan, Plan) and isinstance(plan, ComposePlan)
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["generator"] == "compose"
    assert [t["text"] for t in data["texts"]] == ["Grand Opening"]
    assert len(plan.assets) == 3 and {a.icon for a in plan.assets} == {"dog"}
    assert plan.background.kind == "beach"
    assert "Grand Opening" in plan.summary()
    text = g.describe(plan, request)
    assert "Grand Opening" in text and "dog" in text


def test_deterministic_per_seed_and_different_across_seeds() -> None:
    g = ComposeGenerator()
    request = make_request('A poster "Hello" with two cats and a balloon')
    assert g.plan(request, 5, 0) == g.plan(request, 5, 0)
    plans = [g.plan(request, seed, 0) for seed in range(6)]
    layouts = {(p.layout, p.background.colors, tuple(a.box for a in p.assets)) for p in plans}
    assert len(layouts) == 6
    assert g.plan(request, 5, 0) != g.plan(request, 5, 1)
    a, b = g.render(plans[0], request), g.render(plans[1], request)
    assert a.png != b.png


def test_chat_follow_up_refines_first_prompt() -> None:
    g = ComposeGenerator()
    history = (("user", 'A poster "Summer Camp" with three tents in a forest'), ("model", "Here you go."))
    request = make_request("make the background blue", history=history)
    plan = g.plan(request, 1, 0)
    assert [t.text for t in plan.texts] == ["Summer Camp"]
    assert {a.icon for a in plan.assets} == {"tent"} and len(plan.assets) == 3
    assert plan.background.kind == "gradient"
    hue = colorsys.rgb_to_hls(*to_rgb(plan.background.colors[0]))[0] * 360
    assert 180 <= hue <= 250, plan.background.colors
    # New quoted text replaces the old.
    request2 = make_request('now change the title to "Winter Camp"', history=history)
    assert [t.text for t in g.plan(request2, 1, 0).texts] == ["Winter Camp"]


def test_system_instruction_adds_style() -> None:
    g = ComposeGenerator()
    request = make_request('A card "Hi"', system_instruction="Always use a pastel style.")
    assert "pastel" in g.plan(request, 1, 0).styles


def test_no_text_no_subject_still_plans() -> None:
    g = ComposeGenerator()
    request = make_request("something abstract and calm")
    plan = g.plan(request, 3, 0)
    image = g.render(plan, request)
    assert image.width == 1024 and not plan.texts
