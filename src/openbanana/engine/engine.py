"""The engine: plan → generate → check → correct, for any generator.

The loop is the same for every generator family; thinking level decides how many alternative plans
are scored and how many correction rounds are allowed. The engine owns the invariants a client relies
on whatever the generator does: the output has exactly the requested pixel size, events arrive in the
order the wire protocol needs, and usage is accounted the same way for every path.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Generator as Gen
from collections.abc import Iterator
from dataclasses import dataclass

from openbanana.catalog.tokens import estimate_text_tokens
from openbanana.engine.errors import Internal
from openbanana.engine.events import (
    AnswerText,
    CandidateDone,
    EngineEvent,
    Finished,
    OutputImage,
    ThoughtImage,
    ThoughtText,
    Usage,
)
from openbanana.engine.request import ImageRequest, Modality
from openbanana.generators.base import CheckReport, Generator, Plan, RenderedImage


def png_dimensions(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, without decoding pixels."""
    if len(png) < 24 or png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise Internal("generator returned something that is not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


@dataclass(frozen=True)
class _Attempt:
    plan: Plan
    image: RenderedImage
    report: CheckReport


class Engine:
    """Runs requests against one generator. Thread-safe if the generator is."""

    def __init__(self, generator: Generator) -> None:
        self.generator = generator

    # -- public API -------------------------------------------------------------------------------

    def stream(self, request: ImageRequest) -> Iterator[EngineEvent]:
        """Yield events as work progresses; the last one is always :class:`Finished`."""
        base_seed = request.seed if request.seed is not None else secrets.randbelow(2**31)
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
                prompt_text=self.prompt_text_tokens(request),
                prompt_image=self.prompt_image_tokens(request),
                output_text=output_text,
                output_image=output_image,
                thoughts=thought_tokens,
            )
        )

    def run(self, request: ImageRequest) -> list[EngineEvent]:
        """All events of :meth:`stream`, collected."""
        return list(self.stream(request))

    @staticmethod
    def prompt_text_tokens(request: ImageRequest) -> int:
        texts = [request.system_instruction, *(t.text for t in request.turns)]
        return sum(estimate_text_tokens(t) for t in texts)

    @staticmethod
    def prompt_image_tokens(request: ImageRequest) -> int:
        count = sum(len(t.images) for t in request.turns)
        return count * request.model.input_tokens_per_image

    # -- the loop ---------------------------------------------------------------------------------

    def _candidate(self, request: ImageRequest, seed: int, index: int) -> Iterator[EngineEvent]:
        gen = self.generator
        thinking = request.thinking
        wants_image = Modality.IMAGE in request.modalities
        plans = thinking.candidate_plans

        first_plan = gen.plan(request, seed, 0)
        if request.model.thinking_levels:  # a model that does not think reports no thoughts
            yield ThoughtText(index, f"Plan: {first_plan.summary()}")
        if not wants_image:
            yield AnswerText(index, gen.describe(first_plan, request))
            yield CandidateDone(index)
            return

        best: _Attempt | None = None
        for variant in range(plans):
            plan = first_plan if variant == 0 else gen.plan(request, seed, variant)
            attempt = self._attempt(plan, request, thorough=plans > 1)
            if variant == 0 and plans > 1 and thinking.include_thoughts:
                yield ThoughtImage(index, attempt.image.png, attempt.image.width, attempt.image.height)
            attempt = yield from self._correct(attempt, request, thinking.correction_rounds, index)
            if best is None or attempt.report.penalty < best.report.penalty:
                best = attempt
            if best.report.passed and variant > 0:
                break
        assert best is not None
        if plans > 1:
            yield ThoughtText(index, f"Checks on the chosen render: {best.report.summary()}.")
        if Modality.TEXT in request.modalities:
            yield AnswerText(index, gen.describe(best.plan, request))
        yield OutputImage(
            index, best.image.png, best.image.width, best.image.height, plan=best.plan.to_dict()
        )
        yield CandidateDone(index)

    def _attempt(self, plan: Plan, request: ImageRequest, thorough: bool) -> _Attempt:
        image = self.generator.render(plan, request)
        size = png_dimensions(image.png)
        expected = (request.output.width, request.output.height)
        if size != expected or (image.width, image.height) != expected:
            raise Internal(
                f"generator {self.generator.name!r} produced {size[0]}x{size[1]}, expected "
                f"{expected[0]}x{expected[1]}"
            )
        report = self.generator.check(plan, image, request, thorough)
        return _Attempt(plan, image, report)

    def _correct(
        self, attempt: _Attempt, request: ImageRequest, rounds: int, index: int
    ) -> Gen[EngineEvent, None, _Attempt]:
        """Apply up to ``rounds`` corrections; returns (via StopIteration) the best attempt seen."""
        best = attempt
        current = attempt
        for round_no in range(rounds):
            if current.report.passed:
                break
            revised = self.generator.correct(current.plan, current.report, request)
            if revised is None:
                break
            if request.thinking.include_thoughts:
                yield ThoughtText(
                    index, f"Correction {round_no + 1}: {current.report.summary()}; trying a revised layout."
                )
            current = self._attempt(revised, request, thorough=True)
            if current.report.penalty < best.report.penalty:
                best = current
        return best
