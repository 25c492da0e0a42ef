"""The engine loop against small real generators built here (the engine itself is never mocked)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image

from openbanana.catalog.models import NANO_BANANA, NANO_BANANA_2
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.engine import Engine
from openbanana.engine.errors import Internal
from openbanana.engine.events import (
    AnswerText,
    CandidateDone,
    Finished,
    OutputImage,
    ThoughtImage,
    ThoughtText,
)
from openbanana.engine.request import ImageRequest, Modality, ThinkingConfig, ThinkingLevel, Turn
from openbanana.generators.base import CheckIssue, CheckReport, Plan, RenderedImage
from openbanana.generators.noop import NoopGenerator
from openbanana.imaging.png import png_dimensions


def _png(w: int, h: int, colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(buf, format="PNG")
    return buf.getvalue()


@dataclass(frozen=True)
class DotPlan:
    seed: int
    variant: int
    fixed: bool = False

    def summary(self) -> str:
        return f"dot seed={self.seed} variant={self.variant} fixed={self.fixed}"

    def to_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "variant": self.variant, "fixed": self.fixed}


class DotGenerator:
    """Colours the canvas from the seed; plans of variant 0 'fail' their check until corrected."""

    name = "dot"

    def __init__(self, wrong_size: bool = False) -> None:
        self.wrong_size = wrong_size
        self.calls: list[str] = []

    def plan(self, request: ImageRequest, seed: int, variant: int) -> Plan:
        self.calls.append(f"plan{variant}")
        return DotPlan(seed, variant)

    def render(self, plan: Plan, request: ImageRequest) -> RenderedImage:
        assert isinstance(plan, DotPlan)
        self.calls.append("render")
        w, h = request.output.width, request.output.height
        if self.wrong_size:
            w += 1
        return RenderedImage(_png(w, h, (plan.seed % 256, plan.variant * 40, 200 if plan.fixed else 0)), w, h)

    def check(self, plan: Plan, image: RenderedImage, request: ImageRequest, thorough: bool) -> CheckReport:
        assert isinstance(plan, DotPlan)
        self.calls.append(f"check:{thorough}")
        if plan.variant == 0 and not plan.fixed:
            return CheckReport(issues=(CheckIssue("contrast", "too faint", 0.5),))
        return CheckReport()

    def correct(self, plan: Plan, report: CheckReport, request: ImageRequest) -> Plan | None:
        assert isinstance(plan, DotPlan)
        self.calls.append("correct")
        return DotPlan(plan.seed, plan.variant, fixed=True)

    def describe(self, plan: Plan, request: ImageRequest) -> str:
        return "a coloured canvas"


def _request(**kw: Any) -> ImageRequest:
    defaults: dict[str, Any] = {
        "model": NANO_BANANA_2,
        "turns": (Turn("user", ("draw a dot",)),),
        "output": pixel_size("16:9", "512"),
        "seed": 5,
    }
    defaults.update(kw)
    return ImageRequest(**defaults)


def test_minimal_is_one_plan_one_render_guard_checks_only() -> None:
    gen = DotGenerator()
    events = Engine(gen).run(_request())
    assert gen.calls == ["plan0", "render", "check:False"]
    kinds = [type(e) for e in events]
    assert kinds == [ThoughtText, AnswerText, OutputImage, CandidateDone, Finished]
    image = next(e for e in events if isinstance(e, OutputImage))
    assert png_dimensions(image.png) == (512, 288)
    assert image.plan == {"seed": 5, "variant": 0, "fixed": False}


def test_high_scores_several_plans_corrects_and_shows_a_draft() -> None:
    gen = DotGenerator()
    request = _request(thinking=ThinkingConfig(ThinkingLevel.HIGH, include_thoughts=True))
    events = Engine(gen).run(request)
    assert "correct" in gen.calls and gen.calls.count("check:True") >= 2
    assert any(isinstance(e, ThoughtImage) for e in events)
    final = next(e for e in events if isinstance(e, OutputImage))
    assert final.plan["fixed"] is True or final.plan["variant"] > 0  # a passing plan was kept
    assert any(isinstance(e, ThoughtText) and "Checks" in e.text for e in events)


def test_image_only_modality_has_no_answer_text_and_text_only_has_no_image() -> None:
    events = Engine(DotGenerator()).run(_request(modalities=frozenset({Modality.IMAGE})))
    assert not any(isinstance(e, AnswerText) for e in events)
    events = Engine(DotGenerator()).run(_request(modalities=frozenset({Modality.TEXT})))
    assert not any(isinstance(e, OutputImage) for e in events)
    assert any(isinstance(e, AnswerText) for e in events)


def test_wrong_output_size_is_an_internal_error() -> None:
    with pytest.raises(Internal, match="expected 512x288"):
        Engine(DotGenerator(wrong_size=True)).run(_request())


def test_candidates_get_consecutive_seeds_and_usage_counts_every_image() -> None:
    events = Engine(DotGenerator()).run(_request(candidate_count=3))
    images = [e for e in events if isinstance(e, OutputImage)]
    assert [i.candidate for i in images] == [0, 1, 2]
    assert [i.plan["seed"] for i in images] == [5, 6, 7]
    usage = events[-1]
    assert isinstance(usage, Finished)
    assert usage.usage.output_image == 3 * NANO_BANANA_2.output_tokens_per_image["512"]
    assert usage.usage.total == usage.usage.prompt_total + usage.usage.candidates_total + usage.usage.thoughts


def test_same_seed_same_image_and_no_seed_draws_one() -> None:
    engine = Engine(NoopGenerator())
    a = next(e for e in engine.run(_request(seed=None)) if isinstance(e, ThoughtText)).text
    b = next(e for e in engine.run(_request(seed=None)) if isinstance(e, ThoughtText)).text
    assert a != b  # random seeds differ (2^31 space)
    gen = DotGenerator()
    first = next(e for e in Engine(gen).run(_request()) if isinstance(e, OutputImage)).png
    second = next(e for e in Engine(gen).run(_request()) if isinstance(e, OutputImage)).png
    assert first == second


def test_prompt_tokens_count_text_and_images() -> None:
    request = _request(model=NANO_BANANA)
    assert request.prompt_image_tokens == 0
    assert request.prompt_text_tokens == 3  # "draw a dot" = 10 chars → 3 tokens


def test_a_model_that_does_not_think_reports_no_thoughts() -> None:
    events = Engine(DotGenerator()).run(_request(model=NANO_BANANA, output=pixel_size("1:1", "1K")))
    assert not any(isinstance(e, ThoughtText | ThoughtImage) for e in events)
    finished = events[-1]
    assert isinstance(finished, Finished) and finished.usage.thoughts == 0


def test_past_the_thinking_budget_the_best_attempt_so_far_is_returned() -> None:
    gen = DotGenerator()
    request = _request(thinking=ThinkingConfig(ThinkingLevel.HIGH))
    events = Engine(gen, thinking_seconds=0.0).run(request)
    assert gen.calls.count("plan1") == 0 and "correct" not in gen.calls  # no time for more plans
    assert sum(isinstance(e, OutputImage) for e in events) == 1
