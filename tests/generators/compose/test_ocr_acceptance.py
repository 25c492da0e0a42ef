"""OCR acceptance: every quoted string in a prompt must be read back exactly from the rendered PNG.

rapidocr (bundled PP-OCR models) reads Latin, accented Latin, Chinese and Japanese; Debian tesseract
with the ``heb``/``ara`` packs reads the RTL prompts. Only whitespace is normalised before comparing.
"""

from __future__ import annotations

import io
import re
import shutil
from typing import Any

import pytest

from openbanana.generators.compose import ComposeGenerator
from openbanana.generators.compose.checks import (
    element_region,
    items_in_region,
    rapidocr_engine,
    reading_order_text,
)
from openbanana.generators.compose.intent import extract_quotes
from openbanana.generators.compose.plan import ComposePlan

from .helpers import make_request

pytestmark = pytest.mark.ocr

#: (prompt, ratio, size)
RAPID_CASES: list[tuple[str, str, str]] = [
    ('A poster with the title "Grand Opening" and three puppies', "1:1", "1K"),
    ('A bakery sign reading "Fresh Bread Daily" with croissants', "16:9", "1K"),
    ("Birthday card with balloons and the text “Happy Birthday, Mia!”", "4:3", "1K"),
    ('Coffee shop banner "Open 7 Days a Week" with two cups', "21:9", "1K"),
    ('Minimal poster that says "Less is More"', "3:4", "1K"),
    ("A book cover in a forest: title 'The Silent Forest', subtitle 'A Novel'", "2:3", "1K"),
    ('A night sky with a rocket and the words "Mission 2049"', "9:16", "1K"),
    ('Beach banner "Summer Vibes" with dolphins', "4:1", "1K"),
    ('Café poster “Crème Brûlée” with the subtitle "Pâtisserie Française"', "1:1", "1K"),
    ('Spanish sign "Mañana Señor" with a cactus in the desert', "3:2", "1K"),
    ('A German postcard "Grüße aus München" with a beer', "5:4", "1K"),
    ("Portuguese poster «Coração Valente» with a heart", "4:5", "1K"),
    ('Norwegian menu "Smørbrød og Østers" with fish', "16:9", "1K"),
    ("海报 “欢迎光临” with lanterns", "1:1", "1K"),
    ("A poster 「新年快乐」 with fireworks", "3:4", "1K"),
    ("「東京へようこそ」 with a rocket at night", "9:16", "1K"),
    ("A thank-you card 『ありがとう』 with flowers", "1:1", "1K"),
    ('A strip banner "Big Sale Today" with shopping bags', "8:1", "1K"),
    ('A bookmark "Read More" with books', "1:4", "1K"),
    ('A poster "Ultra Sharp" with a camera', "16:9", "2K"),
    ('Dark neon poster "Night Market" with a subtitle "Fri 8pm"', "1:1", "512"),
]

TESS_CASES: list[tuple[str, str, str, str]] = [
    ('Banner "שלום עולם" with two cats', "4:1", "1K", "heb"),
    ('A greeting card "מזל טוב" with balloons', "1:1", "1K", "heb"),
    ('Poster "مرحبا بكم" with stars', "1:1", "1K", "ara"),
]

_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub("", text)


@pytest.fixture(scope="module")
def generator() -> ComposeGenerator:
    return ComposeGenerator()


@pytest.fixture(scope="module")
def rapid() -> Any:
    """The generator's own engine: built from rapidocr's bundled models, never downloaded."""
    engine = rapidocr_engine()
    if engine is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr or its bundled models are missing; pip install 'openbanana[ocr]'")
    return engine


def _render(generator: ComposeGenerator, prompt: str, ratio: str, size: str, seed: int) -> tuple[ComposePlan, bytes]:
    request = make_request(prompt, ratio, size)
    plan = generator.plan(request, seed, 0)
    image = generator.render(plan, request)
    assert (image.width, image.height) == (request.output.width, request.output.height)
    return plan, image.png


def _region(plan: ComposePlan, text: str) -> tuple[float, float, float, float]:
    """Where the plan put ``text``: OCR detections elsewhere (a round camera lens read as "O") are not
    part of the string and would otherwise be spliced into it."""
    el = next(t for t in plan.texts if t.text == text)
    return element_region(plan, el.id)


def _rapid_read(rapid: Any, png: bytes, region: tuple[float, float, float, float]) -> list[str]:
    import numpy as np
    from PIL import Image

    result = rapid(np.asarray(Image.open(io.BytesIO(png)).convert("RGB")))
    txts = list(result.txts or ())
    boxes = [] if result.boxes is None else [b.tolist() for b in result.boxes]
    items = list(zip(txts, [1.0] * len(txts), boxes, strict=True))
    return reading_order_text(items_in_region(items, region)) + reading_order_text(items)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("prompt", "ratio", "size"), RAPID_CASES, ids=[c[0][:32] for c in RAPID_CASES])
def test_quoted_text_reads_back_exactly_rapidocr(
    generator: ComposeGenerator, rapid: Any, prompt: str, ratio: str, size: str, seed: int
) -> None:
    expected = [q for q, _s, _e in extract_quotes(prompt)]
    assert expected, prompt
    plan, png = _render(generator, prompt, ratio, size, seed)
    for text in expected:
        readings = _rapid_read(rapid, png, _region(plan, text))
        assert any(_norm(text) in _norm(r) for r in readings), f"{text!r} not in OCR output {readings!r}"


@pytest.mark.parametrize(("prompt", "ratio", "size", "lang"), TESS_CASES, ids=[c[0][:24] for c in TESS_CASES])
def test_rtl_text_reads_back_exactly_tesseract(
    generator: ComposeGenerator, prompt: str, ratio: str, size: str, lang: str
) -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    try:
        import pytesseract
        from PIL import Image
    except ImportError as exc:  # pragma: no cover
        pytest.skip(f"pytesseract is not installed ({exc})")
    if lang not in pytesseract.get_languages(config=""):
        pytest.skip(f"tesseract language pack {lang!r} missing (apt-get install tesseract-ocr-{lang})")
    expected = [q for q, _s, _e in extract_quotes(prompt)]
    plan, png = _render(generator, prompt, ratio, size, 3)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for want in expected:
        x, y, w, h = _region(plan, want)
        crop = image.crop((int(max(0, x)), int(max(0, y)), int(min(image.width, x + w)), int(min(image.height, y + h))))
        readings = [
            pytesseract.image_to_string(image, lang=lang, config="--psm 11"),
            pytesseract.image_to_string(crop, lang=lang, config="--psm 6"),
        ]
        assert any(_norm(want) in _norm(r) for r in readings), f"{want!r} not in OCR output {readings!r}"


def test_thorough_check_reports_ocr_metrics(generator: ComposeGenerator, rapid: Any) -> None:
    request = make_request('A poster "Fresh Coffee" with subtitle "Since 1998" and two cups', "1:1", "1K")
    plan = generator.plan(request, 1, 0)
    image = generator.render(plan, request)
    report = generator.check(plan, image, request, thorough=True)
    assert report.passed, report.summary()
    assert report.metrics["ocr_exact"] == 1.0
