"""Helpers for the layout-document tests (UI, storyboard, logo, product, posters): renders through the
real generator, decoded pixels, OCR of quoted strings and the geometry of what was drawn."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from openbanana.generators.base import RenderedImage
from openbanana.generators.compose import ComposeGenerator
from openbanana.generators.compose.checks import ocr_rapid, rapidocr_engine, reading_order_text, text_found
from openbanana.generators.compose.checks_guard import guard_checks
from openbanana.generators.compose.checks_layout import pixel_checks
from openbanana.generators.compose.intent import extract_quotes
from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.render_text import place_text

from ..helpers import make_request

GENERATOR = ComposeGenerator()
Rect = tuple[float, float, float, float]


@lru_cache(maxsize=64)
def render(prompt: str, ratio: str = "1:1", size: str = "1K", seed: int = 1) -> tuple[ComposePlan, bytes]:
    """Plan and PNG for a prompt, through the generator's own plan and render."""
    request = make_request(prompt, ratio, size)
    plan = GENERATOR.plan(request, seed, 0)
    image = GENERATOR.render(plan, request)
    return plan, image.png


def pixels(png: bytes) -> np.ndarray[Any, Any]:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def colour_gap(sample: Any, hex_color: str) -> int:
    """Sum of per-channel differences between a pixel and a ``#rrggbb`` colour."""
    want = [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]
    return sum(abs(int(v) - w) for v, w in zip(sample[:3], want, strict=True))


def png_size(png: bytes) -> tuple[int, int]:
    size: tuple[int, int] = Image.open(io.BytesIO(png)).size
    return size


def unread(prompt: str, png: bytes) -> list[str]:
    """The prompt's quoted strings that OCR does not read back exactly from the PNG."""
    if rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr or its bundled models are missing")
    items = ocr_rapid(png)
    readings = reading_order_text(items) + [t for t, _s, _b in items]
    return [q for q, _s, _e in extract_quotes(prompt) if not text_found(q, readings)[0]]


def blocks(plan: ComposePlan) -> dict[str, Rect]:
    """Every text element's fitted block (x, y, w, h px) by id."""
    return {el.id: place_text(el, plan.width, plan.height).block for el in plan.texts}


def overlapping(plan: ComposePlan) -> list[tuple[str, str]]:
    """Pairs of text blocks that overlap (by more than a pixel)."""
    found = list(blocks(plan).items())
    pairs = []
    for i, (a, (ax, ay, aw, ah)) in enumerate(found):
        for b, (bx, by, bw, bh) in found[i + 1 :]:
            if min(ax + aw, bx + bw) - max(ax, bx) > 1 and min(ay + ah, by + bh) - max(ay, by) > 1:
                pairs.append((a, b))
    return pairs


def inside(inner: Rect, outer: Rect, slack: float = 0.5) -> bool:
    ix, iy, iw, ih = inner
    ox, oy, ow, oh = outer
    return ix >= ox - slack and iy >= oy - slack and ix + iw <= ox + ow + slack and iy + ih <= oy + oh + slack


def shape_px(plan: ComposePlan, shape_id: str) -> Rect:
    shape = next(s for s in plan.shapes if s.id == shape_id)
    return shape.box.px(plan.width, plan.height)


def pixel_issues(plan: ComposePlan, png: bytes, checks: frozenset[str]) -> list[str]:
    """Messages of the generator's own pixel checks (contrast, overlaps, edges) of the given kinds."""
    return [i.message for i in pixel_checks(plan, pixels(png)).issues if i.check in checks]


def regions(mask: np.ndarray[Any, Any], min_share: float) -> list[Rect]:
    """Bounding boxes (px of ``mask``) of its connected regions (4-neighbour) that cover at least
    ``min_share`` of it, found with flood fills on a reduced copy."""
    height, width = mask.shape
    image = Image.fromarray((mask * 255).astype(np.uint8), "L")
    scale = min(1.0, 1024 / max(image.size), 320 / min(image.size))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    work = np.asarray(image.resize(size, Image.Resampling.NEAREST)).copy()
    found: list[Rect] = []
    while True:
        ys, xs = np.nonzero(work == 255)
        if len(ys) == 0:
            return found
        canvas = Image.fromarray(work, "L").copy()  # a copy PIL may write to
        ImageDraw.floodfill(canvas, (int(xs[0]), int(ys[0])), 7, thresh=0)
        work = np.asarray(canvas).copy()
        ys, xs = np.nonzero(work == 7)
        if len(ys) == 0:  # pragma: no cover - the fill did not take; never loop forever
            return found
        if len(ys) >= min_share * work.size:
            k = 1 / scale
            found.append((xs.min() * k, ys.min() * k, (xs.max() + 1 - xs.min()) * k, (ys.max() + 1 - ys.min()) * k))
        work[work == 7] = 0


def panels(png: bytes) -> list[Rect]:
    """The framed panels of a storyboard, found on the pixels: regions that differ from the page colour
    (read in the corner) separated by gutters of it, each at least 1.5% of the canvas."""
    px = pixels(png).astype(np.int16)
    paper = px[1, 1]
    mask = np.abs(px - paper).sum(axis=2) > 24
    return sorted(regions(mask, 0.015), key=lambda r: (round(r[1] / 8), r[0]))


#: Eight quoted strings, for "every quote is drawn, nothing collides" tests.
MANY = '"Alpha One", "Beta Two", "Gamma Three", "Delta Four", "Epsilon Five", "Zeta Six", "Eta Seven", "Theta Eight"'


def all_quotes_drawn(prompt: str, ratio: str) -> list[str]:
    """Problems with a prompt full of quotes: quotes not drawn, and overflow, collision, edge and
    contrast issues the generator's own checks find on the render."""
    plan, png = render(prompt, ratio, "1K")
    drawn = {t.text for t in plan.texts}
    missing = [f"missing {q!r}" for q, _s, _e in extract_quotes(prompt) if q not in drawn]
    bad = frozenset({"overflow", "text-overlap", "bounds", "clip", "contrast", "text-on-illustration"})
    image = RenderedImage(png=png, width=plan.width, height=plan.height)
    guard = [i.message for i in guard_checks(plan, image, plan.width, plan.height) if i.check in bad]
    return missing + guard + pixel_issues(plan, png, bad)
