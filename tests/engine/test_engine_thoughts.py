"""Thinking levels in the engine: which plans are tried, when the search stops, and which thoughts are
reported (only by models that think; thought images only when asked)."""

from __future__ import annotations

import time

from openbanana.catalog.models import NANO_BANANA, NANO_BANANA_2
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.engine import Engine
from openbanana.engine.events import EngineEvent, Finished, OutputImage, ThoughtImage, ThoughtText
from openbanana.engine.request import ImageRequest, ThinkingConfig, ThinkingLevel
from openbanana.generators.base import CheckIssue, CheckReport, Plan, RenderedImage

from .test_engine import DotGenerator, DotPlan, _request


class PickyGenerator(DotGenerator):
    """Variants in ``failing`` fail their check; corrections fix them only when ``correctable``."""

    def __init__(self, failing: frozenset[int], correctable: bool) -> None:
        super().__init__()
        self.failing = failing
        self.correctable = correctable

    def check(self, plan: Plan, image: object, request: ImageRequest, thorough: bool) -> CheckReport:
        assert isinstance(plan, DotPlan)
        self.calls.append(f"check:{thorough}")
        if plan.variant in self.failing and not plan.fixed:
            return CheckReport((CheckIssue("contrast", f"variant {plan.variant} too faint", 0.5),))
        return CheckReport()

    def correct(self, plan: Plan, report: CheckReport, request: ImageRequest) -> Plan | None:
        self.calls.append("correct")
        return super().correct(plan, report, request) if self.correctable else None


def high(**kw: object) -> ImageRequest:
    return _request(thinking=ThinkingConfig(ThinkingLevel.HIGH, **kw))  # type: ignore[arg-type]


def thoughts(events: list[EngineEvent]) -> list[str]:
    return [e.text for e in events if isinstance(e, ThoughtText)]


def test_a_model_that_does_not_think_reports_no_thoughts_even_at_high() -> None:
    request = _request(
        model=NANO_BANANA,
        output=pixel_size("1:1", "1K"),
        thinking=ThinkingConfig(ThinkingLevel.HIGH, include_thoughts=True),
    )
    gen = PickyGenerator(frozenset({0}), correctable=True)
    events = Engine(gen).run(request)
    assert not any(isinstance(e, ThoughtText | ThoughtImage) for e in events)
    assert "correct" in gen.calls  # it still searched; it just does not say so
    finished = events[-1]
    assert isinstance(finished, Finished) and finished.usage.thoughts == 0


def test_thinking_models_think_but_show_draft_images_only_when_asked() -> None:
    quiet = Engine(PickyGenerator(frozenset({0}), True)).run(high())
    assert thoughts(quiet) and not any(isinstance(e, ThoughtImage) for e in quiet)
    finished = quiet[-1]
    assert isinstance(finished, Finished) and finished.usage.thoughts > 0  # thought tokens are billed
    loud = Engine(PickyGenerator(frozenset({0}), True)).run(high(include_thoughts=True))
    assert sum(isinstance(e, ThoughtImage) for e in loud) == 1
    texts = thoughts(loud)
    assert texts[0].startswith("Plan: dot seed=5 variant=0")
    assert texts[1] == "Checks on draft 1: contrast: variant 0 too faint."
    assert texts[2] == "Correction 1: all checks passed."
    assert texts[-1] == "Checks on the chosen render: all checks passed."
    kinds = [type(e).__name__ for e in loud]
    assert kinds.index("OutputImage") > max(i for i, k in enumerate(kinds) if k.startswith("Thought"))


def test_a_passing_render_ends_the_search() -> None:
    gen = PickyGenerator(frozenset(), correctable=True)
    Engine(gen).run(high())
    assert gen.calls == ["plan0", "render", "check:True"]


def test_alternative_plans_when_corrections_cannot_help() -> None:
    gen = PickyGenerator(frozenset({0}), correctable=False)
    events = Engine(gen).run(high())
    assert gen.calls.count("plan1") == 1 and "plan2" not in gen.calls
    [image] = [e for e in events if isinstance(e, OutputImage)]
    assert image.plan["variant"] == 1
    assert any(t.startswith("Alternative plan 2: dot seed=5 variant=1") for t in thoughts(events))


def test_the_best_failing_render_is_kept_when_nothing_passes() -> None:
    gen = PickyGenerator(frozenset(range(6)), correctable=False)
    request = _request(thinking=ThinkingConfig(budget=4096))  # 2 + 4096 // 1024 = 6 plans
    events = Engine(gen).run(request)
    assert [c for c in gen.calls if c.startswith("plan")] == [f"plan{v}" for v in range(6)]
    [image] = [e for e in events if isinstance(e, OutputImage)]
    assert image.plan["variant"] == 0  # equal penalties: the first stays
    assert thoughts(events)[-1].startswith("Checks on the chosen render: contrast: variant 0 too faint")


def test_minimal_on_a_thinking_model_reports_only_the_plan() -> None:
    events = Engine(PickyGenerator(frozenset({0}), True)).run(_request(model=NANO_BANANA_2))
    assert thoughts(events) == ["Plan: dot seed=5 variant=0 fixed=False"]


class SlowGenerator(PickyGenerator):
    """Every render takes ``seconds``; nothing ever passes."""

    def __init__(self, seconds: float) -> None:
        super().__init__(frozenset(range(6)), correctable=True)
        self.seconds = seconds

    def render(self, plan: Plan, request: ImageRequest) -> RenderedImage:
        time.sleep(self.seconds)
        return super().render(plan, request)

    def check(self, plan: Plan, image: object, request: ImageRequest, thorough: bool) -> CheckReport:
        assert isinstance(plan, DotPlan)
        self.calls.append(f"check:{thorough}")
        return CheckReport((CheckIssue("contrast", "never good enough", 0.5),))


def test_no_attempt_starts_that_would_end_past_the_thinking_budget() -> None:
    gen = SlowGenerator(0.1)
    start = time.monotonic()
    events = Engine(gen, thinking_seconds=0.35).run(high())
    elapsed = time.monotonic() - start
    assert 2 <= gen.calls.count("render") <= 3  # 0.1 s each: a fourth would end at 0.4 s (12 without a budget)
    assert elapsed < 0.35 + 0.15
    assert sum(isinstance(e, OutputImage) for e in events) == 1
