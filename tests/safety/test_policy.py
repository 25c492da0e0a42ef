"""The policy: thresholds per request over the operator's default, categories the operator turned off,
the order of block reasons, and the rule no configuration reaches (sexual content with minors)."""

from __future__ import annotations

import pytest

from openbanana.engine.request import SafetySetting
from openbanana.safety.categories import Category, Probability, Threshold
from openbanana.safety.classifier import Scores
from openbanana.safety.policy import SafetyPolicy

H, D = Category.HARASSMENT, Category.DANGEROUS_CONTENT


def scores(prohibited: bool = False, other: bool = False, **levels: Probability) -> Scores:
    return Scores({Category.parse(k): v for k, v in levels.items()}, prohibited, other)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("threshold", "blocks"),
    [
        ("BLOCK_LOW_AND_ABOVE", {Probability.LOW, Probability.MEDIUM, Probability.HIGH}),
        ("BLOCK_MEDIUM_AND_ABOVE", {Probability.MEDIUM, Probability.HIGH}),
        ("HARM_BLOCK_THRESHOLD_UNSPECIFIED", {Probability.MEDIUM, Probability.HIGH}),
        ("BLOCK_ONLY_HIGH", {Probability.HIGH}),
        ("BLOCK_NONE", set()),
        ("OFF", set()),
    ],
)
def test_thresholds(threshold: str, blocks: set[Probability]) -> None:
    policy = SafetyPolicy()
    for level in Probability:
        verdict = policy.decide(scores(harassment=level), [SafetySetting("HARM_CATEGORY_HARASSMENT", threshold)])
        assert verdict.blocked == (level in blocks), (threshold, level)


def test_the_default_is_block_medium_and_above_and_the_operator_can_change_it() -> None:
    assert SafetyPolicy().default == Threshold.BLOCK_MEDIUM_AND_ABOVE
    assert not SafetyPolicy().decide(scores(harassment=Probability.LOW)).blocked
    assert SafetyPolicy(Threshold.BLOCK_LOW_AND_ABOVE).decide(scores(harassment=Probability.LOW)).blocked
    relaxed = SafetyPolicy(Threshold.BLOCK_ONLY_HIGH)
    assert not relaxed.decide(scores(harassment=Probability.MEDIUM)).blocked
    strict = [SafetySetting("HARM_CATEGORY_HARASSMENT", "BLOCK_LOW_AND_ABOVE")]
    assert relaxed.decide(scores(harassment=Probability.LOW), strict).blocked  # a request may be stricter


def test_settings_apply_to_their_category_only_and_image_variants_map() -> None:
    policy = SafetyPolicy()
    none_hate = [SafetySetting("HARM_CATEGORY_HATE_SPEECH", "BLOCK_NONE")]
    assert policy.decide(scores(harassment=Probability.HIGH), none_hate).reason == "SAFETY"
    variant = [SafetySetting("HARM_CATEGORY_IMAGE_HARASSMENT", "BLOCK_NONE")]
    assert not policy.decide(scores(harassment=Probability.HIGH), variant).blocked
    jailbreak = [SafetySetting("HARM_CATEGORY_JAILBREAK", "BLOCK_NONE")]
    assert policy.decide(scores(harassment=Probability.HIGH), jailbreak).blocked


def test_ratings_name_the_blocking_categories() -> None:
    verdict = SafetyPolicy().decide(scores(dangerous_content=Probability.HIGH, harassment=Probability.LOW))
    assert verdict.reason == "SAFETY" and verdict.categories == (D,)
    shown = {r.category: (r.probability, r.blocked) for r in verdict.ratings}
    assert shown == {
        "HARM_CATEGORY_HARASSMENT": ("LOW", None),
        "HARM_CATEGORY_HATE_SPEECH": ("NEGLIGIBLE", None),
        "HARM_CATEGORY_SEXUALLY_EXPLICIT": ("NEGLIGIBLE", None),
        "HARM_CATEGORY_DANGEROUS_CONTENT": ("HIGH", True),
    }
    civic = SafetyPolicy().decide(scores(civic_integrity=Probability.MEDIUM))
    assert civic.ratings[-1].category == "HARM_CATEGORY_CIVIC_INTEGRITY"  # shown only when it scored


def test_operator_off_categories_are_rated_never_blocked() -> None:
    policy = SafetyPolicy(disabled=SafetyPolicy.parse_disabled(["harassment", "HARM_CATEGORY_DANGEROUS_CONTENT"]))
    strict = [SafetySetting("HARM_CATEGORY_HARASSMENT", "BLOCK_LOW_AND_ABOVE")]
    verdict = policy.decide(scores(harassment=Probability.HIGH, dangerous_content=Probability.HIGH), strict)
    assert not verdict.blocked
    assert {r.probability for r in verdict.ratings if r.category != "HARM_CATEGORY_HATE_SPEECH"} >= {"HIGH"}
    assert policy.decide(scores(hate_speech=Probability.HIGH)).blocked
    assert SafetyPolicy.parse_disabled(["all"]) == frozenset(Category)


def test_prohibited_content_overrides_everything() -> None:
    everything_off = SafetyPolicy(Threshold.OFF, disabled=frozenset(Category))
    off = [SafetySetting(c.value, "OFF") for c in Category]
    verdict = everything_off.decide(scores(prohibited=True, sexually_explicit=Probability.HIGH), off)
    assert verdict.reason == "PROHIBITED_CONTENT"
    with pytest.raises(ValueError, match="can never be turned off"):
        SafetyPolicy.parse_disabled(["harassment", "minors"])
    with pytest.raises(ValueError, match="unknown safety category 'violence_ish'"):
        SafetyPolicy.parse_disabled(["violence_ish"])


def test_reason_order() -> None:
    policy = SafetyPolicy()
    everything = scores(prohibited=True, other=True, harassment=Probability.HIGH)
    assert policy.decide(everything).reason == "PROHIBITED_CONTENT"
    assert policy.decide(scores(other=True, harassment=Probability.HIGH)).reason == "SAFETY"
    assert policy.decide(scores(other=True)).reason == "OTHER"
    assert policy.decide(scores()).reason is None
