"""Reading prompts: nouns → illustrations (plurals, synonyms), attributes bound to the right thing,
relations, places, quote hints, setting, light, weather, style and chat refinement."""

from __future__ import annotations

import random
import string

import pytest

from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.intent import Relation, SubjectSpec, merge_turns, read_turn
from openbanana.generators.compose.lexicon import COLORS

#: word → icon, over people, animals, food, vehicles, buildings, plants, weather, objects and symbols.
NOUNS: dict[str, str] = {
    # people
    "person": "person-standing", "people": "person-standing", "man": "man-standing", "men": "man-standing",
    "woman": "woman-standing", "women": "woman-standing", "child": "child", "children": "child", "kid": "child",
    "kids": "child", "boy": "boy", "girls": "girl", "baby": "baby", "family": "people-hugging",
    "doctor": "health-worker", "nurse": "health-worker", "chef": "cook", "teacher": "teacher",
    "police officer": "police-officer", "firefighter": "firefighter", "astronaut": "astronaut",
    "farmer": "farmer", "king": "person-with-crown", "queen": "person-with-crown", "wizard": "person-mage",
    "santa": "santa-claus", "princess": "princess",
    # animals
    "dog": "dog", "puppies": "dog", "cat": "cat", "kitties": "cat", "kittens": "cat", "mice": "mouse",
    "geese": "goose", "wolves": "wolf", "horses": "horse", "cows": "cow", "sheep": "ewe", "pigs": "pig",
    "hen": "chicken", "rooster": "rooster", "ducks": "duck", "birds": "bird", "fish": "tropical-fish",
    "owl": "owl", "bears": "bear", "lion": "lion", "tiger": "tiger", "elephants": "elephant",
    "giraffe": "giraffe", "zebra": "zebra", "monkeys": "monkey", "bunnies": "rabbit", "foxes": "fox",
    "deer": "deer", "frogs": "frog", "snake": "snake", "turtle": "turtle", "whale": "spouting-whale",
    "dolphin": "dolphin", "shark": "shark", "octopus": "octopus", "crab": "crab", "butterflies": "butterfly",
    "bees": "honeybee", "ant": "ant", "spider": "spider", "penguins": "penguin", "panda": "panda",
    "koala": "koala", "kangaroo": "kangaroo", "camel": "camel", "squirrel": "chipmunk", "hedgehog": "hedgehog",
    "unicorn": "unicorn", "dragon": "dragon", "dinosaurs": "t-rex", "parrot": "parrot", "flamingo": "flamingo",
    "swan": "swan", "eagle": "eagle", "golden retriever": "dog",
    # food and drink
    "apples": "red-apple", "bananas": "banana", "oranges": "tangerine", "lemon": "lemon",
    "strawberries": "strawberry", "cherries": "cherries", "berries": "blueberries", "grapes": "grapes",
    "pear": "pear", "peaches": "peach", "pineapple": "pineapple", "watermelon": "watermelon",
    "tomatoes": "tomato", "potatoes": "potato", "carrots": "carrot", "eggs": "egg", "bread": "bread",
    "cheese": "cheese-wedge", "pizza": "pizza", "burger": "hamburger", "sandwich": "sandwich",
    "cakes": "birthday-cake", "cupcake": "cupcake", "cookies": "cookie", "donuts": "doughnut",
    "candy": "candy", "chocolate": "chocolate-bar", "coffee": "hot-beverage", "tea": "teacup-without-handle",
    "milk": "glass-of-milk", "juice": "beverage-box", "wine": "wine-glass", "beer": "beer-mug",
    "cocktail": "cocktail-glass", "sushi": "sushi", "tacos": "taco", "noodles": "steaming-bowl",
    "rice": "cooked-rice", "soup": "pot-of-food", "salad": "green-salad", "pie": "pie", "croissants": "croissant",
    "corn": "ear-of-corn", "broccoli": "broccoli", "mushrooms": "mushroom", "ice cream": "ice-cream",
    # vehicles
    "car": "automobile", "automobiles": "automobile", "buses": "bus", "trucks": "delivery-truck",
    "taxi": "taxi", "bicycles": "bicycle", "bikes": "bicycle", "motorcycle": "motorcycle", "trains": "locomotive",
    "planes": "airplane", "boats": "sailboat", "ship": "ship", "rocket": "rocket", "helicopter": "helicopter",
    "tractor": "tractor", "ambulance": "ambulance", "van": "minibus", "scooter": "motor-scooter",
    # buildings
    "houses": "house", "home": "house-with-garden", "buildings": "office-building", "castle": "castle",
    "school": "school", "hospital": "hospital", "church": "church", "skyscraper": "office-building",
    "tent": "tent", "hut": "hut", "factory": "factory", "shop": "convenience-store", "hotel": "hotel",
    "stadium": "stadium", "barn": "house",
    # plants
    "trees": "deciduous-tree", "palm": "palm-tree", "pine": "evergreen-tree", "flowers": "tulip",
    "roses": "rose", "tulips": "tulip", "sunflowers": "sunflower", "cacti": "cactus",
    "leaves": "leaf-fluttering-in-wind",
    "plants": "potted-plant", "christmas trees": "christmas-tree", "clover": "four-leaf-clover",
    # sky and weather things
    "sun": "sun", "clouds": "cloud", "rainbow": "rainbow", "snowflakes": "snowflake", "lightning": "high-voltage",
    "tornado": "tornado", "moon": "crescent-moon", "stars": "star", "umbrella": "umbrella", "planet": "ringed-planet",
    # objects
    "books": "open-book", "phone": "mobile-phone", "laptop": "laptop", "computer": "laptop", "camera": "camera",
    "clock": "alarm-clock", "watch": "watch", "keys": "key", "lamp": "light-bulb", "chair": "chair",
    "bed": "bed", "sofa": "couch-and-lamp", "door": "door", "cup": "hot-beverage", "glasses": "glasses",
    "bottle": "bottle-with-popping-cork", "box": "package", "gifts": "wrapped-gift", "balloons": "balloon",
    "guitar": "guitar", "piano": "musical-keyboard", "drum": "drum", "ball": "soccer-ball", "hat": "top-hat",
    "shoes": "running-shoe", "backpack": "backpack", "pencils": "pencil", "scissors": "scissors",
    "hammer": "hammer", "candles": "candle", "crown": "crown", "ring": "ring", "diamond": "gem-stone",
    "coins": "coin", "money": "money-bag", "trophy": "trophy", "medal": "1st-place-medal", "kite": "kite",
    "map": "world-map", "globe": "globe-showing-americas", "magnet": "magnet", "bell": "bell",
    "suitcase": "luggage", "headphones": "headphone", "microphone": "microphone", "robot": "robot",
    # symbols
    "hearts": "red-heart", "check mark": "check-mark", "arrows": "right-arrow", "warning": "warning",
    "peace": "peace-symbol", "recycling": "recycling-symbol", "lock": "locked", "question": "red-question-mark",
    "dollar": "dollar-banknote", "euro": "euro-banknote", "music": "musical-note", "fire": "fire",
    "sparkles": "sparkles", "flag": "triangular-flag", "infinity": "infinity",
}  # fmt: skip


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library()


