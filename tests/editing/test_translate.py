"""Offline translation of sign and poster text: glossary, Apertium, language names, messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from openbanana.editing.translate import (
    Translation,
    Translator,
    available_pairs,
    language_code,
    language_name,
    translate,
    unavailable_message,
)
from openbanana.editing.translate.apertium import ApertiumTranslator, discover_modes, strip_marks
from openbanana.editing.translate.base import match_case
from openbanana.editing.translate.glossary import GlossaryTranslator, literal_safe, translate_glossary

APERTIUM = ApertiumTranslator()
needs_apertium_es = pytest.mark.skipif(
    ("en", "es") not in APERTIUM.pairs(),
    reason="apertium or apertium-eng-spa is not installed (apt-get install apertium apertium-eng-spa)",
)


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("Grand opening", "es", "Gran inauguración"),
        ("Fresh coffee and pastries", "es", "Café recién hecho y pasteles"),
        ("Sorry, we're closed", "es", "Lo sentimos, estamos cerrados"),
        ("50% off", "es", "50% de descuento"),
        ("Up to 70% off", "fr", "Jusqu'à -70 %"),
        ("Open daily", "fr", "Ouvert tous les jours"),
        ("Push", "fr", "Poussez"),
        ("Emergency exit", "de", "Notausgang"),
        ("Fresh coffee", "de", "Frischer Kaffee"),
        ("Open 10 hours", "de", "10 Stunden geöffnet"),
        ("Welcome", "it", "Benvenuto"),
        ("Closed today", "pt", "Fechado hoje"),
        ("Monday to Friday", "es", "Lunes hasta viernes"),
    ],
)
def test_glossary_phrases(text: str, target: str, expected: str) -> None:
    result = translate_glossary(text, target)
    assert result == Translation(expected, "en", target, "glossary", complete=True)


def test_glossary_keeps_letter_case() -> None:
    assert translate_glossary("OPEN", "es") is not None
    assert translate_glossary("OPEN", "es").text == "ABIERTO"  # type: ignore[union-attr]
    assert translate_glossary("50% OFF", "de").text == "50 % RABATT"  # type: ignore[union-attr]
    assert translate_glossary("open", "fr").text == "ouvert"  # type: ignore[union-attr]
    assert translate_glossary("Grand Opening Sale", "it").text == "Saldi di Inaugurazione"  # type: ignore[union-attr]
    assert translate_glossary("Grand Opening Sale", "fr").text == "Soldes d'ouverture"  # type: ignore[union-attr]


def test_glossary_flags_unknown_words_and_keeps_them() -> None:
    result = translate_glossary("Fresh croquembouche today", "fr")
    assert result is not None and not result.complete
    assert result.text == "Frais croquembouche aujourd'hui"
    assert translate_glossary("Zyxxy plorb", "es") is None  # not a single word known
    assert translate_glossary("Open", "ja") is None  # not a glossary language
    numbers = translate_glossary("Happy hour 5-7pm", "es")
    assert numbers is not None and numbers.complete and numbers.text == "Hora feliz 5-7pm"


def test_literal_safe_only_for_whole_phrases() -> None:
    assert literal_safe("50% OFF", "es")
    assert literal_safe("Fresh coffee and cake", "es")
    assert not literal_safe("chicken soup", "es")  # word by word: the order may be wrong
    assert not literal_safe("Fresh croquembouche", "es")  # incomplete


def test_translators_follow_the_protocol() -> None:
    assert isinstance(GlossaryTranslator(), Translator)
    assert isinstance(APERTIUM, Translator)
    assert {("en", "es"), ("en", "fr"), ("en", "de"), ("en", "it"), ("en", "pt")} <= available_pairs()


def test_match_case() -> None:
    assert match_case("OPEN NOW", "abierto ahora") == "ABIERTO AHORA"
    assert match_case("Open now", "abierto ahora") == "Abierto ahora"
    assert match_case("Open Now", "abierto ahora") == "Abierto Ahora"
    assert match_case("open", "Kaffee") == "Kaffee"


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Spanish", "es"), ("español", "es"), ("Espanol", "es"), ("es", "es"), ("spa", "es"), ("es-MX", "es"),
        ("pt_BR", "pt"), ("Português", "pt"), ("French", "fr"), ("français", "fr"), ("Deutsch", "de"),
        ("German language", "de"), ("日本語", "ja"), ("Chinese", "zh"), ("mandarin", "zh"), ("Catalan", "ca"),
        ("Klingon", None), ("", None),
    ],
)  # fmt: skip
def test_language_code(word: str, code: str | None) -> None:
    assert language_code(word) == code


def test_language_name() -> None:
    assert language_name("es") == "Spanish"
    assert language_name("spa") == "Spanish"
    assert language_name("xx") == "xx"


def test_unavailable_message_names_the_pair_and_what_exists() -> None:
    message = unavailable_message("en", "ja")
    assert message.startswith("No offline translator for English → Japanese is installed here; available: ")
    assert "English → Spanish" in message and "English → French" in message
    assert translate("Open", "ja") is None
    assert translate("Open", "Japanese") is None


def test_same_language_is_returned_unchanged() -> None:
    assert translate("Open", "English") == Translation("Open", "en", "en", "identity", complete=True)


def test_translate_prefers_whole_glossary_phrases() -> None:
    result = translate("50% OFF", "Spanish")
    assert result is not None and result.text == "50% DE DESCUENTO" and result.complete


def test_strip_marks() -> None:
    assert strip_marks("Café fresco y *pastries") == ("Café fresco y pastries", True)
    assert strip_marks("Hora feliç 5-7*pm") == ("Hora feliç 5-7pm", True)
    assert strip_marks("#1 en @casa", "#1 at @home") == ("#1 en @casa", False)
    assert strip_marks("Hola  mundo") == ("Hola mundo", False)


def test_discover_modes(tmp_path: Path) -> None:
    for name in ("eng-spa", "spa-eng", "eng-cat_valencia", "en-gl", "xyz-abc", "apertium-eng-spa-dev"):
        (tmp_path / f"{name}.mode").write_text("")
    assert discover_modes((str(tmp_path),)) == {("en", "es"): "eng-spa", ("es", "en"): "spa-eng", ("en", "gl"): "en-gl"}
    assert discover_modes((str(tmp_path / "missing"),)) == {}


def test_missing_binary_means_no_pairs(tmp_path: Path) -> None:
    (tmp_path / "eng-spa.mode").write_text("")
    translator = ApertiumTranslator((str(tmp_path),), binary="no-such-apertium-binary")
    assert translator.pairs() == set()
    assert translator.translate("Open", "en", "es") is None


def test_a_failing_binary_returns_none(tmp_path: Path) -> None:
    (tmp_path / "eng-spa.mode").write_text("")
    false = shutil.which("false")
    if false is None:  # pragma: no cover - every POSIX system has false
        pytest.skip("no `false` binary")
    assert ApertiumTranslator((str(tmp_path),), binary=false).translate("Open", "en", "es") is None


@needs_apertium_es
def test_apertium_eng_spa() -> None:
    result = APERTIUM.translate("Fresh coffee today", "en", "es")
    assert result == Translation("Café fresco hoy", "en", "es", "apertium", complete=True)
    upper = APERTIUM.translate("OPEN", "en", "es")
    assert upper is not None and upper.text == "ABIERTO"
    unknown = APERTIUM.translate("Fresh coffee and pastries", "en", "es")
    assert unknown is not None and not unknown.complete
    assert "*" not in unknown.text and "pastries" in unknown.text


@needs_apertium_es
def test_translate_uses_apertium_for_sentences() -> None:
    result = translate("Today's special: chicken soup", "es")
    assert result is not None and result.engine == "apertium" and "sopa de pollo" in result.text
