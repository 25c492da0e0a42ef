"""The image models openbanana serves, with the limits the real API enforces for each.

Everything model-specific (ratios, sizes, token costs, reference-image limit) lives in data here, so
validation, token accounting, ``GET /models`` and the CLI all read one source and no code branches on a
model name.
"""

from __future__ import annotations

from dataclasses import dataclass

from openbanana.catalog.sizes import ALL_RATIOS

TEN_RATIOS: tuple[str, ...] = ALL_RATIOS[:10]


@dataclass(frozen=True)
class ModelSpec:
    """One servable model and its limits."""

    id: str
    display_name: str
    description: str
    version: str
    ratios: tuple[str, ...]
    sizes: tuple[str, ...]
    default_size: str
    #: Output tokens billed per generated image, by ``imageSize``.
    output_tokens_per_image: dict[str, int]
    #: Input tokens billed per input image.
    input_tokens_per_image: int
    max_input_images: int
    thinking_levels: tuple[str, ...]
    accepts_auto_ratio: bool = False
    aliases: tuple[str, ...] = ()
    input_token_limit: int = 65536
    output_token_limit: int = 32768
    generation_methods: tuple[str, ...] = ("generateContent", "countTokens", "streamGenerateContent")
    temperature: float = 1.0
    max_temperature: float = 2.0
    top_p: float = 0.95
    top_k: int = 64

    @property
    def resource_name(self) -> str:
        return f"models/{self.id}"

    @property
    def ratio_choices(self) -> tuple[str, ...]:
        """Ratios a request may name, ``auto`` included where the model takes it."""
        return (*self.ratios, "auto") if self.accepts_auto_ratio else self.ratios


NANO_BANANA_2 = ModelSpec(
    id="gemini-3.1-flash-image-preview",
    display_name="Nano Banana 2 (openbanana)",
    description="Gemini 3.1 Flash Image compatible image generation and editing, served by openbanana.",
    version="3.1",
    ratios=ALL_RATIOS,
    sizes=("512", "1K", "2K", "4K"),
    default_size="1K",
    output_tokens_per_image={"512": 747, "1K": 1120, "2K": 1680, "4K": 2520},
    input_tokens_per_image=1120,
    max_input_images=14,
    thinking_levels=("MINIMAL", "HIGH"),
    accepts_auto_ratio=True,
    aliases=("nano-banana-2", "openbanana"),
    input_token_limit=131072,
)

NANO_BANANA_PRO = ModelSpec(
    id="gemini-3-pro-image-preview",
    display_name="Nano Banana Pro (openbanana)",
    description="Gemini 3 Pro Image compatible image generation and editing, served by openbanana.",
    version="3.0",
    ratios=TEN_RATIOS,
    sizes=("1K", "2K", "4K"),
    default_size="1K",
    output_tokens_per_image={"1K": 1120, "2K": 1120, "4K": 2000},
    input_tokens_per_image=560,
    max_input_images=14,
    thinking_levels=("HIGH",),
    input_token_limit=65536,
)

NANO_BANANA = ModelSpec(
    id="gemini-2.5-flash-image",
    display_name="Nano Banana (openbanana)",
    description="Gemini 2.5 Flash Image compatible image generation and editing, served by openbanana.",
    version="2.5",
    ratios=TEN_RATIOS,
    sizes=("1K",),
    default_size="1K",
    output_tokens_per_image={"1K": 1290},
    input_tokens_per_image=258,
    max_input_images=3,
    thinking_levels=(),
    input_token_limit=32768,
)

MODELS: tuple[ModelSpec, ...] = (NANO_BANANA_2, NANO_BANANA_PRO, NANO_BANANA)


def _index() -> dict[str, ModelSpec]:
    table: dict[str, ModelSpec] = {}
    for spec in MODELS:
        for name in (spec.id, *spec.aliases):
            table[name] = spec
    return table


_BY_NAME = _index()


def find_model(name: str) -> ModelSpec | None:
    """Look a model up by id or alias; ``models/`` prefixes are stripped. None when unknown."""
    return _BY_NAME.get(name.removeprefix("models/"))
