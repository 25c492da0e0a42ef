"""Engine events → Gemini ``GenerateContentResponse`` bodies (whole, or one chunk per event).

Wire rules honoured here (reference §4–5): images go out as standard base64 ``inlineData``; thought
parts carry ``"thought": true`` and are only sent when ``includeThoughts`` was asked; a signature rides
on the first non-thought part and on every non-thought image part; streamed chunks hold only new parts,
repeat ``responseId``/``modelVersion``, and the last one carries ``finishReason`` and final usage.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable
from typing import Any

from openbanana.api.gemini.schemas import (
    Candidate,
    GenerateContentResponse,
    ModalityTokenCount,
    OutBlob,
    OutContent,
    OutPart,
    PromptFeedback,
    SafetyRating,
    UsageMetadata,
)
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
from openbanana.engine.events import SafetyRating as EngineRating
from openbanana.engine.signatures import Signer
from openbanana.imaging.decode import encode_base64

_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_response_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(22))


class PartEncoder:
    """Turns events into wire parts for one response, tracking where signatures go."""

    def __init__(self, signer: Signer, include_thoughts: bool) -> None:
        self.signer = signer
        self.include_thoughts = include_thoughts
        self._signed_first: set[int] = set()

    def part(self, event: EngineEvent) -> OutPart | None:
        if isinstance(event, ThoughtText):
            return OutPart(text=event.text, thought=True) if self.include_thoughts else None
        if isinstance(event, ThoughtImage):
            if not self.include_thoughts:
                return None
            return OutPart(inline_data=OutBlob(mime_type=event.mime_type, data=encode_base64(event.png)), thought=True)
        if isinstance(event, AnswerText):
            part = OutPart(text=event.text)
            if event.candidate not in self._signed_first:
                self._signed_first.add(event.candidate)
                part.thought_signature = encode_base64(self.signer.sign("text", event.text.encode()))
            return part
        if isinstance(event, OutputImage):
            self._signed_first.add(event.candidate)
            return OutPart(
                inline_data=OutBlob(mime_type=event.mime_type, data=encode_base64(event.png)),
                thought_signature=encode_base64(self.signer.sign("image", event.png)),
            )
        return None


def conversation_of(events: Iterable[EngineEvent]) -> str | None:
    """The conversation id the outputs were recorded under (openbanana's version history)."""
    return next((e.conversation for e in events if isinstance(e, OutputImage) and e.conversation), None)


def usage_metadata(usage: Usage, final: bool = True) -> UsageMetadata:
    prompt_details = [ModalityTokenCount(modality="TEXT", token_count=usage.prompt_text)]
    if usage.prompt_image:
        prompt_details.append(ModalityTokenCount(modality="IMAGE", token_count=usage.prompt_image))
    if not final:
        return UsageMetadata(
            prompt_token_count=usage.prompt_total,
            total_token_count=usage.prompt_total,
            prompt_tokens_details=prompt_details,
        )
    cand_details = []
    if usage.output_text:
        cand_details.append(ModalityTokenCount(modality="TEXT", token_count=usage.output_text))
    if usage.output_image:
        cand_details.append(ModalityTokenCount(modality="IMAGE", token_count=usage.output_image))
    return UsageMetadata(
        prompt_token_count=usage.prompt_total,
        candidates_token_count=usage.candidates_total,
        thoughts_token_count=usage.thoughts or None,
        total_token_count=usage.total,
        prompt_tokens_details=prompt_details,
        candidates_tokens_details=cand_details or None,
    )


def ratings(items: tuple[EngineRating, ...]) -> list[SafetyRating] | None:
    return [SafetyRating(category=r.category, probability=r.probability, blocked=r.blocked) for r in items] or None


def prompt_feedback(event: PromptBlocked) -> PromptFeedback:
    """``promptFeedback`` of a refused prompt; the response then has no candidates (reference §4.3)."""
    return PromptFeedback(block_reason=event.reason, safety_ratings=ratings(event.ratings))


def build_response(
    events: Iterable[EngineEvent], encoder: PartEncoder, model_version: str, response_id: str
) -> dict[str, Any]:
    """One complete (non-streamed) response from all events."""
    parts: dict[int, list[OutPart]] = {}
    finish: dict[int, CandidateDone] = {}
    usage = Usage()
    blocked: PromptBlocked | None = None
    for event in events:
        if isinstance(event, CandidateDone):
            finish[event.candidate] = event
        elif isinstance(event, PromptBlocked):
            blocked = event
        elif isinstance(event, Finished):
            usage = event.usage
        else:
            part = encoder.part(event)
            if part is not None:
                parts.setdefault(event.candidate, []).append(part)
    candidates = [
        Candidate(
            content=OutContent(parts=parts[i]) if parts.get(i) else None,
            finish_reason=done.finish_reason,
            index=i,
            safety_ratings=ratings(done.safety_ratings),
            finish_message=done.finish_message,
        )
        for i, done in sorted(finish.items())
    ]
    return GenerateContentResponse(
        candidates=candidates or None,
        prompt_feedback=prompt_feedback(blocked) if blocked else None,
        usage_metadata=usage_metadata(usage, final=blocked is None),
        model_version=model_version,
        response_id=response_id,
    ).dump()


class ChunkBuilder:
    """Builds streamed chunks. A part's chunk is held back until the next event so the candidate's
    last part can carry ``finishReason``, and the stream's last chunk the final usage."""

    def __init__(self, encoder: PartEncoder, model_version: str, response_id: str, prompt_usage: Usage) -> None:
        self.encoder = encoder
        self.model_version = model_version
        self.response_id = response_id
        self.prompt_usage = prompt_usage
        self._held: Candidate | None = None
        self._blocked: PromptBlocked | None = None

    def _chunk(self, candidate: Candidate | None, usage: UsageMetadata) -> dict[str, Any]:
        return GenerateContentResponse(
            candidates=[candidate] if candidate else None,
            prompt_feedback=prompt_feedback(self._blocked) if self._blocked else None,
            usage_metadata=usage,
            model_version=self.model_version,
            response_id=self.response_id,
        ).dump()

    def feed(self, event: EngineEvent) -> list[dict[str, Any]]:
        """Chunks that can be sent now that ``event`` arrived."""
        out: list[dict[str, Any]] = []
        if isinstance(event, CandidateDone):
            if self._held is not None and self._held.index != event.candidate:
                out.append(self._chunk(self._held, usage_metadata(self.prompt_usage, final=False)))
                self._held = None
            held = self._held or Candidate(index=event.candidate)
            held.finish_reason = event.finish_reason
            held.safety_ratings = ratings(event.safety_ratings)
            held.finish_message = event.finish_message
            self._held = held
            return out
        if isinstance(event, PromptBlocked):  # the stream is then one chunk: promptFeedback + usage
            self._blocked = event
            return out
        if isinstance(event, Finished):
            out.append(self._chunk(self._held, usage_metadata(event.usage, final=self._blocked is None)))
            self._held = None
            return out
        part = self.encoder.part(event)
        if part is None:
            return out
        if self._held is not None:
            out.append(self._chunk(self._held, usage_metadata(self.prompt_usage, final=False)))
        self._held = Candidate(content=OutContent(parts=[part]), index=event.candidate)
        return out
