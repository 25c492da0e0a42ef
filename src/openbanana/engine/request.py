"""The one internal request every protocol adapter translates into.

Adapters (Gemini REST today, OpenAI Images later) validate their wire format, resolve the model and
the exact output size, decode images, and hand the engine an :class:`ImageRequest`. Nothing below
this line knows about camelCase, base64 or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from openbanana.catalog.models import ModelSpec
from openbanana.catalog.sizes import PixelSize
from openbanana.catalog.tokens import estimate_text_tokens
from openbanana.engine.lineage import Lineage


class Modality(StrEnum):
    TEXT = "TEXT"
    IMAGE = "IMAGE"


class ThinkingLevel(StrEnum):
    """How much planning the engine does. MINIMAL: one plan, one render. HIGH: several candidates."""

    MINIMAL = "MINIMAL"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


@dataclass(frozen=True)
class ThinkingConfig:
    level: ThinkingLevel = ThinkingLevel.MINIMAL
    #: Explicit token budget from ``thinkingBudget``; None when the client gave a level (or nothing).
    budget: int | None = None
    include_thoughts: bool = False

    @property
    def candidate_plans(self) -> int:
        """How many alternative plans the engine scores before keeping one."""
        if self.budget is not None:
            return 1 if self.budget <= 0 else min(6, 2 + self.budget // 1024)
        return {"MINIMAL": 1, "LOW": 2, "MEDIUM": 3, "HIGH": 4}[self.level.value]

    @property
    def correction_rounds(self) -> int:
        """How many check → correct rounds are allowed after the first render."""
        return 0 if self.candidate_plans == 1 else 2


@dataclass(frozen=True)
class InputImage:
    """An image the client sent, already sniffed and decoded far enough to know its size."""

    data: bytes
    mime_type: str
    width: int
    height: int
    #: ``user`` or ``model`` (an image the model returned earlier in a chat).
    role: str = "user"
    #: The raw (decoded) thoughtSignature that rode on this part, if any.
    signature: bytes | None = None
    #: The verified lineage (plan, conversation, version) when this server made the image.
    lineage: Lineage | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Turn:
    """One conversation turn after same-role merging; thought parts are already dropped."""

    role: str
    texts: tuple[str, ...] = ()
    images: tuple[InputImage, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(t for t in self.texts if t.strip())


@dataclass(frozen=True)
class SafetySetting:
    category: str
    threshold: str


@dataclass(frozen=True)
class OutputFormat:
    """How output images are encoded: PNG (the Gemini API's format), or JPEG when a Vertex-style
    ``imageConfig.imageOutputOptions`` asks for it."""

    mime_type: str = "image/png"
    #: JPEG quality 0..100 (``compressionQuality``); None for PNG.
    quality: int | None = None


@dataclass(frozen=True)
class ImageRequest:
    """Everything the engine needs to produce one response."""

    model: ModelSpec
    #: The conversation, oldest first; the last turn is the user's current message.
    turns: tuple[Turn, ...]
    output: PixelSize
    modalities: frozenset[Modality] = frozenset({Modality.TEXT, Modality.IMAGE})
    system_instruction: str = ""
    candidate_count: int = 1
    #: None means "pick one"; the engine then draws a random seed so repeated calls differ.
    seed: int | None = None
    temperature: float | None = None
    thinking: ThinkingConfig = field(default_factory=ThinkingConfig)
    safety_settings: tuple[SafetySetting, ...] = ()
    output_format: OutputFormat = field(default_factory=OutputFormat)
    #: The usage-ledger entry this request will be recorded under; the watermark of every output links
    #: back to it (None outside a metered request, e.g. ``openbanana generate``).
    usage_id: str | None = None

    @property
    def prompt(self) -> str:
        """The text of the current (last) user turn."""
        return self.turns[-1].text if self.turns else ""

    @property
    def input_images(self) -> tuple[InputImage, ...]:
        """Images in the current user turn, numbered 1..N in the order sent."""
        return self.turns[-1].images if self.turns else ()

    @property
    def history(self) -> tuple[Turn, ...]:
        return self.turns[:-1]

    @property
    def prompt_text_tokens(self) -> int:
        """Estimated tokens of every text the model reads: system instruction and all turns."""
        return sum(estimate_text_tokens(t) for t in (self.system_instruction, *(t.text for t in self.turns)))

    @property
    def prompt_image_tokens(self) -> int:
        """Input images billed at the model's per-image rate, across the whole conversation."""
        return sum(len(t.images) for t in self.turns) * self.model.input_tokens_per_image

    def latest_model_image(self) -> InputImage | None:
        """The most recent image the model produced earlier in this conversation, if any was sent back."""
        for turn in reversed(self.history):
            if turn.role == "model" and turn.images:
                return turn.images[-1]
        return None
