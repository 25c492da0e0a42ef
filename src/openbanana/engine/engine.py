"""The engine: plan → generate → check → correct, for any generator.

The loop is the same for every generator family; thinking level decides how many alternative plans
are scored and how many correction rounds are allowed. The engine owns the invariants a client relies
on whatever the generator does: the output has exactly the requested pixel size, events arrive in the
order the wire protocol needs, and usage is accounted the same way for every path.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Generator as Gen
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openbanana.catalog.tokens import estimate_text_tokens
from openbanana.engine.errors import Internal
from openbanana.engine.events import (
    AnswerText,
    CandidateDone,
    EngineEvent,
    Finished,
    OutputImage,
    PromptBlocked,
    ThoughtImage,
    ThoughtText,
    Usage,
)
from openbanana.engine.lineage import LineageKeeper
from openbanana.engine.output import Stamper, finish_output
from openbanana.engine.request import ImageRequest, Modality
from openbanana.generators.base import CheckReport, Generator, Plan, RenderedImage
from openbanana.imaging.png import png_dimensions

if TYPE_CHECKING:
    from openbanana.safety.gate import SafetyGate


@dataclass(frozen=True)
class _Attempt:
    plan: Plan
    image: RenderedImage
    report: CheckReport


class _Budget:
    """The thinking time left: another attempt starts only if one as slow as the slowest so far still
    ends before the deadline, so a request overruns its budget by no more than its first render."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.slowest = 0.0

    def allows_another(self) -> bool:
        return time.monotonic() + self.slowest <= self.deadline

    def spent(self, seconds: float) -> None:
        self.slowest = max(self.slowest, seconds)


