"""Things placed as the prompt says: relations hold on the final boxes at every ratio, colours and sizes
show on the pixels, counts are the drawn copies."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image

from openbanana.generators.compose import ComposeGenerator, ComposePlan
from openbanana.generators.compose.plan import AssetPlacement, Box, Shape

from .helpers import make_request

RATIOS = ["1:1", "16:9", "9:16", "4:3", "8:1", "1:8"]
TOL = 0.004


@pytest.fixture(scope="module")
def generator() -> ComposeGenerator:
    return ComposeGenerator()


def _plan(generator: ComposeGenerator, prompt: str, ratio: str = "1:1", seed: int = 1) -> ComposePlan:
    return generator.plan(make_request(prompt, ratio), seed, 0)


def _assets(plan: ComposePlan, icon: str) -> list[AssetPlacement]:
    return [a for a in plan.assets if a.icon == icon]


def _one(plan: ComposePlan, icon: str) -> AssetPlacement:
    (asset,) = _assets(plan, icon)
    return asset


def _shape(plan: ComposePlan, suffix: str) -> Shape:
    return next(s for s in plan.shapes if s.id.endswith(suffix))


def _cx(b: Box) -> float:
    return b.x + b.w / 2


def _cy(b: Box) -> float:
    return b.y + b.h / 2


def _bottom(b: Box) -> float:
    return b.y + b.h


def _inside(b: Box) -> bool:
    return b.x >= -TOL and b.y >= -TOL and b.x + b.w <= 1 + TOL and b.y + b.h <= 1 + TOL


def _pixels(
    generator: ComposeGenerator, prompt: str, ratio: str = "1:1", seed: int = 1
) -> tuple[ComposePlan, np.ndarray]:
    request = make_request(prompt, ratio, "1K")
    plan = generator.plan(request, seed, 0)
    image = generator.render(plan, request)
    rgb = Image.open(io.BytesIO(image.png)).convert("RGB")
    assert rgb.size == (request.output.width, request.output.height)
    return plan, np.asarray(rgb.convert("HSV")).astype(float)


def _region(hsv: np.ndarray, box: Box) -> np.ndarray:
    h, w = hsv.shape[:2]
    x0, y0 = max(0, int(box.x * w)), max(0, int(box.y * h))
    x1, y1 = min(w, int((box.x + box.w) * w)), min(h, int((box.y + box.h) * h))
    return hsv[y0:y1, x0:x1].reshape(-1, 3)


def _dominant_hue(hsv: np.ndarray, box: Box) -> float:
    """The most common hue (degrees) among the clearly coloured pixels of ``box``."""
    px = _region(hsv, box)
    coloured = px[(px[:, 1] > 90) & (px[:, 2] > 60)]
    assert len(coloured) > 50, "no coloured pixels in the box"
    hist, edges = np.histogram(coloured[:, 0] * 360 / 255, bins=36, range=(0, 360))
    k = int(np.argmax(hist))
    return float((edges[k] + edges[k + 1]) / 2)


def _hue_near(hue: float, target: float, tol: float = 25) -> bool:
    return min(abs(hue - target), 360 - abs(hue - target)) <= tol


# -- relations on the final boxes ------------------------------------------------------------------


@pytest.mark.parametrize("ratio", RATIOS)
def test_cat_on_a_table_stands_on_its_top(generator: ComposeGenerator, ratio: str) -> None:
    for seed in (1, 2):
        plan = _plan(generator, 'a cat on a table "Cat Cafe"', ratio, seed)
        cat, top = _one(plan, "cat").box, _shape(plan, "-top").box
        table = _shape(plan, "-shadow").box
        assert top.y - TOL <= _bottom(cat) <= top.y + top.h, (cat, top)  # feet on the table top
        assert top.x <= _cx(cat) <= top.x + top.w
        assert cat.w <= top.w
        assert _inside(cat) and _inside(table)


@pytest.mark.parametrize("ratio", RATIOS)
def test_bird_above_a_house(generator: ComposeGenerator, ratio: str) -> None:
    plan = _plan(generator, "a bird above a house", ratio)
    bird, house = _one(plan, "bird").box, _one(plan, "house").box
    assert _bottom(bird) <= house.y + TOL
    assert abs(_cx(bird) - _cx(house)) < house.w / 2


@pytest.mark.parametrize("ratio", RATIOS)
def test_dog_to_the_left_of_a_tree(generator: ComposeGenerator, ratio: str) -> None:
    plan = _plan(generator, "a dog to the left of a tree", ratio)
    dog, tree = _one(plan, "dog").box, _one(plan, "deciduous-tree").box
    assert dog.x + dog.w <= tree.x + TOL
    assert abs(_bottom(dog) - _bottom(tree)) < 0.02  # standing on the same line
    plan = _plan(generator, "a dog to the right of a tree", ratio)
    dog, tree = _one(plan, "dog").box, _one(plan, "deciduous-tree").box
    assert tree.x + tree.w <= dog.x + TOL


@pytest.mark.parametrize("ratio", RATIOS)
def test_cake_surrounded_by_candles_is_a_ring(generator: ComposeGenerator, ratio: str) -> None:
    plan = _plan(generator, "a cake surrounded by candles", ratio)
    cake = _one(plan, "birthday-cake").box
    candles = _assets(plan, "candle")
    assert len(candles) >= 6
    w, h = plan.width, plan.height
    angles = []
    for c in candles:
        dx, dy = (_cx(c.box) - _cx(cake)) * w, (_cy(c.box) - _cy(cake)) * h
        assert math.hypot(dx, dy) > min(cake.w * w, cake.h * h) / 2  # outside the cake
        angles.append(math.degrees(math.atan2(dy, dx)) % 360)
    quadrants = {int(a // 90) for a in angles}
    assert quadrants == {0, 1, 2, 3}


@pytest.mark.parametrize("ratio", RATIOS)
def test_a_row_of_five_trees_is_a_line(generator: ComposeGenerator, ratio: str) -> None:
    plan = _plan(generator, "a row of five trees", ratio)
    trees = sorted(_assets(plan, "deciduous-tree"), key=lambda a: a.box.x)
    assert len(trees) == 5
    ys = [_bottom(t.box) for t in trees]
    assert max(ys) - min(ys) < 0.01
    steps = [trees[k + 1].box.x - trees[k].box.x for k in range(4)]
    assert min(steps) > 0 and max(steps) - min(steps) < 0.01


@pytest.mark.parametrize("ratio", RATIOS)
def test_cat_in_the_top_right_corner(generator: ComposeGenerator, ratio: str) -> None:
    plan = _plan(generator, 'a cat in the top-right corner and the title "Hello"', ratio)
    cat = _one(plan, "cat").box
    # On a strip the corner is the strip's end: the right end of 8:1, the top of 1:8.
    if ratio != "1:8":
        assert _cx(cat) > 0.5
    if ratio != "8:1":
        assert _cy(cat) < 0.5
    (title,) = plan.texts
    assert not (cat.x < title.box.x + title.box.w and title.box.x < cat.x + cat.w
                and cat.y < title.box.y + title.box.h and title.box.y < cat.y + cat.h)  # fmt: skip


@pytest.mark.parametrize(
    ("prompt", "check"),
    [
        ("a cat under a table", "under"),
        ("a dog in front of a house", "front"),
        ("a tree behind a house", "behind"),
        ("a cat inside a box", "inside"),
        ("a fish below a sailboat", "below"),
    ],
)
@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16"])
def test_more_relations(generator: ComposeGenerator, prompt: str, check: str, ratio: str) -> None:
    plan = _plan(generator, prompt, ratio)
    if check == "under":
        cat, top = _one(plan, "cat").box, _shape(plan, "-top").box
        legs = _shape(plan, "-leg0").box
        assert cat.y > top.y + top.h - TOL and abs(_bottom(cat) - _bottom(legs)) < 0.01
        assert top.x <= _cx(cat) <= top.x + top.w
        return
    icons = [a.icon for a in plan.assets]
    if check == "front":
        dog, house = _one(plan, "dog").box, _one(plan, "house").box
        assert _bottom(dog) > _bottom(house) and icons.index("dog") > icons.index("house")
    elif check == "behind":
        tree, house = _one(plan, "deciduous-tree").box, _one(plan, "house").box
        assert _bottom(tree) < _bottom(house) and icons.index("deciduous-tree") < icons.index("house")
    elif check == "inside":
        # Sunk into the box, behind its front: the cat's top shows over the rim.
        cat, box = _one(plan, "cat").box, _one(plan, "package").box
        assert box.x < _cx(cat) < box.x + box.w and box.y < _cy(cat) < box.y + box.h
        assert _bottom(cat) < _bottom(box) and cat.w < box.w and icons.index("cat") < icons.index("package")
    else:
        fish, boat = _one(plan, "tropical-fish").box, _one(plan, "sailboat").box
        assert fish.y >= _bottom(boat) - TOL


def test_relations_hold_in_a_setting(generator: ComposeGenerator) -> None:
    for seed in (1, 2, 3):
        plan = _plan(generator, "a cozy kitchen with a cat on a table and a dog next to the table", "16:9", seed)
        assert plan.background.kind == "kitchen"
        cat, top = _one(plan, "cat").box, _shape(plan, "-top").box
        assert top.y - TOL <= _bottom(cat) <= top.y + top.h
        dog = _one(plan, "dog").box
        assert dog.x + dog.w <= top.x + TOL or dog.x >= top.x + top.w - TOL
        assert _bottom(_shape(plan, "-leg0").box) > plan.background.horizon  # the table stands on the floor


# -- attributes on the pixels ----------------------------------------------------------------------


def test_each_vehicle_gets_its_own_colour(generator: ComposeGenerator) -> None:
    # The car illustration is red and the bus blue by themselves: ask for the other way round.
    plan, hsv = _pixels(generator, "a blue car and a red bus on a white background")
    car, bus = _one(plan, "automobile"), _one(plan, "bus")
    assert car.tint is not None and bus.tint is not None
    assert _hue_near(_dominant_hue(hsv, car.box), 210, 30), _dominant_hue(hsv, car.box)
    assert _hue_near(_dominant_hue(hsv, bus.box), 0), _dominant_hue(hsv, bus.box)
    plan, hsv = _pixels(generator, "a green car and a yellow bus on a white background")
    assert _hue_near(_dominant_hue(hsv, _one(plan, "automobile").box), 125, 30)
    assert _hue_near(_dominant_hue(hsv, _one(plan, "bus").box), 55, 25)


def test_a_grey_animal_takes_its_colour(generator: ComposeGenerator) -> None:
    plan, hsv = _pixels(generator, "a pink elephant on a white background")
    assert _hue_near(_dominant_hue(hsv, _one(plan, "elephant").box), 330, 30)


def test_three_red_apples_are_three_visible_apples(generator: ComposeGenerator) -> None:
    plan, hsv = _pixels(generator, "three red apples on a white background")
    apples = _assets(plan, "red-apple")
    assert len(apples) == 3
    for apple in apples:
        px = _region(hsv, apple.box)
        red = ((px[:, 0] < 14) | (px[:, 0] > 241)) & (px[:, 1] > 120) & (px[:, 2] > 90)
        assert red.mean() > 0.2, red.mean()
    boxes = [a.box for a in apples]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert (
                a.x + a.w <= b.x + 0.02 or b.x + b.w <= a.x + 0.02 or a.y + a.h <= b.y + 0.02 or b.y + b.h <= a.y + 0.02
            )


@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "8:1"])
def test_a_tiny_mouse_next_to_a_huge_elephant(generator: ComposeGenerator, ratio: str) -> None:
    plan, hsv = _pixels(generator, "a tiny mouse next to a huge elephant on a white background", ratio)
    mouse, elephant = _one(plan, "mouse").box, _one(plan, "elephant").box
    w, h = plan.width, plan.height
    assert elephant.w * w >= 2 * mouse.w * w and elephant.h * h >= 2 * mouse.h * h
    assert abs(_bottom(mouse) - _bottom(elephant)) < 0.02  # side by side, on one line
    assert mouse.x + mouse.w <= elephant.x + TOL or elephant.x + elephant.w <= mouse.x + TOL
    # The elephant's grey body covers much of its box; the mouse's box is mostly background.
    ink = _region(hsv, elephant)
    assert ((ink[:, 1] < 60) & (ink[:, 2] > 80) & (ink[:, 2] < 200)).mean() > 0.15


def test_sizes_without_relation(generator: ComposeGenerator) -> None:
    plan = _plan(generator, "a huge cat and a small dog")
    assert _one(plan, "cat").box.w > 1.8 * _one(plan, "dog").box.w


def test_counts_are_drawn_copies(generator: ComposeGenerator) -> None:
    for prompt, icon, count in (("a dozen eggs", "egg", 12), ("5 cats", "cat", 5), ("two geese", "goose", 2)):
        assert len(_assets(_plan(generator, prompt), icon)) == count


def test_sign_text_sits_on_the_board(generator: ComposeGenerator) -> None:
    for ratio in ("1:1", "16:9", "9:16", "8:1", "1:8"):
        plan = _plan(generator, 'a wooden sign that says "Open"', ratio)
        board = _shape(plan, "-board").box
        (text,) = plan.texts
        assert text.role == "sign" and text.plate_opacity == 0
        b = text.box
        assert board.x <= b.x and b.x + b.w <= board.x + board.w and board.y <= b.y and b.y + b.h <= board.y + board.h


def test_planning_stays_cheap(generator: ComposeGenerator) -> None:
    import time

    request = make_request('a cat on a table next to a dog, a cake surrounded by candles, "Party" at the top', "16:9")
    generator.plan(request, 0, 0)
    start = time.perf_counter()
    for seed in range(50):
        generator.plan(request, seed, 0)
    assert (time.perf_counter() - start) / 50 < 0.02


@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16"])
def test_things_on_one_desk_stand_side_by_side(generator: ComposeGenerator, ratio: str) -> None:
    plan = _plan(generator, "an office with a desk with a laptop and a plant", ratio)
    laptop, plant, top = _one(plan, "laptop").box, _one(plan, "potted-plant").box, _shape(plan, "-top").box
    for thing in (laptop, plant):
        assert top.y - TOL <= _bottom(thing) <= top.y + top.h and top.x <= _cx(thing) <= top.x + top.w
    assert laptop.x + laptop.w <= plant.x + TOL or plant.x + plant.w <= laptop.x + TOL


def test_an_umbrella_is_held_over_the_head(generator: ComposeGenerator) -> None:
    plan = _plan(generator, "a rainy street with a person holding an umbrella", "16:9")
    person, umbrella = _one(plan, "person-standing").box, _one(plan, "umbrella").box
    assert umbrella.y < person.y and abs(_cx(umbrella) - _cx(person)) < person.w
    assert [a.icon for a in plan.assets].index("umbrella") > [a.icon for a in plan.assets].index("person-standing")


def _alpha_rows(icon: str) -> tuple[float, float]:
    """Top and bottom of an icon's artwork, as fractions of its square (drawn alone)."""
    from openbanana.generators.compose.assets import load_library
    from openbanana.generators.compose.icon_colors import artwork_top

    art = load_library().icon(icon)
    return artwork_top(art.template, art.width, art.height), 1.0


