"""Hostile or oversized input: undrawable characters, size limits, missing glyphs, offline OCR, fonts."""

from __future__ import annotations

import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openbanana.engine.errors import InvalidArgument
from openbanana.generators.compose import ComposeGenerator, checks
from openbanana.generators.compose.fonts import DEFAULT_FONT_DIRS, FONT_DIRS_ENV, FontRegistry, font_search_path
from openbanana.generators.compose.intent import clean_quoted, extract_quotes
from openbanana.generators.compose.planner import MAX_QUOTED_CHARS, MAX_QUOTED_STRINGS

from .helpers import make_request


@pytest.fixture(scope="module")
def generator() -> ComposeGenerator:
    return ComposeGenerator()


@pytest.fixture
def fresh_ocr() -> Iterator[None]:
    """Forget cached OCR engines before and after, so monkeypatched ones do not leak."""
    checks.reset_ocr_engines()
    yield
    checks.reset_ocr_engines()


# -- characters XML cannot carry ----------------------------------------------------------------------

UNDRAWABLE = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\ud800"]


@pytest.mark.parametrize("ch", UNDRAWABLE, ids=[f"U+{ord(c):04X}" for c in UNDRAWABLE])
def test_undrawable_characters_are_dropped_and_render(generator: ComposeGenerator, ch: str) -> None:
    request = make_request(f'a sign saying "X{ch}Y" and a cat')
    plan = generator.plan(request, 1, 0)
    assert [t.text for t in plan.texts] == ["XY"]
    assert ch not in plan.summary() and ch not in generator.describe(plan, request)
    assert '"XY"' in generator.describe(plan, request)
    image = generator.render(plan, request)
    assert image.svg is not None
    ET.fromstring(image.svg)  # well-formed XML
    report = generator.check(plan, image, request, thorough=False)
    assert report.passed, report.summary()
    # What is drawn is the text without the character: the same glyph outlines as a plain "XY".
    plain = make_request('a sign saying "XY" and a cat')
    assert generator.render(generator.plan(plain, 1, 0), plain).svg == image.svg


def test_whitespace_controls_become_spaces() -> None:
    assert clean_quoted("A\tB\rC") == "A B C"
    assert clean_quoted(" \x01 Hi \x02 ") == "Hi"
    assert [q for q, _s, _e in extract_quotes('a "\x01\x02" and "\tOK\r"')] == ["OK"]
    # Noncharacters in every plane go; private-use and format characters (ZWJ) stay.
    assert clean_quoted("a\U0001fffe\U0010ffffb\U0010fffd\u200dc") == "ab\U0010fffd\u200dc"


def test_undrawable_text_reads_back_with_ocr(generator: ComposeGenerator, fresh_ocr: None) -> None:
    if checks.rapidocr_engine() is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr is not installed")
    request = make_request('A poster "Grand\x01 Opening\x1b" with three puppies')
    plan = generator.plan(request, 1, 0)
    report = generator.check(plan, generator.render(plan, request), request, thorough=True)
    assert plan.texts[0].text == "Grand Opening"
    assert report.passed and report.metrics["ocr_exact"] == 1.0, report.summary()


def test_no_user_text_in_the_svg(generator: ComposeGenerator) -> None:
    hostile = "</svg><script>alert(1)</script> &amp; ]]> 'x' \U0001f680"
    request = make_request(f'a poster "{hostile}" with a rocket')
    plan = generator.plan(request, 1, 0)
    svg = generator.render(plan, request).svg
    assert svg is not None
    ET.fromstring(svg)
    for fragment in ("<script", "alert", "&amp;", "]]>", plan.texts[0].text):
        assert fragment not in svg
    assert "<title" not in svg


# -- limits -----------------------------------------------------------------------------------------


def test_quoted_text_at_the_limit_is_drawn(generator: ComposeGenerator) -> None:
    text = ("word " * MAX_QUOTED_CHARS)[: MAX_QUOTED_CHARS - 1] + "x"
    request = make_request(f'a poster "{text}"')
    plan = generator.plan(request, 1, 0)
    assert sum(len(t.text) for t in plan.texts) == MAX_QUOTED_CHARS
    labels = " ".join(f'label "L{i}"' for i in range(MAX_QUOTED_STRINGS))
    drawn = {t.text for t in generator.plan(make_request(f"an infographic {labels}"), 1, 0).texts}
    assert {f"L{i}" for i in range(MAX_QUOTED_STRINGS)} <= drawn  # every one of them, none dropped