def _specs(prompt: str) -> tuple[SubjectSpec, ...]:
    return read_turn(prompt, load_library()).specs


def test_noun_table_is_broad() -> None:
    assert len(NOUNS) >= 150


@pytest.mark.parametrize(("word", "icon"), sorted(NOUNS.items()))
def test_common_nouns_find_their_illustration(word: str, icon: str) -> None:
    specs = _specs(f"a picture of {word}")
    assert [s.icon for s in specs] == [icon], (word, specs)


@pytest.mark.parametrize(
    ("prompt", "icon", "count"),
    [
        ("puppies", "dog", 3),
        ("three red apples", "red-apple", 3),
        ("a dozen eggs", "egg", 12),
        ("5 cats", "cat", 5),
        ("two dozen cookies", "cookie", 12),
        ("an orange", "tangerine", 1),
        ("houses", "house", 3),
        ("a couple of geese", "goose", 2),
        ("grapes", "grapes", 1),
        ("glasses", "glasses", 1),
        ("a flock of birds", "bird", 5),
        ("a row of five trees", "deciduous-tree", 5),
        ("trees in a row", "deciduous-tree", 5),
    ],
)
def test_counts(prompt: str, icon: str, count: int) -> None:
    assert [(s.icon, s.count) for s in _specs(prompt)] == [(icon, count)]


def test_colours_bind_to_their_own_thing() -> None:
    car, bus = _specs("a red car and a blue bus")
    assert (car.icon, car.color_word, car.color) == ("automobile", "red", COLORS["red"])
    assert (bus.icon, bus.color_word, bus.color) == ("bus", "blue", COLORS["blue"])
    apple, pear = _specs("three red apples next to a green pear")
    assert apple.color_word == "red" and pear.color_word == "green"
    (car,) = _specs("a car in yellow")
    assert car.color_word == "yellow"
    (light,) = _specs("a light blue bicycle")
    assert light.color is not None and light.color != COLORS["blue"]


