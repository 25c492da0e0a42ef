"""What the engine produces, as a stream of events.

``Engine.stream`` yields these in order; ``Engine.run`` collects them. Adapters map each kind to their
own wire parts (the Gemini adapter: ``thought`` text/image parts, text parts, ``inlineData`` with a
``thoughtSignature``). Every event names the candidate it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ThoughtText:
    candidate: int
    text: str


@dataclass(frozen=True)
class ThoughtImage:
    """An interim (draft) render, shown as a thought like the real API's thinking images."""

    candidate: int
    png: bytes
    width: int
    height: int
    mime_type: str = "image/png"


@dataclass(frozen=True)
class AnswerText:
    candidate: int
    text: str


@dataclass(frozen=True)
class OutputImage:
    candidate: int
    #: The encoded image as the client receives it (PNG, or JPEG when ``mime_type`` says so).
    png: bytes
    width: int
    height: int
    #: The plan behind the image, kept so later issues can attach it to the output.
    plan: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    mime_type: str = "image/png"
    #: The scene as SVG when the generator draws one (``openbanana generate --svg``).
    svg: str | None = field(default=None, compare=False, repr=False)
    #: The conversation this image was recorded under in the version history (None: not recorded).
    conversation: str | None = None


@dataclass(frozen=True)
class SafetyRating:
    """One harm category's rating as the wire shows it (``safetyRatings[]``)."""

    category: str
    #: NEGLIGIBLE, LOW, MEDIUM or HIGH.
    probability: str
    #: True on the categories that caused a block; None otherwise (the field is then left out).
    blocked: bool | None = None


@dataclass(frozen=True)
class PromptBlocked:
    """The safety filter refused the prompt: no candidate follows, only :class:`Finished` with the
    prompt's usage. ``reason`` is the wire ``blockReason`` (SAFETY, PROHIBITED_CONTENT or OTHER)."""

    reason: str
    ratings: tuple[SafetyRating, ...] = ()
    #: Always 0; lets adapters treat every event as belonging to a candidate.
    candidate: int = 0


@dataclass(frozen=True)
class CandidateDone:
    candidate: int
    #: STOP, or IMAGE_SAFETY / IMAGE_PROHIBITED_CONTENT / IMAGE_OTHER when the output check withheld
    #: the candidate's image.
    finish_reason: str = "STOP"
    #: Set when the output check withheld the candidate (the ratings behind it).
    safety_ratings: tuple[SafetyRating, ...] = ()
    finish_message: str | None = None


@dataclass(frozen=True)
class Usage:
    """Token counts by modality, as ``usageMetadata`` reports them."""

    prompt_text: int = 0
    prompt_image: int = 0
    output_text: int = 0
    output_image: int = 0
    thoughts: int = 0

    @property
    def prompt_total(self) -> int:
        return self.prompt_text + self.prompt_image

    @property
    def candidates_total(self) -> int:
        return self.output_text + self.output_image

    @property
    def total(self) -> int:
        return self.prompt_total + self.candidates_total + self.thoughts


@dataclass(frozen=True)
class Finished:
    """Always the last event of a stream."""

    usage: Usage


EngineEvent = ThoughtText | ThoughtImage | AnswerText | OutputImage | CandidateDone | PromptBlocked | Finished