class Engine:
    """Runs requests against one generator. Thread-safe if the generator is."""

    def __init__(
        self,
        generator: Generator,
        thinking_seconds: float = 20.0,
        lineage: LineageKeeper | None = None,
        stamper: Stamper | None = None,
        safety: SafetyGate | None = None,
    ) -> None:
        self.generator = generator
        #: Wall-clock budget for exploring extra plans and corrections; the first plan always completes,
        #: and past the budget the best attempt so far is returned.
        self.thinking_seconds = thinking_seconds
        #: Seals each output's plan and version into the PNG and reads it back from input images (None:
        #: outputs carry nothing and every input is edited from its pixels).
        self.lineage = lineage
        #: Watermarks every output and signs its Content Credentials (None: outputs are left unmarked,
        #: as for generator unit tests).
        self.stamper = stamper
        #: Checks the prompt before planning and each candidate's plan before it is rendered (None: no
        #: safety filtering, as for generator unit tests).
        self.safety = safety

    # -- public API -------------------------------------------------------------------------------

    def stream(self, request: ImageRequest) -> Iterator[EngineEvent]:
        """Yield events as work progresses; the last one is always :class:`Finished`."""
        base_seed = request.seed if request.seed is not None else secrets.randbelow(2**31)
        if self.lineage is not None:
            request = self.lineage.resolve(request)
        if self.safety is not None:
            verdict = self.safety.check_prompt(request)
            if verdict.reason is not None:  # refused: no candidates, the prompt is still counted
                yield PromptBlocked(verdict.reason, verdict.ratings)
                yield Finished(Usage(prompt_text=request.prompt_text_tokens, prompt_image=request.prompt_image_tokens))
                return
        thought_tokens = output_text = output_image = 0
        for index in range(request.candidate_count):
            for event in self._candidate(request, base_seed + index, index):
                if isinstance(event, ThoughtText):
                    thought_tokens += estimate_text_tokens(event.text)
                elif isinstance(event, AnswerText):
                    output_text += estimate_text_tokens(event.text)
                elif isinstance(event, OutputImage):
                    output_image += request.model.output_tokens_per_image[request.output.size]
                yield event
        yield Finished(
            Usage(
                prompt_text=request.prompt_text_tokens,
                prompt_image=request.prompt_image_tokens,
                output_text=output_text,
                output_image=output_image,
                thoughts=thought_tokens,
            )
        )

    def run(self, request: ImageRequest) -> list[EngineEvent]:
        """All events of :meth:`stream`, collected."""
        return list(self.stream(request))

    # -- the loop ---------------------------------------------------------------------------------

    def _candidate(self, request: ImageRequest, seed: int, index: int) -> Iterator[EngineEvent]:
        gen = self.generator
        thinking = request.thinking
        plans = thinking.candidate_plans
        # A model that does not think reports no thoughts at all; one that does always thinks (its thought
        # tokens are billed) and the adapter shows the thought parts only when includeThoughts asks.
        thinks = bool(request.model.thinking_levels)
        shows = thinks and thinking.include_thoughts

        first_plan = gen.plan(request, seed, 0)
        refused = self._refused(request, first_plan, index)
        if refused is not None:  # nothing unsafe is rendered, shown as a draft, or described
            yield refused
            return
        if thinks:
            yield ThoughtText(index, f"Plan: {first_plan.summary()}")
        if Modality.IMAGE not in request.modalities:
            yield AnswerText(index, gen.describe(first_plan, request))
            yield CandidateDone(index)
            return

        budget = _Budget(self.thinking_seconds)
        best: _Attempt | None = None
        for variant in range(plans):
            if variant > 0 and (not budget.allows_another() or (best is not None and best.report.passed)):
                break  # out of time, or nothing left to win: a passing render has the lowest penalty
            plan = first_plan if variant == 0 else gen.plan(request, seed, variant)
            if variant > 0 and plan == first_plan:
                break  # the generator has no alternative (an edit): re-rendering it would change nothing
            if variant > 0 and thinks:
                yield ThoughtText(index, f"Alternative plan {variant + 1}: {plan.summary()}")
            attempt = self._attempt(plan, request, plans > 1, budget)
            if variant == 0 and plans > 1 and shows:
                draft = attempt.image
                size = (draft.width, draft.height)
                output = finish_output(draft.png, None, request, size, None, self.stamper)
                yield ThoughtImage(index, output.data, draft.width, draft.height, mime_type=output.mime_type)
            if plans > 1 and thinks:
                yield ThoughtText(index, f"Checks on draft {variant + 1}: {attempt.report.summary()}.")
            attempt = yield from self._correct(attempt, request, thinking.correction_rounds, index, budget)
            if best is None or attempt.report.penalty < best.report.penalty:
                best = attempt
        assert best is not None
        if plans > 1 and thinks:
            yield ThoughtText(index, f"Checks on the chosen render: {best.report.summary()}.")
        if best.plan is not first_plan:
            refused = self._refused(request, best.plan, index)
            if refused is not None:
                yield refused
                return
        if Modality.TEXT in request.modalities:
            yield AnswerText(index, gen.describe(best.plan, request))
        plan_data = best.plan.to_dict()
        size = (best.image.width, best.image.height)
        output = finish_output(best.image.png, plan_data, request, size, self.lineage, self.stamper)
        yield OutputImage(
            index,
            output.data,
            best.image.width,
            best.image.height,
            plan=plan_data,
            mime_type=output.mime_type,
            svg=best.image.svg,
            conversation=output.conversation,
        )
        yield CandidateDone(index)

    def _refused(self, request: ImageRequest, plan: Plan, index: int) -> CandidateDone | None:
        """The candidate's refusal when the safety gate blocks what ``plan`` would draw, else None."""
        if self.safety is None:
            return None
        verdict = self.safety.check_output(request, plan.to_dict())
        if verdict.reason is None:
            return None
        return CandidateDone(index, verdict.reason, verdict.ratings, self.safety.finish_message(verdict))

    def _attempt(self, plan: Plan, request: ImageRequest, thorough: bool, budget: _Budget) -> _Attempt:
        start = time.monotonic()
        image = self.generator.render(plan, request)
        try:
            size = png_dimensions(image.png)
        except ValueError as exc:
            raise Internal(f"generator {self.generator.name!r} returned something that is not a PNG") from exc
        expected = (request.output.width, request.output.height)
        if size != expected or (image.width, image.height) != expected:
            raise Internal(
                f"generator {self.generator.name!r} produced {size[0]}x{size[1]}, expected {expected[0]}x{expected[1]}"
            )
        report = self.generator.check(plan, image, request, thorough)
        budget.spent(time.monotonic() - start)
        return _Attempt(plan, image, report)

    def _correct(
        self, attempt: _Attempt, request: ImageRequest, rounds: int, index: int, budget: _Budget
    ) -> Gen[EngineEvent, None, _Attempt]:
        """Apply up to ``rounds`` corrections; returns (via StopIteration) the best attempt seen."""
        best = attempt
        current = attempt
        thinks = bool(request.model.thinking_levels)
        for round_no in range(rounds):
            if current.report.passed or not budget.allows_another():
                break
            revised = self.generator.correct(current.plan, current.report, request)
            if revised is None:
                break
            current = self._attempt(revised, request, True, budget)
            if thinks:
                yield ThoughtText(index, f"Correction {round_no + 1}: {current.report.summary()}.")
            if current.report.penalty < best.report.penalty:
                best = current
        return best