def test_too_much_quoted_text_is_invalid_argument(generator: ComposeGenerator) -> None:
    with pytest.raises(InvalidArgument, match=f"at most {MAX_QUOTED_CHARS} characters of quoted text"):
        generator.plan(make_request('a poster "' + "a" * 20_000 + '"'), 1, 0)
    half = "b" * (MAX_QUOTED_CHARS // 2 + 1)
    with pytest.raises(InvalidArgument, match=str(MAX_QUOTED_CHARS + 2)):
        generator.plan(make_request(f'a poster "{half}" with subtitle "{half}"'), 1, 0)
    labels = " ".join(f'label "L{i}"' for i in range(MAX_QUOTED_STRINGS + 1))
    with pytest.raises(InvalidArgument, match=f"at most {MAX_QUOTED_STRINGS} quoted strings") as err:
        generator.plan(make_request(f"an infographic {labels}"), 1, 0)
    assert err.value.http_code == 400 and err.value.status == "INVALID_ARGUMENT"


def test_limit_counts_only_the_text_that_is_drawn(generator: ComposeGenerator) -> None:
    """An earlier turn's long quote is replaced by the current turn's, so it does not count."""
    long_turn = 'a poster "' + "a" * (MAX_QUOTED_CHARS + 50) + '"'
    request = make_request('make it say "Short" instead', history=(("user", long_turn), ("model", "Done.")))
    assert [t.text for t in generator.plan(request, 1, 0).texts] == ["Short"]


def test_quote_parsing_is_linear() -> None:
    prompt = " ".join(f'"q{i}"' for i in range(20_000))
    start = time.perf_counter()
    assert len(extract_quotes(prompt)) == 20_000
    assert time.perf_counter() - start < 2.0


def test_many_missing_glyphs_render_quickly(generator: ComposeGenerator) -> None:
    # Flags the icon set lacks, in 300 different pairs: no font has regional indicators as outlines.
    flags = "".join(chr(0x1F1E6 + i % 26) + chr(0x1F1E6 + (i * 7 + 3) % 26) for i in range(300))
    private = "".join(chr(0xE000 + i) for i in range(MAX_QUOTED_CHARS))
    for text in (flags, private):
        request = make_request(f'a sign "{text}"')
        start = time.perf_counter()
        plan = generator.plan(request, 1, 0)
        image = generator.render(plan, request)
        report = generator.check(plan, image, request, thorough=True)
        assert time.perf_counter() - start < 5.0
        assert any(i.check == "glyphs" for i in report.issues)
        assert not any(i.check == "ocr" for i in report.issues)  # tofu is not sent to OCR


def test_font_lookup_caches_characters_nothing_covers(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = FontRegistry([])
    assert reg.font_for("\ue123") is None

    def no_scan() -> list[Any]:
        raise AssertionError("searched every font again")

    monkeypatch.setattr(reg, "_all_fonts", no_scan)
    assert reg.font_for("\ue123", bold=True, cjk="jp") is None
    assert reg.font_for("A") is not None  # the vendored font comes first


# -- fonts ------------------------------------------------------------------------------------------


def test_font_search_path_from_environment(tmp_path: Path) -> None:
    env = {FONT_DIRS_ENV: f"{tmp_path}/a:{tmp_path}/b::"}
    assert font_search_path(env) == [f"{tmp_path}/a", f"{tmp_path}/b", *DEFAULT_FONT_DIRS]
    assert font_search_path({}) == list(DEFAULT_FONT_DIRS)


def test_generator_has_no_per_instance_fonts() -> None:
    with pytest.raises(TypeError):
        ComposeGenerator(font_dirs=["/tmp"])  # type: ignore[call-arg]


# -- OCR never downloads ----------------------------------------------------------------------------


def test_rapidocr_is_built_from_the_bundled_models(fresh_ocr: None) -> None:
    model_dir = checks.rapidocr_model_dir()
    if model_dir is None:  # pragma: no cover - depends on the environment
        pytest.skip("rapidocr is not installed")
    params = checks.rapidocr_params(model_dir)
    for key, name in checks.RAPIDOCR_MODELS.items():
        assert Path(params[key]) == model_dir / name and Path(params[key]).is_file()
    engine = checks.rapidocr_engine()
    assert engine is not None
    assert Path(engine.cfg.Det.model_path) == model_dir / "PP-OCRv6_det_small.onnx"
    assert Path(engine.cfg.Rec.model_path) == model_dir / "PP-OCRv6_rec_small.onnx"
    assert Path(engine.cfg.Cls.model_path) == model_dir / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


def test_rapidocr_receives_explicit_paths(monkeypatch: pytest.MonkeyPatch, fresh_ocr: None) -> None:
    pytest.importorskip("rapidocr")
    seen: list[dict[str, Any]] = []

    class FakeRapidOCR:
        def __init__(self, params: dict[str, Any] | None = None) -> None:
            seen.append(params or {})

    monkeypatch.setattr("rapidocr.RapidOCR", FakeRapidOCR)
    assert isinstance(checks.rapidocr_engine(), FakeRapidOCR)
    model_dir = checks.rapidocr_model_dir()
    assert model_dir is not None
    assert seen == [checks.rapidocr_params(model_dir)]
    assert all(str(model_dir) in seen[0][key] for key in checks.RAPIDOCR_MODELS)


def test_missing_bundled_models_disable_ocr_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture, fresh_ocr: None
) -> None:
    def constructed(**_kwargs: Any) -> None:
        raise AssertionError("RapidOCR must not be built without its bundled models")

    monkeypatch.setattr(checks, "rapidocr_model_dir", lambda: tmp_path)
    monkeypatch.setattr("rapidocr.RapidOCR", constructed, raising=False)
    with caplog.at_level(logging.WARNING, logger=checks.log.name):
        assert checks.rapidocr_engine() is None
        assert checks.rapidocr_engine() is None
    warnings = [r.getMessage() for r in caplog.records if r.name == checks.log.name]
    assert len(warnings) == 1 and warnings[0].startswith("OCR checks disabled:")
    assert "PP-OCRv6_det_small.onnx" in warnings[0]


def test_missing_tesseract_pack_is_logged_once(
    generator: ComposeGenerator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fresh_ocr: None
) -> None:
    monkeypatch.setattr(checks, "tesseract_languages", lambda: frozenset({"eng"}))
    request = make_request('A banner "שלום עולם" with two cats')
    plan = generator.plan(request, 1, 0)
    image = generator.render(plan, request)
    with caplog.at_level(logging.WARNING, logger=checks.log.name):
        for _ in range(3):
            report = generator.check(plan, image, request, thorough=True)
            assert not any(i.check == "ocr" for i in report.issues)
    warnings = [r.getMessage() for r in caplog.records if r.name == checks.log.name]
    assert len(warnings) == 1 and "'heb'" in warnings[0], warnings