def test_colour_words_not_about_a_thing_stay_background_palette_or_text() -> None:
    turn = read_turn("a blue background with white text and a green pear", load_library())
    assert turn.background_colors == (COLORS["blue"],) and turn.text_color == COLORS["white"]
    assert COLORS["green"] not in turn.palette_colors
    orange = read_turn("an orange background with a cat", load_library())
    assert orange.background_colors == (COLORS["orange"],) and [s.icon for s in orange.specs] == ["cat"]


def test_sizes_bind_to_their_own_thing() -> None:
    mouse, elephant = _specs("a tiny mouse next to a huge elephant")
    assert mouse.size_word == "tiny" and elephant.size_word == "huge"
    assert elephant.scale >= 3 * mouse.scale


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [
        ("a cat on a table", "on"),
        ("a cat sitting on top of the table", "on"),
        ("a bird above a house", "above"),
        ("a bird flying over the house", "above"),
        ("a dog to the left of a tree", "left-of"),
        ("a dog to the right of a tree", "right-of"),
        ("a cat under the table", "under"),
        ("a fish below a boat", "below"),
        ("a dog in front of a house", "in-front-of"),
        ("a tree behind a house", "behind"),
        ("a cat inside a box", "inside"),
        ("a dog next to a cat", "next-to"),
        ("a bench beside a tree", "next-to"),
        ("candles around a cake", "around"),
    ],
)
def test_relations(prompt: str, kind: str) -> None:
    turn = read_turn(prompt, load_library())
    assert turn.relations == (Relation(0, kind, 1),), turn


def test_surrounded_by_puts_the_second_thing_around_the_first() -> None:
    turn = read_turn("a cake surrounded by candles", load_library())
    assert [s.icon for s in turn.specs] == ["birthday-cake", "candle"]
    assert turn.relations == (Relation(1, "around", 0),)


def test_no_relation_to_a_setting_or_a_far_noun() -> None:
    turn = read_turn("a dog in the park with a ball", load_library())
    assert turn.relations == () and turn.scene == "park"


@pytest.mark.parametrize(
    ("prompt", "region"),
    [
        ("a cat in the top-right corner", "top-right"),
        ("a cat in the top right corner", "top-right"),
        ("a sun in the upper left", "top-left"),
        ("a dog at the bottom", "bottom"),
        ("a cat on the left side of the image", "left"),
        ("in the bottom left corner, a snail", "bottom-left"),
        ("a cat in the middle", "center"),
    ],
)
def test_regions(prompt: str, region: str) -> None:
    (spec,) = _specs(prompt)
    assert spec.region == region


def test_props_are_specs_but_not_subjects() -> None:
    turn = read_turn("a cat on a table", load_library())
    assert [(s.icon, s.prop) for s in turn.specs] == [("cat", None), ("", "table")]
    assert turn.subjects == (("cat", "cat", 1),)


@pytest.mark.parametrize(
    ("prompt", "role", "font", "effect", "placement"),
    [
        ('a sign that says "Open"', "sign", None, None, "sign"),
        ('"Welcome" written on a chalkboard', None, None, None, "sign"),
        ('the title "Hello" at the bottom in a handwritten font', "title", "handwritten", None, "bottom"),
        ('a caption "Photo by Ana" in the bottom right corner', "caption", None, None, "bottom-right"),
        ('a button "Buy now"', "button", None, None, "button"),
        ('neon text "OPEN"', None, None, "neon", None),
        ('the headline "Retro" in serif', "title", "serif", None, None),
        ('"Code" in monospace', None, "mono", None, None),
        ('a cursive subtitle "with love"', "subtitle", "cursive", None, None),
        ('an outlined title "POW"', "title", None, "outline", None),
    ],
)
def test_quote_hints(
    prompt: str, role: str | None, font: str | None, effect: str | None, placement: str | None
) -> None:
    (q,) = read_turn(prompt, load_library()).texts
    assert (q.role, q.font, q.effect, q.placement) == (role, font, effect, placement)


def test_font_said_of_the_text_applies_to_every_quote() -> None:
    texts = read_turn('title "A" and subtitle "B", all text in a serif font', load_library()).texts
    assert [q.font for q in texts] == ["serif", "serif"]


def test_quote_hints_bold_and_colour() -> None:
    title, caption = read_turn('a bold title "SALE" in red and the caption "ends soon"', load_library()).texts
    assert title.bold and title.color == COLORS["red"] and title.role == "title"
    assert caption.role == "caption" and caption.color is None


