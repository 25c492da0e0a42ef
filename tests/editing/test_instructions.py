"""Edit instructions → ops: a table of what users say, and what must come out."""

from __future__ import annotations

import pytest

from openbanana.editing.instructions import EditContext, parse_instruction
from openbanana.editing.ops import EditKind as K
from openbanana.editing.ops import EditOp
from openbanana.generators.compose.lexicon import COLORS

CTX = EditContext(subjects=("car", "dog"), texts=(("text0", "title", "SALE"),))
BLUE, RED, GREEN, TEAL = COLORS["blue"], COLORS["red"], COLORS["green"], COLORS["teal"]

CASES: list[tuple[str, tuple[EditOp, ...]]] = [
    # recolour
    ("make the car blue", (EditOp(K.RECOLOR, target="car", color=BLUE),)),
    ("turn it into a pencil sketch", (EditOp(K.RESTYLE, value="sketch"),)),
    ("turn the apple green", (EditOp(K.RECOLOR, target="apple", color=GREEN),)),
    ("paint the house red", (EditOp(K.RECOLOR, target="house", color=RED),)),
    ("change the color of the car to teal", (EditOp(K.RECOLOR, target="car", color=TEAL),)),
    ("change the colour of the car to teal", (EditOp(K.RECOLOR, target="car", color=TEAL),)),
    ("colour the car grey", (EditOp(K.RECOLOR, target="car", color=COLORS["grey"]),)),
    ("make the automobile green", (EditOp(K.RECOLOR, target="car", color=GREEN),)),
    ("make the cars red", (EditOp(K.RECOLOR, target="car", color=RED),)),
    ("change the car to orange", (EditOp(K.RECOLOR, target="car", color=COLORS["orange"]),)),
    ("Please make the car blue.", (EditOp(K.RECOLOR, target="car", color=BLUE),)),
    # replace
    ("replace the dog with a cat", (EditOp(K.REPLACE, target="dog", value="cat"),)),
    ("swap the cat for a rabbit", (EditOp(K.REPLACE, target="cat", value="rabbit"),)),
    ("turn the dog into a fox", (EditOp(K.REPLACE, target="dog", value="fox"),)),
    ("replace the dog with an orange", (EditOp(K.REPLACE, target="dog", value="orange"),)),
    ("swap the puppy for a kitten", (EditOp(K.REPLACE, target="dog", value="kitten"),)),
    # add
    ("add a hat", (EditOp(K.ADD, value="hat", count=1),)),
    ("add two birds in the sky", (EditOp(K.ADD, value="bird", count=2, direction="top"),)),
    ("put a cat next to the dog", (EditOp(K.ADD, target="dog", value="cat", count=1),)),
    ("add a hat to the dog", (EditOp(K.ADD, target="dog", value="hat", count=1, direction="up"),)),
    ("add a red balloon", (EditOp(K.ADD, value="balloon", count=1, color=RED),)),
    ("add a tree on the left", (EditOp(K.ADD, value="tree", count=1, direction="left"),)),
    # remove
    ("remove the dog", (EditOp(K.REMOVE, target="dog"),)),
    ("delete the text", (EditOp(K.REMOVE, target="text"),)),
    ("get rid of the person", (EditOp(K.REMOVE, target="person"),)),
    ("erase the title", (EditOp(K.REMOVE, target="title"),)),
    ("remove the birds", (EditOp(K.REMOVE, target="bird"),)),
    ("remove one of the birds", (EditOp(K.REMOVE, target="bird", count=1),)),
    ("take out the people", (EditOp(K.REMOVE, target="person"),)),
    # move
    ("move the car to the left", (EditOp(K.MOVE, target="car", direction="left"),)),
    ("put the sun in the top right corner", (EditOp(K.MOVE, target="sun", direction="top-right"),)),
    ("move it up", (EditOp(K.MOVE, target="car", direction="up"),)),
    ("move the cat to the centre", (EditOp(K.MOVE, target="cat", direction="center"),)),
    ("move the dog next to the car", (EditOp(K.MOVE, target="dog", value="car"),)),
    ("move the title to the bottom", (EditOp(K.MOVE, target="title", direction="bottom"),)),
    # resize
    ("make the cat bigger", (EditOp(K.RESIZE, target="cat", factor=1.5),)),
    ("make it twice as big", (EditOp(K.RESIZE, target="car", factor=2.0),)),
    ("shrink the tree", (EditOp(K.RESIZE, target="tree", factor=0.67),)),
    ("make the sun smaller", (EditOp(K.RESIZE, target="sun", factor=0.67),)),
    ("make the dog a bit bigger", (EditOp(K.RESIZE, target="dog", factor=1.2),)),
    ("enlarge the dog by 50%", (EditOp(K.RESIZE, target="dog", factor=1.5),)),
    ("make the cat 3 times bigger", (EditOp(K.RESIZE, target="cat", factor=3.0),)),
    # background
    ("change the background to a beach", (EditOp(K.BACKGROUND, value="beach"),)),
    ("put it on a white background", (EditOp(K.BACKGROUND, value="white", color=COLORS["white"]),)),
    ("replace the background with a forest", (EditOp(K.BACKGROUND, value="forest"),)),
    ("put them in a snowy landscape", (EditOp(K.BACKGROUND, value="snow"),)),
    ("remove the background", (EditOp(K.BACKGROUND, value="white", color=COLORS["white"]),)),
    # time
    ("make it night", (EditOp(K.TIME, value="night"),)),
    ("at sunset", (EditOp(K.TIME, value="sunset"),)),
    ("make it daytime", (EditOp(K.TIME, value="day"),)),
    ("change it to dusk", (EditOp(K.TIME, value="sunset"),)),
    # text
    ('change the title to "Open 24/7"', (EditOp(K.TEXT, target="title", value="Open 24/7"),)),
    ("change the title to “Open 24/7”", (EditOp(K.TEXT, target="title", value="Open 24/7"),)),
    ('replace "SALE" with "SOLD OUT"', (EditOp(K.TEXT, target="SALE", value="SOLD OUT"),)),
    ("replace “SALE” with “SOLD OUT”", (EditOp(K.TEXT, target="SALE", value="SOLD OUT"),)),
    ('change the text to "Hello world"', (EditOp(K.TEXT, target="text", value="Hello world"),)),
    ("change the heading to ‘Grand Opening’", (EditOp(K.TEXT, target="title", value="Grand Opening"),)),
    ('make the subtitle say "Now open"', (EditOp(K.TEXT, target="subtitle", value="Now open"),)),
    ('add the text "Hi" at the bottom', (EditOp(K.TEXT, value="Hi", direction="bottom"),)),
    # text style
    ("make the heading bold and red", (EditOp(K.TEXT_STYLE, target="title", color=RED, bold=True),)),
    ("use a serif font for the title", (EditOp(K.TEXT_STYLE, target="title", font="serif"),)),
    ("make the caption bigger", (EditOp(K.TEXT_STYLE, target="caption", factor=1.5),)),
    ("make the text not bold", (EditOp(K.TEXT_STYLE, target="text", bold=False),)),
    # restyle
    ("make it look like a watercolour", (EditOp(K.RESTYLE, value="watercolor"),)),
    ("in pixel art style", (EditOp(K.RESTYLE, value="pixel-art"),)),
    ("black and white", (EditOp(K.RESTYLE, value="grayscale"),)),
    ("pop art", (EditOp(K.RESTYLE, value="pop-art"),)),
    ("make it sepia", (EditOp(K.RESTYLE, value="sepia"),)),
    ("turn it into a watercolor painting", (EditOp(K.RESTYLE, value="watercolor"),)),
    ("make it look retro", (EditOp(K.RESTYLE, value="retro"),)),
    # reframe
    ("make it 16:9", (EditOp(K.REFRAME, value="16:9"),)),
    ("make it wider", (EditOp(K.REFRAME, value="16:9"),)),
    ("make it portrait", (EditOp(K.REFRAME, value="9:16"),)),
    ("make it square", (EditOp(K.REFRAME, value="1:1"),)),
    ("change the aspect ratio to 4:3", (EditOp(K.REFRAME, value="4:3"),)),
    # upscale
    ("make it 4K", (EditOp(K.UPSCALE, value="4K"),)),
    ("upscale 2x", (EditOp(K.UPSCALE, factor=2.0),)),
    ("higher resolution", (EditOp(K.UPSCALE, factor=2.0),)),
    # translate
    ("translate the sign into Spanish", (EditOp(K.TRANSLATE, target="sign", value="es"),)),
    ("translate it to French", (EditOp(K.TRANSLATE, value="fr"),)),
    # rollback
    ("go back to the second version", (EditOp(K.ROLLBACK, index=2),)),
    ("undo", (EditOp(K.ROLLBACK, index=-1),)),
    ("go back", (EditOp(K.ROLLBACK, index=-1),)),
    ("the original", (EditOp(K.ROLLBACK, index=1),)),
    ("version 3", (EditOp(K.ROLLBACK, index=3),)),
    ("restore version two", (EditOp(K.ROLLBACK, index=2),)),
    # fill
    ("fill the masked area with grass", (EditOp(K.FILL, value="grass"),)),
    ("fill it with blue", (EditOp(K.FILL, value="blue", color=BLUE),)),
    ("make the masked area blue", (EditOp(K.FILL, value="blue", color=BLUE),)),
    # several clauses, "it"
    (
        "make the car blue and move it to the left",
        (EditOp(K.RECOLOR, target="car", color=BLUE), EditOp(K.MOVE, target="car", direction="left")),
    ),
    ("add a cat and a dog", (EditOp(K.ADD, value="cat", count=1), EditOp(K.ADD, value="dog", count=1))),
    (
        "make the car blue and the dog red",
        (EditOp(K.RECOLOR, target="car", color=BLUE), EditOp(K.RECOLOR, target="dog", color=RED)),
    ),
    (
        "remove the dog, then make the car bigger",
        (EditOp(K.REMOVE, target="dog"), EditOp(K.RESIZE, target="car", factor=1.5)),
    ),
    (
        "make the car smaller and red",
        (EditOp(K.RESIZE, target="car", factor=0.67), EditOp(K.RECOLOR, target="car", color=RED)),
    ),
    (
        "make it night; then add a moon",
        (EditOp(K.TIME, value="night"), EditOp(K.ADD, value="moon", count=1)),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_instruction_table(text: str, expected: tuple[EditOp, ...]) -> None:
    assert parse_instruction(text, CTX) == expected


@pytest.mark.parametrize(
    "text",
    ["", "asdf qwerty", "hello there", "thanks!", "I love it", "what is this?", "make", "123", "make the dog sit",
     "lorem ipsum dolor sit amet", "a dog", "the cat red"],
)  # fmt: skip
def test_garbage_gives_nothing(text: str) -> None:
    assert parse_instruction(text, CTX) == ()


def test_it_resolves_to_last_target_then_main_subject_then_whole_image() -> None:
    assert parse_instruction("make it bigger", EditContext(("car", "dog"), last_target="dog"))[0].target == "dog"
    assert parse_instruction("make them red", EditContext(("bird",)))[0].target == "bird"
    assert parse_instruction("make it blue", EditContext())[0] == EditOp(K.RECOLOR, target=None, color=BLUE)


def test_a_clause_target_carries_to_the_next_clause() -> None:
    ops = parse_instruction("make the dog red, then move it to the right", EditContext(("car", "dog")))
    assert [op.target for op in ops] == ["dog", "dog"]


def test_it_after_a_text_edit_is_that_text() -> None:
    ops = parse_instruction('change the title to "Open" and make it bold and red, then move it to the bottom')
    assert ops == (
        EditOp(K.TEXT, target="title", value="Open"),
        EditOp(K.TEXT_STYLE, target="title", color=RED, bold=True),
        EditOp(K.MOVE, target="title", direction="bottom"),
    )


def test_shades_and_hex() -> None:
    (op,) = parse_instruction("make the background dark blue")
    assert op.kind is K.BACKGROUND and op.value == "dark blue" and op.color is not None
    assert op.color != BLUE
    assert parse_instruction("make the car #ff8800")[0].color == "#ff8800"
