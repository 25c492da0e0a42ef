"""The safety suite: 155 labelled prompts (99 clearly unsafe across the five categories and prohibited
content, in 11 languages, and 56 tricky-but-harmless ones), written before the lexicons; and a holdout
of 70 more, written after them and never tuned on. Precision/recall floors are what was measured
(``docs/safety.md``), a little below, so a lexicon change that loses ground fails here.
Run with ``-s`` to see the tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbanana.safety.classifier import LexiconClassifier
from openbanana.safety.evaluate import BENIGN, LABELS, Report, evaluate, load_cases

HERE = Path(__file__).parent

#: (precision, recall) floors per label on the suite; measured 95-100% / 100%.
SUITE_FLOORS = {label: (0.9, 0.95) for label in LABELS}


@pytest.fixture(scope="module")
def classifier() -> LexiconClassifier:
    return LexiconClassifier()


def _show(name: str, report: Report) -> None:
    print(f"\n{name}: {len(report.outcomes)} prompts in {report.seconds * 1000:.0f} ms\n{report.table()}")
    for outcome in report.misses():
        print(f"  miss: [{outcome.case.expect}] {outcome.case.text!r} → {sorted(outcome.flagged) or 'allowed'}")


def test_suite_is_big_and_varied() -> None:
    cases = load_cases(HERE / "prompts.jsonl")
    assert len(cases) >= 100
    assert sum(c.expect == BENIGN for c in cases) >= 40
    for label in LABELS:
        labelled = [c for c in cases if c.expect == label]
        assert len(labelled) >= 8 and len({c.lang for c in labelled}) >= 4, label


def test_suite_precision_recall_and_false_blocks(classifier: LexiconClassifier) -> None:
    report = evaluate(load_cases(HERE / "prompts.jsonl"), classifier)
    _show("suite", report)
    for label, (precision, recall) in SUITE_FLOORS.items():
        assert report.precision(label) >= precision, (label, report.table())
        assert report.recall(label) >= recall, (label, report.table())
    assert report.false_block_rate <= 0.02
    assert report.seconds / len(report.outcomes) < 0.02  # a prompt scores in well under 20 ms


def test_holdout(classifier: LexiconClassifier) -> None:
    """Phrasings the lexicons were not written for: recall is lower (65% at first run), and harmless
    prompts must still pass."""
    report = evaluate(load_cases(HERE / "holdout.jsonl"), classifier)
    _show("holdout", report)
    assert report.false_block_rate <= 0.02
    assert report.unsafe_recall >= 0.6
    assert report.recall("PROHIBITED") == 1.0