@pytest.mark.parametrize(
    ("prompt", "scene", "time", "lighting", "weather"),
    [
        ("snowy mountains", "snow", None, None, ("snow",)),
        ("a city at night in the rain", "city", "night", None, ("rain",)),
        ("a beach at golden hour", "beach", "sunset", "golden", ()),
        ("a lake at sunrise", "lake", "sunset", "sunrise", ()),
        ("a neon city", "city", "night", "neon", ()),
        ("a foggy forest", "forest", None, None, ("fog",)),
        ("a stormy sea", "sea", None, None, ("storm",)),
        ("a cozy kitchen", "kitchen", None, None, ()),
        ("a photo studio", "studio", None, None, ()),
        ("an office", "office", None, None, ()),
    ],
)
def test_settings_light_and_weather(
    prompt: str, scene: str, time: str | None, lighting: str | None, weather: tuple[str, ...]
) -> None:
    turn = read_turn(prompt, load_library())
    assert (turn.scene, turn.time, turn.lighting, turn.weather) == (scene, time, lighting, weather)


@pytest.mark.parametrize(
    ("prompt", "style"),
    [
        ("a flat illustration", "flat"),
        ("minimalist", "minimal"),
        ("a retro look", "retro"),
        ("pop art", "pop-art"),
        ("pastel colours", "pastel"),
        ("dark mode", "dark"),
        ("corporate", "corporate"),
        ("playful", "playful"),
        ("vintage", "vintage"),
        ("elegant", "elegant"),
        ("cinematic", "cinematic"),
        ("neon", "neon"),
        ("watercolor", "watercolor"),
        ("hand-drawn", "hand-drawn"),
    ],
)
def test_style_words(prompt: str, style: str) -> None:
    assert style in read_turn(f"a cat, {prompt} style", load_library()).styles


def test_style_phrases_are_not_things() -> None:
    turn = read_turn("a pop art picture of a cat", load_library())
    assert [s.icon for s in turn.specs] == ["cat"] and "pop-art" in turn.styles


def test_negation() -> None:
    turn = read_turn('five kittens but no dog, the sign says "Hot Dogs"', load_library())
    assert [s.icon for s in turn.specs if not s.prop] == ["cat"] and "dog" in turn.negated


def test_follow_ups_refine_things() -> None:
    library = load_library()
    intent = merge_turns(["a red car next to a tree", "make the car blue"], library)
    car = next(s for s in intent.specs if s.icon == "automobile")
    assert car.color_word == "blue" and len(intent.specs) == 2
    assert intent.relations == (Relation(0, "next-to", 1),)
    intent = merge_turns(["three cats and a dog", "remove the dog"], library)
    assert [s.icon for s in intent.specs] == ["cat"] and intent.subjects == (("cats", "cat", 3),)
    intent = merge_turns(["three cats", "make the cat huge"], library)
    assert [(s.count, s.size_word) for s in intent.specs] == [(3, "huge")]


def test_same_icon_twice_with_different_colours_keeps_both() -> None:
    intent = merge_turns(["a red car and a blue car"], load_library())
    assert [s.color_word for s in intent.specs] == ["red", "blue"]
    assert intent.subjects == (("car", "automobile", 2),)


def test_nonsense_never_fails() -> None:
    library = load_library()
    rng = random.Random(7)
    for _ in range(300):
        words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 10))) for _ in range(8)]
        words.insert(rng.randint(0, 8), rng.choice(["on", "in the corner", "next to", "a row of", '"Zq"', "3"]))
        turn = read_turn(" ".join(words), library)
        assert all(s.count >= 1 for s in turn.specs)
        assert all(r.subject < len(turn.specs) and r.target < len(turn.specs) for r in turn.relations)


@pytest.mark.parametrize(
    ("prompt", "things", "relations"),
    [
        ("two cups of coffee", [("hot-beverage", 2)], ()),
        ("a slice of pizza", [("pizza", 1)], ()),
        ("a basket of apples", [("basket", 1), ("red-apple", 3)], (Relation(1, "inside", 0),)),
        ("a desk with a laptop and a plant", [("table", 1), ("laptop", 1), ("potted-plant", 1)],
         (Relation(1, "on", 0), Relation(2, "on", 0))),
        ("a bowl with three apples", [("bowl-with-spoon", 1), ("red-apple", 3)], (Relation(1, "inside", 0),)),
        ("a person holding an umbrella", [("person-standing", 1), ("umbrella", 1)], (Relation(1, "held", 0),)),
        ("a cat under the table and a cup on the table", [("cat", 1), ("table", 1), ("hot-beverage", 1)],
         (Relation(0, "under", 1), Relation(2, "on", 1))),
    ],
)  # fmt: skip
def test_of_with_holding_and_the(prompt: str, things: list[tuple[str, int]], relations: tuple[Relation, ...]) -> None:
    turn = read_turn(prompt, load_library())
    assert [(s.icon or s.prop, s.count) for s in turn.specs] == things
    assert turn.relations == relations
