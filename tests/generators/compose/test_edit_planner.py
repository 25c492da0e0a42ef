"""What a request with images becomes: plan edit, pixel edit, masked edit, rollback or reference scene."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from openbanana.catalog.models import NANO_BANANA_2
from openbanana.catalog.sizes import pixel_size
from openbanana.editing.ops import EditKind
from openbanana.engine.engine import Engine
from openbanana.engine.errors import InvalidArgument
from openbanana.engine.events import OutputImage
from openbanana.engine.lineage import LineageKeeper
from openbanana.engine.request import ImageRequest, InputImage, Turn
from openbanana.engine.signatures import Signer
from openbanana.generators.compose import ComposeGenerator, ComposePlan
from openbanana.generators.compose.photo_edit import PhotoEditPlan

skimage_data = pytest.importorskip("skimage.data")
KEEPER = LineageKeeper(Signer(b"k" * 32))
GEN = ComposeGenerator(thorough_ocr=False)


def png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def image(data: bytes, role: str = "user") -> InputImage:
    with Image.open(io.BytesIO(data)) as img:
        return KEEPER.resolve_image(InputImage(data, "image/png", img.width, img.height, role=role))


def request(turns: tuple[Turn, ...], ratio: str = "1:1") -> ImageRequest:
    return ImageRequest(model=NANO_BANANA_2, turns=turns, output=pixel_size(ratio, "512"), seed=5)


def generated(prompt: str) -> bytes:
    engine = Engine(GEN, lineage=KEEPER)
    return next(e for e in engine.run(request((Turn("user", (prompt,)),))) if isinstance(e, OutputImage)).png


def astronaut() -> bytes:
    return png(Image.fromarray(skimage_data.astronaut()))


def mask(size: tuple[int, int] = (512, 512)) -> bytes:
    m = Image.new("L", size, 0)
    ImageDraw.Draw(m).rectangle((size[0] // 5, size[1] // 5, size[0] // 2, size[1] // 2), fill=255)
    return png(m)


def test_own_image_in_a_chat_is_a_plan_edit() -> None:
    first = generated("A red car and a dog in a park")
    turns = (Turn("user", ("A red car and a dog in a park",)), Turn("model", (), (image(first, "model"),)))
    plan = GEN.plan(request((*turns, Turn("user", ("Make the car blue",)))), 5, 0)
    assert isinstance(plan, ComposePlan) and plan.edits == ("Make the car blue",)
    car = next(a for a in plan.assets if a.noun in ("car", "automobile"))
    assert car.tint is not None


def test_a_photo_is_a_pixel_edit_and_a_trailing_black_and_white_image_is_its_mask() -> None:
    plan = GEN.plan(request((Turn("user", ("Fill it with blue",), (image(astronaut()), image(mask()))),)), 5, 0)
    assert isinstance(plan, PhotoEditPlan) and plan.mask is not None
    assert [op.kind for op in plan.ops] == [EditKind.FILL]


def test_a_mask_of_the_wrong_size_is_a_400() -> None:
    turns = (Turn("user", ("Fill it with blue",), (image(astronaut()), image(mask((100, 80))))),)
    with pytest.raises(InvalidArgument, match="mask is 100x80"):
        GEN.plan(request(turns), 5, 0)


def test_rollback_past_the_history_is_a_400() -> None:
    first = generated("A cat")
    turns = (
        Turn("user", ("A cat",)),
        Turn("model", (), (image(first, "model"),)),
        Turn("user", ("Go back to version 4",)),
    )
    with pytest.raises(InvalidArgument, match="no version 4"):
        GEN.plan(request(turns), 5, 0)


def test_rollback_re_renders_the_earlier_version_exactly() -> None:
    engine = Engine(GEN, lineage=KEEPER)
    history: tuple[Turn, ...] = ()
    outputs = []
    for text in (
        "A red car and a dog in a park",
        "Make the car blue",
        "Remove the dog",
        "Go back to the second version",
    ):
        history = (*history, Turn("user", (text,)))
        out = next(e for e in engine.run(request(history)) if isinstance(e, OutputImage)).png
        outputs.append(np.asarray(Image.open(io.BytesIO(out)).convert("RGB")))
        history = (*history, Turn("model", (), (image(out, "model"),)))
    assert np.array_equal(outputs[3], outputs[1]) and not np.array_equal(outputs[2], outputs[1])


def test_images_with_a_scene_prompt_are_references_drawn_from_their_pixels() -> None:
    cat = png(Image.fromarray(skimage_data.chelsea()))
    turns = (Turn("user", ("The cat from image 1 on a beach",), (image(cat),)),)
    plan = GEN.plan(request(turns, "16:9"), 5, 0)
    assert isinstance(plan, ComposePlan)
    refs = [a for a in plan.assets if a.image]
    assert len(refs) == 1 and refs[0].noun == "cat"
    rendered = np.asarray(Image.open(io.BytesIO(GEN.render(plan, request(turns, "16:9")).png)).convert("RGB"))
    box = refs[0].box
    h, w = rendered.shape[:2]
    inside = rendered[int(box.y * h) : int((box.y + box.h) * h), int(box.x * w) : int((box.x + box.w) * w)]
    assert inside.std() > 25, "the cat's photo pixels, not a flat illustration"


def test_mentioning_an_image_that_was_not_sent_is_a_400() -> None:
    turns = (Turn("user", ("The dog from image 3 on a beach",), (image(astronaut()),)),)
    with pytest.raises(InvalidArgument, match="image 3"):
        GEN.plan(request(turns), 5, 0)
