"""Planner: quotes, subjects, counts, colours, chat refinement, determinism."""

from __future__ import annotations

import colorsys
import io
import json
import random
import string

import numpy as np
import pytest
from PIL import Image

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
    request = make_request('A picture "Grand Opening" with three puppies on the beach')
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
    request = make_request('A picture "Hello" with two cats and a balloon')
    assert g.plan(request, 5, 0) == g.plan(request, 5, 0)
    plans = [g.plan(request, seed, 0) for seed in range(6)]
    layouts = {(p.layout, p.background.colors, tuple(a.box for a in p.assets)) for p in plans}
    assert len(layouts) == 6
    assert g.plan(request, 5, 0) != g.plan(request, 5, 1)
    a, b = g.render(plans[0], request), g.render(plans[1], request)
    assert a.png != b.png


def test_chat_follow_up_refines_first_prompt() -> None:
    g = ComposeGenerator()
    history = (("user", 'A picture "Summer Camp" with three tents in a forest'), ("model", "Here you go."))
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


# -- unknown words, every ratio -----------------------------------------------------------------------

RATIOS = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "1:4", "4:1", "1:8", "8:1"]


def _nonsense(rng: random.Random) -> str:
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 10))) for _ in range(6)]
    glue = rng.choice(["on", "next to", "in the top left corner", "surrounded by", "a row of", "three", "tiny"])
    words.insert(rng.randint(0, 6), glue)
    return " ".join(words)


def test_unknown_words_degrade_to_a_generic_scene_with_their_text() -> None:
    g = ComposeGenerator()
    rng = random.Random(11)
    for k in range(200):
        ratio = RATIOS[k % len(RATIOS)]
        quote = rng.choice(['"Zorblax"', '"Flim Flam 9"', "", '"Ünïcødé ☀"'])
        prompt = f"{_nonsense(rng)} {quote}".strip()
        request = make_request(prompt, ratio, "512")
        plan = g.plan(request, k, 0)
        assert [t.text for t in plan.texts] == [q for q, _s, _e in extract_quotes(prompt)]
        for box in [t.box for t in plan.texts] + [a.box for a in plan.assets]:
            assert box.w > 0 and box.h > 0
            assert box.x >= -1e-3 and box.x + box.w <= 1.001 and box.y >= -1e-3 and box.y + box.h <= 1.001
        if k % 25 == 0:
            image = g.render(plan, request)
            assert (image.width, image.height) == (request.output.width, request.output.height)
            assert g.check(plan, image, request, thorough=False).passed, (prompt, ratio)


@pytest.mark.parametrize("ratio", ["1:8", "8:1", "1:4", "4:1"])
def test_strips_stay_strips_with_relations_and_pins(ratio: str) -> None:
    g = ComposeGenerator()
    request = make_request('a cat on a table, a dog in the top right corner, "Open Late" at the bottom', ratio, "1K")
    plan = g.plan(request, 2, 0)
    image = g.render(plan, request)
    assert (image.width, image.height) == (request.output.width, request.output.height)
    assert g.check(plan, image, request, thorough=False).passed
    (text,) = plan.texts
    px_w, px_h = text.box.w * request.output.width, text.box.h * request.output.height
    assert min(px_w, px_h) >= 0.2 * min(request.output.width, request.output.height)  # a readable band


# -- text roles and places ------------------------------------------------------------------------------


