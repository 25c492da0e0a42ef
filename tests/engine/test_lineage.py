"""Lineage: outputs carry their plan and version, sealed; only this server's seal is trusted."""

from __future__ import annotations

import io
import json

from PIL import Image

from openbanana.catalog.models import NANO_BANANA_2
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.engine import Engine
from openbanana.engine.events import OutputImage
from openbanana.engine.lineage import KEYWORD, LineageKeeper
from openbanana.engine.request import ImageRequest, InputImage, Turn
from openbanana.engine.signatures import Signer
from openbanana.generators.compose import ComposeGenerator
from openbanana.imaging.png_text import add_text, read_text
from openbanana.versions import MemoryVersionStore


def as_input(png: bytes, role: str = "model") -> InputImage:
    with Image.open(io.BytesIO(png)) as img:
        return InputImage(png, "image/png", img.width, img.height, role=role)


def engine(secret: bytes = b"s" * 32) -> tuple[Engine, MemoryVersionStore]:
    store = MemoryVersionStore()
    return Engine(ComposeGenerator(thorough_ocr=False), lineage=LineageKeeper(Signer(secret), store)), store


def generate(e: Engine, turns: tuple[Turn, ...]) -> bytes:
    request = ImageRequest(model=NANO_BANANA_2, turns=turns, output=pixel_size("1:1", "512"), seed=3)
    return next(ev for ev in e.run(request) if isinstance(ev, OutputImage)).png


def test_outputs_are_sealed_numbered_and_recorded() -> None:
    e, store = engine()
    first = generate(e, (Turn("user", ("A red car in a park",)),))
    lineage = LineageKeeper(Signer(b"s" * 32)).read(first)
    assert lineage is not None and lineage.version == 1 and lineage.plan["generator"] == "compose"
    second = generate(
        e,
        (
            Turn("user", ("A red car in a park",)),
            Turn("model", (), (as_input(first),)),
            Turn("user", ("Make the car blue",)),
        ),
    )
    follow = LineageKeeper(Signer(b"s" * 32)).read(second)
    assert follow is not None and follow.version == 2 and follow.conversation == lineage.conversation
    assert follow.plan["edits"] == ["Make the car blue"]
    assert [r.version for r in store.versions(lineage.conversation)] == [1, 2]


def test_a_seal_from_another_server_or_tampered_is_ignored() -> None:
    e, _ = engine()
    first = generate(e, (Turn("user", ("A red car in a park",)),))
    assert LineageKeeper(Signer(b"other" * 7)).read(first) is None
    payload = json.loads(read_text(first, KEYWORD) or "{}")
    payload["plan"]["assets"] = []
    forged = add_text(first, KEYWORD, json.dumps(payload))
    assert LineageKeeper(Signer(b"s" * 32)).read(forged) is None


def test_an_unverifiable_image_is_still_edited_from_its_pixels() -> None:
    other, _ = engine(b"x" * 32)
    foreign = generate(other, (Turn("user", ("A red car in a park",)),))
    e, _ = engine()
    edited = generate(e, (Turn("user", ("Make it black and white",), (as_input(foreign, "user"),)),))
    lineage = LineageKeeper(Signer(b"s" * 32)).read(edited)
    assert lineage is not None and lineage.plan["generator"] == "compose-photo"
    with Image.open(io.BytesIO(edited)) as img:
        r, g, b = img.convert("RGB").split()
        assert r.tobytes() == g.tobytes() == b.tobytes()
