"""``python -m bench.editing_gallery``: before/after pairs for every edit kind → ``docs/editing.md``.

Runs the real engine in-process (the compose generator, lineage sealing and reading, exactly as the
server does) on scikit-image's photos and on openbanana's own images, and writes one side-by-side
JPEG per example into ``docs/editing/`` plus the page that shows them with the prompts used.
"""

from __future__ import annotations

import argparse
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from openbanana.catalog.models import NANO_BANANA_2
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.engine import Engine
from openbanana.engine.events import AnswerText, OutputImage
from openbanana.engine.lineage import LineageKeeper
from openbanana.engine.request import ImageRequest, InputImage, Turn
from openbanana.engine.signatures import Signer
from openbanana.generators.compose import ComposeGenerator
from openbanana.versions import MemoryVersionStore

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "src/openbanana/assets/fonts/NotoSans-Regular.ttf"


@dataclass(frozen=True)
class Example:
    kind: str
    #: Turns of a chat; the first may be a generation. Photos named in ``photos`` go with the first turn.
    turns: tuple[str, ...]
    photos: tuple[str, ...] = ()
    ratio: str | None = None
    size: str = "512"
    #: Show these outputs (indexes into the chat's replies); -1 = the last. The first image shown is
    #: the input photo when there is one, else reply 0.
    show: tuple[int, ...] = (-1,)
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _photo(name: str) -> Image.Image:
    from skimage import data

    if name == "sign":
        img = Image.fromarray(data.chelsea()).convert("RGB")
        draw = ImageDraw.Draw(img)
        draw.rectangle((16, 16, 250, 80), fill=(250, 248, 240))
        bold = ImageFont.truetype(str(ROOT / "src/openbanana/assets/fonts/NotoSans-Bold.ttf"), 28)
        draw.text((133, 48), "FRESH COFFEE", fill=(170, 25, 30), font=bold, anchor="mm")
        return img
    if name == "mask":
        mask = Image.new("L", (512, 512), 0)
        ImageDraw.Draw(mask).rectangle((300, 140, 420, 260), fill=255)
        return mask
    if name == "small":
        return Image.fromarray(data.chelsea()).convert("RGB").resize((225, 150), Image.Resampling.LANCZOS)
    return Image.fromarray(getattr(data, name)()).convert("RGB")


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _input(data: bytes, role: str = "user") -> InputImage:
    with Image.open(io.BytesIO(data)) as img:
        return InputImage(data, "image/png", img.width, img.height, role=role)


EXAMPLES = (
    Example("Recolour an object", ("A red car and a dog in a park", "Make the car blue"), show=(0, -1)),
    Example("Replace an object", ("A red car and a dog in a park", "Replace the dog with a cat"), show=(0, -1)),
    Example("Add objects", ("A red car and a dog in a park", "Add two birds in the sky"), show=(0, -1)),
    Example("Remove an object", ("A red car and a dog in a park", "Remove the dog"), show=(0, -1)),
    Example("Move an object", ("A red car and a dog in a park", "Move the car to the left"), show=(0, -1)),
    Example("Resize an object", ("A cat and a tree on a hill", "Make the cat bigger"), show=(0, -1)),
    Example("Time of day", ("A lighthouse by the sea", "Make it night"), show=(0, -1)),
    Example("Change the background", ("A dog and a ball in a park", "Change the background to a beach"), show=(0, -1)),
    Example(
        "Change text",
        ('A coffee shop poster titled "Grand Opening" with a coffee cup', 'Change the title to "Open 24/7"'),
        ratio="3:4",
        show=(0, -1),
    ),
    Example(
        "Restyle text",
        ('A coffee shop poster titled "Grand Opening" with a coffee cup', "Make the title red and use a serif font"),
        ratio="3:4",
        show=(0, -1),
    ),
    Example("Change the aspect ratio (re-layout)", ("A red car and a dog in a park", "Make it 16:9"), show=(0, -1)),
    Example("Restyle the whole image", ("A fox in a forest", "Make it look like a watercolour"), show=(0, -1)),
    Example("Mask: fill the white area of the mask", ("Fill the masked area with blue",), photos=("astronaut", "mask")),
    Example("Mask: remove what is under the mask", ("Remove this",), photos=("astronaut", "mask")),
    Example("Photo: replace the background (person)", ("Change the background to a beach",), photos=("astronaut",)),
    Example("Photo: replace the background (object)", ("Put it on a white background",), photos=("coffee",)),
    Example("Photo: change text", ('Change the text to "OPEN 24/7"',), photos=("sign",)),
    Example("Photo: translate text", ("Translate the sign into Spanish",), photos=("sign",)),
    Example("Photo: remove text", ("Remove the text",), photos=("sign",)),
    Example("Photo: sepia", ("Make it sepia",), photos=("chelsea",)),
    Example("Photo: pop art", ("Make it pop art",), photos=("chelsea",)),
    Example("Photo: pencil sketch", ("Turn it into a pencil sketch",), photos=("chelsea",)),
    Example("Photo: watercolour", ("Make it look like a watercolor painting",), photos=("coffee",)),
    Example("Photo: duotone", ("Make it duotone",), photos=("astronaut",)),
    Example("Photo: outpaint to 16:9", ("Make it 16:9",), photos=("astronaut",)),
    Example("Photo: upscale (Real-ESRGAN, CPU)", ("Make it 1K",), photos=("small",)),
    Example(
        "References composed into a scene",
        ("The cat from image 1 next to the cup in image 2 on a beach",),
        photos=("chelsea", "coffee"),
        ratio="16:9",
    ),
    Example("Reference with a face", ("The astronaut from image 1 standing in a park",), photos=("astronaut",)),
    Example(
        "A five-turn chat (each turn shown)",
        (
            'A poster titled "Summer Sale" with a cat on a beach',
            "Make the cat bigger",
            'Change the title to "Winter Sale"',
            "Make it black and white",
            "Go back to the second version",
        ),
        show=(0, 1, 2, 3, 4),
    ),
)


