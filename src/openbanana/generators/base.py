"""The small protocol every generator family implements.

The engine drives the loop (plan → generate → check → correct); a generator only supplies the four
steps. ``compose`` (CPU, no weights) is the default; ``diffusers`` and ``upstream`` arrive later behind
the same protocol, and ``noop`` exists to measure the API's own overhead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from openbanana.engine.request import ImageRequest


@runtime_checkable
class Plan(Protocol):
    """A generator's description of what it will draw. Serialisable, so it can travel with the image."""

    def summary(self) -> str:
        """A short human-readable account of the plan (returned as a thought when asked)."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form of the whole plan."""
        ...


@dataclass(frozen=True)
class RenderedImage:
    """Encoded pixels at exactly the requested size."""

    png: bytes
    width: int
    height: int
    #: The scene as SVG, for generators that have one (optional extra output).
    svg: str | None = None


@dataclass(frozen=True)
class CheckIssue:
    """One thing a check found wrong. ``severity`` 1.0 means unusable; 0.1 cosmetic."""

    check: str
    message: str
    severity: float = 1.0
    #: What the issue is about (e.g. the text element id), so ``correct`` can target it.
    target: str | None = None


@dataclass(frozen=True)
class CheckReport:
    """What the checks measured on the rendered pixels."""

    issues: tuple[CheckIssue, ...] = ()
    #: Named measurements (e.g. ``ocr_char_accuracy``), reported in thoughts and logs.
    metrics: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.issues

    @property
    def penalty(self) -> float:
        """Lower is better; used to rank candidate plans."""
        return sum(issue.severity for issue in self.issues)

    def summary(self) -> str:
        if self.passed:
            return "all checks passed"
        return "; ".join(f"{i.check}: {i.message}" for i in self.issues)


@runtime_checkable
class Generator(Protocol):
    """A family of image generators. Implementations must be thread-safe: the server calls them from
    several worker threads at once."""

    name: str

    def plan(self, request: ImageRequest, seed: int, variant: int) -> Plan:
        """Turn the request into a plan. ``variant`` numbers alternative plans for the same seed."""
        ...

    def render(self, plan: Plan, request: ImageRequest) -> RenderedImage:
        """Draw the plan at exactly ``request.output`` pixels."""
        ...

    def check(self, plan: Plan, image: RenderedImage, request: ImageRequest, thorough: bool) -> CheckReport:
        """Measure the rendered image. ``thorough`` is False on the MINIMAL path: guard checks only."""
        ...

    def correct(self, plan: Plan, report: CheckReport, request: ImageRequest) -> Plan | None:
        """A revised plan that addresses ``report``, or None when nothing more can be done."""
        ...

    def describe(self, plan: Plan, request: ImageRequest) -> str:
        """One paragraph saying what was drawn (the TEXT modality's answer)."""
        ...