def test_text_places_roles_and_typefaces() -> None:
    g = ComposeGenerator()
    plan = g.plan(
        make_request(
            'a cat with the title "Meow" in a cursive font, the caption "photo: Ana" in the bottom right corner, '
            'a button "Adopt now" and "NEW" in the top left corner'
        ),
        1,
        0,
    )
    by_text = {t.text: t for t in plan.texts}
    assert by_text["Meow"].role == "title" and by_text["Meow"].font == "cursive"
    caption = by_text["photo: Ana"]
    assert caption.role == "caption" and caption.box.y > 0.7 and caption.box.x > 0.3 and caption.align == "right"
    corner = by_text["NEW"]
    assert corner.box.x < 0.2 and corner.box.y < 0.2 and corner.align == "left"
    button = by_text["Adopt now"]
    pill = next(s for s in plan.shapes if s.id.endswith("-button"))
    assert button.role == "button" and pill.fill is not None
    assert pill.box.x <= button.box.x and button.box.x + button.box.w <= pill.box.x + pill.box.w + 1e-6


def test_caption_goes_to_the_bottom_by_default() -> None:
    g = ComposeGenerator()
    for ratio in ("1:1", "16:9", "9:16"):
        plan = g.plan(make_request('a dog, title "Rex", caption "Good boy"', ratio), 3, 0)
        caption = next(t for t in plan.texts if t.role == "caption")
        title = next(t for t in plan.texts if t.role == "title")
        assert caption.box.y > title.box.y + title.box.h and caption.box.y + caption.box.h > 0.85


@pytest.mark.ocr
@pytest.mark.parametrize("prompt", ['a sign that says "Open"', 'a chalkboard with "Soup of the Day"'])
def test_sign_text_reads_back(prompt: str) -> None:
    from openbanana.generators.compose.checks import (
        element_region,
        items_in_region,
        rapidocr_engine,
        reading_order_text,
    )

    engine = rapidocr_engine()
    if engine is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr models missing")
    g = ComposeGenerator()
    request = make_request(prompt, "4:3", "1K")
    plan = g.plan(request, 1, 0)
    (text,) = plan.texts
    assert text.role == "sign" and any(s.id.endswith("-board") for s in plan.shapes)
    image = Image.open(io.BytesIO(g.render(plan, request).png)).convert("RGB")
    result = engine(np.asarray(image))
    items = list(
        zip(list(result.txts or ()), [1.0] * len(result.txts or ()), [b.tolist() for b in result.boxes], strict=True)
    )
    read = reading_order_text(items_in_region(items, element_region(plan, text.id)))
    assert any(text.text.replace(" ", "") in r.replace(" ", "") for r in read), read


@pytest.mark.parametrize(
    ("prompt", "icon", "hue"),
    [
        ("a studio shot of a red handbag", "handbag", (345.0, 15.0)),
        ('a product render of a blue coffee mug with the text "Morning Fuel"', "hot-beverage", (195.0, 230.0)),
        ('a poster "Zoo Day" with a pink elephant', "elephant", (315.0, 350.0)),
    ],
)
def test_document_templates_draw_things_in_the_colour_asked_for(
    prompt: str, icon: str, hue: tuple[float, float]
) -> None:
    import colorsys
    import io

    import numpy as np
    from PIL import Image

    from openbanana.generators.compose import ComposeGenerator

    generator = ComposeGenerator()
    request = make_request(prompt, "1:1", "512")
    plan = generator.plan(request, 1, 0)
    asset = next(a for a in plan.assets if a.icon == icon)
    assert asset.tint is not None
    pixels = np.asarray(Image.open(io.BytesIO(generator.render(plan, request).png)).convert("RGB")) / 255
    x, y, w, h = (round(v) for v in asset.box.px(plan.width, plan.height))
    side = min(w, h)
    cx, cy = x + w // 2, y + h // 2
    region = pixels[cy - side // 2 : cy + side // 2, cx - side // 2 : cx + side // 2].reshape(-1, 3)
    hues = [colorsys.rgb_to_hls(*p)[0] * 360 for p in region if colorsys.rgb_to_hls(*p)[2] > 0.35]
    lo, hi = hue
    inside = [h for h in hues if (lo <= h <= hi if lo <= hi else h >= lo or h <= hi)]
    assert len(inside) > 0.25 * len(region), f"{len(inside)} of {len(region)} pixels in the hue range"