def run_example(engine: Engine, ex: Example) -> tuple[list[Image.Image], list[str], float]:
    history: list[Turn] = []
    photos = tuple(_input(_png(_photo(p))) for p in ex.photos)
    replies: list[bytes] = []
    texts: list[str] = []
    started = time.monotonic()
    for n, text in enumerate(ex.turns):
        turn = Turn("user", (text,), photos if n == 0 else ())
        ratio = ex.ratio if n == 0 or ex.ratio else None
        probe = photos[0] if photos else (_input(replies[-1]) if replies else None)
        from openbanana.catalog.sizes import nearest_ratio, ratio_in_text, size_in_text

        ratio = ratio or ratio_in_text(text, NANO_BANANA_2.ratios)
        ratio = ratio or (nearest_ratio(probe.width, probe.height, NANO_BANANA_2.ratios) if probe else "1:1")
        size = size_in_text(text, NANO_BANANA_2.sizes) or ex.size
        request = ImageRequest(model=NANO_BANANA_2, turns=(*history, turn), output=pixel_size(ratio, size), seed=7)
        events = engine.run(request)
        image = next(e for e in events if isinstance(e, OutputImage)).png
        texts.append(" ".join(e.text for e in events if isinstance(e, AnswerText)))
        replies.append(image)
        history += [turn, Turn("model", (), (_input(image, "model"),))]
    seconds = time.monotonic() - started
    shown = [Image.open(io.BytesIO(_png(_photo(p)))) for p in ex.photos if p != "mask"][:2]
    shown += [Image.open(io.BytesIO(replies[i])).convert("RGB") for i in ex.show]
    return shown, texts, seconds


def side_by_side(images: list[Image.Image], height: int = 300) -> Image.Image:
    scaled = [im.convert("RGB").resize((max(1, round(im.width * height / im.height)), height)) for im in images]
    gap = 8
    sheet = Image.new("RGB", (sum(im.width for im in scaled) + gap * (len(scaled) - 1), height), (255, 255, 255))
    x = 0
    for im in scaled:
        sheet.paste(im, (x, 0))
        x += im.width + gap
    return sheet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.editing_gallery", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    folder = args.out / "editing"
    folder.mkdir(parents=True, exist_ok=True)
    engine = Engine(ComposeGenerator(), lineage=LineageKeeper(Signer(b"gallery" * 5), MemoryVersionStore()))
    rows = []
    for n, ex in enumerate(EXAMPLES, 1):
        images, texts, seconds = run_example(engine, ex)
        name = f"{n:02d}.jpg"
        side_by_side(images).save(folder / name, quality=82)
        prompts = " → ".join(f"`{t}`" for t in ex.turns)
        inputs = f" (input: {', '.join(ex.photos)})" if ex.photos else ""
        timing = f"{seconds * 1000:.0f} ms for all turns"
        rows.append(
            f"### {n}. {ex.kind}\n\n{prompts}{inputs} — {timing}\n\n![{ex.kind}](editing/{name})\n\n> {texts[-1]}\n"
        )
        print(f"{n:2d} {ex.kind}: {seconds * 1000:.0f} ms")
    page = (Path(__file__).with_name("editing_header.md")).read_text()
    (args.out / "editing.md").write_text(page + "\n## Before and after\n\n" + "\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
