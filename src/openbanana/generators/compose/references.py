"""Reference images composed into a planned scene.

"The character from image 1 next to the bottle in image 2 on a beach": images are numbered in the
order sent; each mention ("the X from/in/of image N", "image N's X", "the first image") binds a noun
to an image. The rest of the prompt is planned as usual (setting, text, other things), and each
reference's subject — cut out by the person segmenter or the saliency + GrabCut subject mask —
stands in the scene in the order mentioned. The cut-out is a deterministic function of the image
bytes, so the same reference gives the same subject every time, and the pixels of a face are the
pixels sent, so identity is kept.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from openbanana.engine.request import ImageRequest, InputImage, Turn
from openbanana.generators.compose.plan import AssetPlacement, Box, ComposePlan

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "last": -1}  # fmt: skip
_IMAGE = r"(?:image|picture|photo|pic|img|reference)"
#: "the cat from image 2", "the bottle in the second picture", "the man of image 1"
_NOUN_FROM = re.compile(
    r"\b(?:the\s+|a\s+|an\s+)?([a-z]+)\s+(?:from|in|of|shown in)\s+(?:the\s+)?"
    + r"(?:" + _IMAGE + r"\s*#?\s*(\d{1,2})|(" + "|".join(_ORDINALS) + r")\s+" + _IMAGE + r")\b",
    re.IGNORECASE,
)  # fmt: skip
#: "image 2's cat"
_POSSESSIVE = re.compile(r"\b" + _IMAGE + r"\s*#?\s*(\d{1,2})'s\s+([a-z]+)", re.IGNORECASE)
_PERSON_NOUNS = frozenset({"person", "man", "woman", "character", "girl", "boy", "astronaut", "model", "face", "me"})


@dataclass(frozen=True)
class Mention:
    noun: str
    image: int  # 1-based


def mentions(prompt: str, count: int) -> tuple[tuple[Mention, ...], str]:
    """The references the prompt names, in order, and the prompt with those mentions taken out."""
    found: list[tuple[int, Mention]] = []
    rest = prompt

    def number(digits: str | None, word: str | None) -> int:
        n = int(digits) if digits else _ORDINALS[(word or "first").lower()]
        return count if n == -1 else n

    def take_from(m: re.Match[str]) -> str:
        found.append((m.start(), Mention(m.group(1).split()[-1].lower(), number(m.group(2), m.group(3)))))
        return " "

    def take_possessive(m: re.Match[str]) -> str:
        found.append((m.start(), Mention(m.group(2).lower(), int(m.group(1)))))
        return " "

    rest = _POSSESSIVE.sub(take_possessive, rest)
    rest = _NOUN_FROM.sub(take_from, rest)
    ordered = tuple(m for _, m in sorted(found, key=lambda item: item[0]))
    return ordered, re.sub(r"\s{2,}", " ", rest).strip()


@lru_cache(maxsize=32)
def _cutout_png(data: bytes) -> tuple[str, float, bool]:
    """(base64 RGBA PNG of the subject, its width/height, is it a person) for an image's bytes."""
    import numpy as np

    from openbanana.editing import photo, segment

    rgb = photo.to_rgb(data)
    longest = max(rgb.shape[:2])
    if longest > 1024:  # plenty for a subject in a scene; keeps the plan (and the PNG chunk) small
        k = 1024 / longest
        rgb = photo.resize(rgb, max(1, round(rgb.shape[1] * k)), max(1, round(rgb.shape[0] * k)))
    person = segment.has_person(rgb)
    alpha = segment.person_mask(rgb) if person else segment.subject_mask(rgb)
    if float(np.mean(alpha > 0.5)) < 0.01:  # nothing stands out: use the whole picture
        alpha = np.ones(rgb.shape[:2], dtype=np.float32)
    rgba = segment.cutout(rgb, alpha)
    png = photo.encode_png(rgba)
    return base64.b64encode(png).decode("ascii"), rgba.shape[1] / max(1, rgba.shape[0]), person


def _ground(plan: ComposePlan) -> float:
    horizon = plan.background.horizon
    return 0.93 if horizon >= 0.98 else min(0.95, horizon + (1 - horizon) * 0.62)


def reference_scene(request: ImageRequest, images: tuple[InputImage, ...], seed: int) -> ComposePlan:
    """A scene plan for the prompt with the reference images' subjects standing in it."""
    from openbanana.engine.errors import InvalidArgument
    from openbanana.generators.compose.planner import build_plan

    named, rest = mentions(request.prompt, len(images))
    for m in named:
        if not 1 <= m.image <= len(images):
            raise InvalidArgument(f"The prompt mentions image {m.image}, but the request has {len(images)} images.")
    order = list(named) or [Mention("subject", n + 1) for n in range(len(images))]
    scene_request = replace(request, turns=(*request.history, Turn("user", (rest or "a simple studio scene",))))
    plan = build_plan(scene_request, seed, 0)
    width, height = request.output.width, request.output.height
    ground = _ground(plan)
    slot = 0.86 / len(order)
    placements: list[AssetPlacement] = []
    for n, mention in enumerate(order):
        image_b64, aspect, person = _cutout_png(images[mention.image - 1].data)
        tall = 0.62 if (person or mention.noun in _PERSON_NOUNS) else 0.42
        h = min(tall, ground - 0.05)
        w = min(slot * 0.95, h * aspect * height / width)
        h = w * width / height / aspect if w < h * aspect * height / width else h
        cx = 0.07 + slot * (n + 0.5)
        placements.append(
            AssetPlacement(
                id=f"ref{n + 1}",
                icon="reference",
                noun=mention.noun,
                box=Box(cx - w / 2, ground - h, w, h),
                image=image_b64,
            )
        )
    kept = tuple(a for a in plan.assets if not _overlaps_any(a.box, placements))
    digest = hashlib.sha256(b"".join(i.data for i in images)).hexdigest()[:12]
    return replace(
        plan,
        prompt=request.prompt,
        assets=(*kept, *placements),
        subjects=(*plan.subjects, *((m.noun, "reference", 1) for m in order)),
        notes=(*plan.notes, f"references {digest}"),
    )


def _overlaps_any(box: Box, placements: list[AssetPlacement]) -> bool:
    for p in placements:
        b = p.box
        ix = max(0.0, min(box.x + box.w, b.x + b.w) - max(box.x, b.x))
        iy = max(0.0, min(box.y + box.h, b.y + b.h) - max(box.y, b.y))
        if ix * iy > 0.3 * min(box.w * box.h, b.w * b.h):
            return True
    return False
