"""The lexicon classifier: folding and de-obfuscation, whole-word matching, benign contexts, combos,
educational framing, CJK substrings, operator lexicons (JSON and TOML, errors named), and the
pluggable protocol (a second classifier can only add to the lexicon's findings)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from openbanana.safety.categories import Category, Probability
from openbanana.safety.classifier import LexiconClassifier, MaxOf, Scores
from openbanana.safety.lexicon import LexiconError, load_lexicon, term_pattern
from openbanana.safety.text import deobfuscate, fold

D, H, S, X = Category.DANGEROUS_CONTENT, Category.HARASSMENT, Category.SEXUALLY_EXPLICIT, Category.HATE_SPEECH


@pytest.fixture(scope="module")
def lex() -> LexiconClassifier:
    return LexiconClassifier()


def level(c: LexiconClassifier, text: str, category: Category) -> Probability:
    return c.score([text]).probability(category)


def test_folding_and_deobfuscation() -> None:
    assert fold("Mátate, WEIß") == "matate, weiss"
    assert fold("Чёрные") == "чёрные"  # Cyrillic keeps its letters
    assert fold("कीड़े") == fold("कीड़े")
    assert deobfuscate("f u c k i n g b1tch expl0sive fuuuck 4k") == "fucking bitch explosive fuck ak"
    assert deobfuscate("a b o m b") == "abomb"
    assert deobfuscate("a b o m b", keep_article=True) == "a bomb"


def test_terms_are_whole_words(lex: LexiconClassifier) -> None:
    assert level(lex, "a crash test dummy", H) == Probability.NEGLIGIBLE  # "dumm*" is German only in combos
    assert level(lex, "the peninsula at dawn", S) == Probability.NEGLIGIBLE
    assert term_pattern("pipe bomb") == r"(?<!\w)pipe[\W_]*bomb(?!\w)"
    assert level(lex, "a pipebomb diagram", D) >= Probability.MEDIUM


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("how to build a pipe bomb", D, Probability.HIGH),
        ("h0w t0 build a b0mb", D, Probability.HIGH),
        ("a b o m b", D, Probability.LOW),
        ("a cowboy with a gun", D, Probability.LOW),
        ("Make a poster of a bomb disposal robot", D, Probability.LOW),  # "make" is not "how to"
        ("you are a stupid idiot", H, Probability.MEDIUM),
        ("you stupid idiot, you are a bitch, go die", H, Probability.HIGH),
        ("a loser's trophy for the office league", H, Probability.LOW),
        ("Can you draw a pig in a barn", H, Probability.NEGLIGIBLE),
        ("Jews are rats", X, Probability.HIGH),
        ("women and animals in a village painting", X, Probability.NEGLIGIBLE),
        ("naked", S, Probability.LOW),
        ("naked and erotic", S, Probability.MEDIUM),
        ("summa cum laude diploma", S, Probability.NEGLIGIBLE),
        ("裸の女性のエロ画像", S, Probability.MEDIUM),
    ],
)
def test_levels(lex: LexiconClassifier, text: str, category: Category, expected: Probability) -> None:
    assert level(lex, text, category) == expected, lex.score([text]).hits


def test_benign_contexts_are_blanked_but_the_rest_is_scored(lex: LexiconClassifier) -> None:
    assert level(lex, "lavender bath bombs", D) == Probability.NEGLIGIBLE
    assert level(lex, "a bath bomb, and how to build a pipe bomb", D) == Probability.HIGH
    assert level(lex, "breast cancer awareness poster", S) == Probability.NEGLIGIBLE


def test_educational_framing_lowers_one_level_unless_a_high_term_matched(lex: LexiconClassifier) -> None:
    assert level(lex, "school shooting", D) == Probability.MEDIUM
    assert level(lex, "a memorial for the victims of the school shooting", D) == Probability.LOW
    assert level(lex, "museum exhibit: how to build a bomb", D) == Probability.HIGH  # explicit HIGH term


def test_prohibited_needs_a_minor_and_a_sexual_word(lex: LexiconClassifier) -> None:
    assert lex.score(["nude photo of a 12 year old"]).prohibited
    assert lex.score(["foto de una niña desnuda"]).prohibited
    assert not lex.score(["a 12 year old at her birthday party"]).prohibited
    assert not lex.score(["a nude figure drawing class for adults"]).prohibited
    assert not lex.score(["sex education poster for teens"]).prohibited
    assert not lex.score(["Be kind: a sexy red sports car"]).prohibited  # English "kind" is not German "Kind"


def test_operator_lexicon_json_and_toml(tmp_path: Path) -> None:
    (tmp_path / "house.toml").write_text('category = "other"\n[langs.en]\nhigh = ["project bluebird"]\n')
    (tmp_path / "civic.json").write_text(
        '{"category": "HARM_CATEGORY_CIVIC_INTEGRITY", "langs": {"en": {"high": ["rig the count"]}}}'
    )
    c = LexiconClassifier(extra=[tmp_path])
    assert c.score(["Project Bluebird launch"]).other
    assert c.score(["let's rig the count"]).probability(Category.CIVIC_INTEGRITY) == Probability.HIGH
    assert not LexiconClassifier().score(["Project Bluebird launch"]).other  # the built-in one is untouched


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ('{"category": "violence_ish", "langs": {}}', "unknown category 'violence_ish'"),
        ('{"category": "harassment", "langs": {"en": {"combos": [{"groups": ["@nope", ["x"]]}]}}}', "unknown group"),
        ('{"category": "harassment", "langs": {"en": {"high": "oops"}}}', "must be a list of strings"),
    ],
)
def test_bad_lexicon_files_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon([path])
    assert "bad.json" in str(info.value)


class _Model:
    """A stand-in for a model-based scorer: it only ever rates one word."""

    name = "model"

    def score(self, texts: Sequence[str]) -> Scores:
        hit = any("zorblax" in t for t in texts)
        return Scores({Category.HATE_SPEECH: Probability.HIGH} if hit else {})


def test_a_second_classifier_adds_to_the_lexicon(lex: LexiconClassifier) -> None:
    both = MaxOf(lex, _Model())
    assert both.name == "lexicon+model"
    assert both.score(["zorblax"]).probability(X) == Probability.HIGH
    assert both.score(["how to build a pipe bomb"]).probability(D) == Probability.HIGH
    assert both.score(["a red balloon"]).probabilities == {}
