"""Shared helpers for the data-document tests (charts, infographics, diagrams): rendering through the
real generator, decoded pixels, OCR readings and the geometry of what was drawn."""

from __future__ import annotations

import io
import itertools
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image

from openbanana.generators.compose import ComposeGenerator
from openbanana.generators.compose import colors as C
from openbanana.generators.compose.checks import items_in_region, ocr_rapid, rapidocr_engine, reading_order_text
from openbanana.generators.compose.documents.chart_kit import R, segment_hits_rect
from openbanana.generators.compose.plan import ComposePlan, Shape
from openbanana.generators.compose.render_text import place_text

from ..helpers import make_request

GENERATOR = ComposeGenerator()

Item = tuple[str, float, list[list[float]]]


@lru_cache(maxsize=64)
def render(prompt: str, ratio: str = "1:1", size: str = "1K", seed: int = 1) -> tuple[ComposePlan, bytes]:
    request = make_request(prompt, ratio, size)
    plan = GENERATOR.plan(request, seed, 0)
    image = GENERATOR.render(plan, request)
    assert (image.width, image.height) == (request.output.width, request.output.height)
    return plan, image.png


def pixels(png: bytes) -> np.ndarray[Any, Any]:
    image = Image.open(io.BytesIO(png))
    return np.asarray(image.convert("RGB")).astype(np.int16)


def png_size(png: bytes) -> tuple[int, int]:
    size: tuple[int, int] = Image.open(io.BytesIO(png)).size
    return size


@lru_cache(maxsize=32)
def ocr(png: bytes) -> tuple[Item, ...]:
    """rapidocr's readings of the render's luminance. rapidocr's text detector misses small dark text
    next to large saturated areas (a red bar, a blue wedge) depending on the channel order it is fed;
    on the grey image, which keeps every contrast a reader sees, it finds them all."""
    if rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        import pytest

        pytest.skip("rapidocr or its bundled models are missing")
    image = Image.open(io.BytesIO(png)).convert("L")
    # rapidocr scales an image up until its short side is 736 px: a 1024×128 strip would be read at
    # 5888×736, slowly. Twice the size on a white page of that height reads as well, in a third of the time.
    k = min(2.0, 736 / min(image.size)) if min(image.size) < 736 else 1.0
    if k > 1.0:
        image = image.resize((round(image.width * k), round(image.height * k)), Image.Resampling.LANCZOS)
    page = np.full((max(736, image.height), max(736, image.width)), 255, dtype=np.uint8)
    page[: image.height, : image.width] = np.asarray(image)
    items = ocr_rapid(np.repeat(page[:, :, None], 3, axis=2))
    return tuple((t, score, [[x / k, y / k] for x, y in box]) for t, score, box in items)


def _norm(text: str) -> str:
    return "".join(text.split())


def reads(png: bytes, text: str, region: R | None = None) -> bool:
    """Whether OCR reads ``text`` exactly (whitespace aside), within ``region`` when given."""
    items = list(ocr(png))
    if region is not None:
        pad = 6.0
        items = items_in_region(items, (region.x - pad, region.y - pad, region.w + 2 * pad, region.h + 2 * pad))
    return any(_norm(text) in _norm(r) for r in reading_order_text(items))


def readings(png: bytes) -> list[str]:
    return [t for t, _s, _b in ocr(png)]


def text_rect(plan: ComposePlan, ident: str) -> R:
    el = next(t for t in plan.texts if t.id == ident)
    x, y, w, h = place_text(el, plan.width, plan.height).block
    return R(x, y, w, h)


def text_rects(plan: ComposePlan) -> dict[str, R]:
    return {t.id: text_rect(plan, t.id) for t in plan.texts}


def shape_rect(plan: ComposePlan, s: Shape) -> R:
    b = s.box
    x, y, w, h = b.x * plan.width, b.y * plan.height, b.w * plan.width, b.h * plan.height
    return R(min(x, x + w), min(y, y + h), abs(w), abs(h))


def shapes(plan: ComposePlan, prefix: str) -> list[Shape]:
    return [s for s in plan.shapes if s.id.startswith(prefix)]


def segments(plan: ComposePlan, prefixes: tuple[str, ...]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The line pieces of arrows, lines and polylines whose id starts with one of ``prefixes``."""
    out = []
    for s in plan.shapes:
        if not s.id.startswith(prefixes):
            continue
        if s.kind in ("line", "arrow"):
            x, y = s.box.x * plan.width, s.box.y * plan.height
            out.append(((x, y), (x + s.box.w * plan.width, y + s.box.h * plan.height)))
        elif s.kind in ("polyline", "polygon"):
            pts = [(px * plan.width, py * plan.height) for px, py in s.points]
            out.extend(itertools.pairwise(pts))
    return out


def crosses(rect: R, segs: list[tuple[tuple[float, float], tuple[float, float]]], pad: float = 0.0) -> bool:
    return any(segment_hits_rect(p, q, rect, pad) for p, q in segs)


def overlapping_texts(plan: ComposePlan, pad: float = 0.0) -> list[tuple[str, str]]:
    rects = list(text_rects(plan).items())
    bad = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if ra.overlaps(rb, pad):
                bad.append((a, b))
    return bad


def inside_canvas(plan: ComposePlan, r: R) -> bool:
    return r.x >= -0.5 and r.y >= -0.5 and r.r <= plan.width + 0.5 and r.b <= plan.height + 0.5


def text_contrast(plan: ComposePlan, png: bytes, ident: str) -> float:
    """WCAG contrast between a text's colour and the pixels just around its block (what it sits on)."""
    arr = pixels(png)
    r = text_rect(plan, ident)
    el = next(t for t in plan.texts if t.id == ident)
    x0, y0 = max(0, int(r.x) - 2), max(0, int(r.y) - 2)
    x1, y1 = min(plan.width - 1, int(r.r) + 2), min(plan.height - 1, int(r.b) + 2)
    ring = np.concatenate([arr[y0, x0:x1], arr[y1, x0:x1], arr[y0:y1, x0], arr[y0:y1, x1]])
    color = el.plate if el.plate_opacity > 0 else None
    if color is not None:
        return C.contrast(el.color, color)
    worst = 99.0
    for q in (10, 50, 90):
        red, green, blue = (float(np.percentile(ring[:, k], q)) / 255 for k in range(3))
        worst = min(worst, C.contrast(el.color, C.to_hex((red, green, blue))))
    return worst


def color_distance(a: np.ndarray[Any, Any], hex_color: str) -> np.ndarray[Any, Any]:
    rgb = np.array([round(v * 255) for v in C.to_rgb(hex_color)], dtype=np.int16)
    out: np.ndarray[Any, Any] = np.abs(a - rgb).sum(axis=-1)
    return out


def assert_labels_read_back(prompt: str, ratio: str, expected: list[str]) -> None:
    """Render ``prompt`` and read each ``expected`` text back by OCR inside its own element's block."""
    plan, png = render(prompt, ratio)
    rects = text_rects(plan)
    for text in expected:
        el = next(t for t in plan.texts if t.text == text)
        assert reads(png, text, rects[el.id]), (text, ratio)