@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16"])
def test_a_thing_on_another_stands_on_its_artwork_not_on_its_box(generator: ComposeGenerator, ratio: str) -> None:
    """An open book is drawn low in its square: the apple's feet land on the book's top edge, not in the
    air above it."""
    plan = _plan(generator, "an apple on top of a book", ratio)
    book, apple = _one(plan, "open-book"), _one(plan, "red-apple")
    art_top = book.box.y + _alpha_rows("open-book")[0] * book.box.h
    apple_art_bottom = apple.box.y + apple.box.h * 0.97  # the apple's artwork reaches its square's bottom
    gap_px = (art_top - apple_art_bottom) * plan.height
    assert -0.15 * book.box.h * plan.height < gap_px < 0.02 * plan.height, gap_px


def test_a_thing_inside_an_open_container_is_drawn_in_front_and_may_overlap(generator: ComposeGenerator) -> None:
    request = make_request("an egg inside a nest", "1:1", "512")
    plan = generator.plan(request, 1, 0)
    order = [a.icon for a in plan.assets]
    assert order.index("egg") > order.index("empty-nest")  # drawn after (over) the nest
    report = generator.check(plan, generator.render(plan, request), request, thorough=True)
    assert report.passed, report.summary()  # the intended overlap is not an issue to correct


def test_related_things_may_overlap_without_being_pulled_apart(generator: ComposeGenerator) -> None:
    request = make_request("a tree behind a car", "1:1", "512")
    plan = generator.plan(request, 1, 0)
    ids = {a.id for a in plan.assets}
    assert any(note.startswith("overlap ok") and ids <= set(note.split()[2:]) for note in plan.notes)
    report = generator.check(plan, generator.render(plan, request), request, thorough=True)
    assert not [i for i in report.issues if "overlap" in i.check], report.summary()


@pytest.mark.parametrize(
    ("prompt", "big", "small"),
    [("a giant cat next to a tiny house", "cat", "house"), ("a huge dog and a small horse", "dog", "horse")],
)
def test_size_words_beat_natural_sizes(generator: ComposeGenerator, prompt: str, big: str, small: str) -> None:
    plan = _plan(generator, prompt)
    assert _one(plan, big).box.w >= 2.0 * _one(plan, small).box.w
