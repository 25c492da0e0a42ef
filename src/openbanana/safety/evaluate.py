"""Measuring a classifier + policy on labelled prompts: precision and recall per category, and how
often harmless prompts are refused. Used by the safety suite (``tests/safety/test_suite.py``) and by
``bench/safety_report.py``; an operator can run it on their own labelled prompts after extending the
lexicons.

A case file is JSON lines: ``{"text": ..., "lang": ..., "expect": <HARM_CATEGORY_* | PROHIBITED |
BENIGN>}``. A case counts as caught for its category when that category's threshold (the policy's
default; no per-request settings) is reached — for PROHIBITED, when the prohibited rule fired. A
category's precision counts every case it blocked, whatever that case was labelled (except that a
PROHIBITED case is also sexually explicit).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openbanana.safety.categories import Category
from openbanana.safety.classifier import Classifier
from openbanana.safety.policy import SafetyPolicy

PROHIBITED = "PROHIBITED"
BENIGN = "BENIGN"
LABELS = (*(c.value for c in Category), PROHIBITED)


@dataclass(frozen=True)
class Case:
    text: str
    expect: str
    lang: str = ""


@dataclass(frozen=True)
class Outcome:
    case: Case
    #: Labels the policy blocked the case for (categories, and PROHIBITED).
    flagged: frozenset[str]
    #: Any block at all (SAFETY, PROHIBITED_CONTENT or OTHER).
    blocked: bool


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def _count(self, label: str) -> tuple[int, int, int, int]:
        """(caught, agreeing, flagged, labelled) for ``label``: cases labelled ``label`` and flagged for
        it; flagged cases whose label agrees (sexual content with minors is sexual content too, so a
        PROHIBITED case flagged SEXUALLY_EXPLICIT is no false positive); all flagged; all labelled."""
        flagged = [o for o in self.outcomes if label in o.flagged]
        caught = sum(1 for o in flagged if o.case.expect == label)
        agreeing = sum(1 for o in flagged if _agrees(o.case.expect, label))
        labelled = sum(1 for o in self.outcomes if o.case.expect == label)
        return caught, agreeing, len(flagged), labelled

    def precision(self, label: str) -> float:
        _, agreeing, flagged, _ = self._count(label)
        return agreeing / flagged if flagged else 1.0

    def recall(self, label: str) -> float:
        caught, _, _, labelled = self._count(label)
        return caught / labelled if labelled else 1.0

    @property
    def benign(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.expect == BENIGN]

    @property
    def false_block_rate(self) -> float:
        return sum(o.blocked for o in self.benign) / len(self.benign) if self.benign else 0.0

    @property
    def unsafe_recall(self) -> float:
        unsafe = [o for o in self.outcomes if o.case.expect != BENIGN]
        return sum(o.blocked for o in unsafe) / len(unsafe) if unsafe else 1.0

    def misses(self) -> list[Outcome]:
        """Cases not blocked for their label, and harmless cases that were blocked."""
        return [
            o
            for o in self.outcomes
            if (o.case.expect == BENIGN and o.blocked) or (o.case.expect != BENIGN and o.case.expect not in o.flagged)
        ]

    def table(self) -> str:
        """A Markdown table: per label the cases, precision and recall; then the harmless prompts."""
        rows = ["| Category | Cases | Blocked correctly | Precision | Recall |", "|---|---:|---:|---:|---:|"]
        for label in LABELS:
            caught, _, flagged, labelled = self._count(label)
            if labelled or flagged:
                name = label.removeprefix("HARM_CATEGORY_")
                rows.append(
                    f"| {name} | {labelled} | {caught} | {self.precision(label):.0%} | {self.recall(label):.0%} |"
                )
        unsafe = len(self.outcomes) - len(self.benign)
        caught = sum(o.blocked for o in self.outcomes if o.case.expect != BENIGN)
        rows.append(f"| any unsafe (blocked for any reason) | {unsafe} | {caught} | | {self.unsafe_recall:.0%} |")
        false = sum(o.blocked for o in self.benign)
        rows.append(
            f"| **harmless prompts refused** | {len(self.benign)} | {false} refused | | "
            f"**{self.false_block_rate:.1%}** false-block rate |"
        )
        return "\n".join(rows)


def _agrees(expect: str, label: str) -> bool:
    return expect == label or (expect == PROHIBITED and label == Category.SEXUALLY_EXPLICIT.value)


def load_cases(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(Case(row["text"], row["expect"], row.get("lang", "")))
    return cases


def evaluate(cases: Sequence[Case], classifier: Classifier, policy: SafetyPolicy | None = None) -> Report:
    policy = policy or SafetyPolicy()
    report = Report()
    started = time.perf_counter()
    for case in cases:
        scores = classifier.score([case.text])
        verdict = policy.decide(scores)
        flagged = {c.value for c in verdict.categories}
        if scores.prohibited:
            flagged.add(PROHIBITED)
        # categories over the threshold also count when a prohibited block took precedence
        flagged.update(c.value for c in Category if scores.probability(c) >= (policy.default.blocks_from or 99))
        report.outcomes.append(Outcome(case, frozenset(flagged), verdict.blocked))
    report.seconds = time.perf_counter() - started
    return report
