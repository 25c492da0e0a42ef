"""Gemini REST wire schemas (requests in, responses out).

Every model accepts camelCase *and* snake_case keys at every level (``alias_generator=to_camel`` +
``populate_by_name``), exactly how the SDK itself parses, because SDK ≥ 2 sends nested objects with
Python field names (reference §0.3). Unknown fields are ignored, as proto3 JSON clients expect.
Responses are dumped ``by_alias`` (camelCase) with ``None`` left out: the SDK rejects a dict holding
both spellings of one field.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel


class WireModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    def dump(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


# -- request ------------------------------------------------------------------------------------


class Blob(WireModel):
    mime_type: str | None = Field(None, description="IANA type of the bytes; sniffed, not trusted.")
    data: str = Field(..., description="Base64 (standard or URL-safe, padding optional).")


class FileData(WireModel):
    mime_type: str | None = Field(None, description="IANA type of the referenced file.")
    file_uri: str = Field(..., description="URI of a file uploaded through the Files API.")


class Part(WireModel):
    text: str | None = Field(None, description="Plain text.")
    inline_data: Blob | None = Field(None, description="Image bytes sent inline.")
    file_data: FileData | None = Field(None, description="Reference to an uploaded file.")
    thought: bool | None = Field(None, description="True for the model's thought parts; ignored on input.")
    thought_signature: str | None = Field(None, description="Opaque signature the model attached.")
    function_call: dict[str, Any] | None = Field(None, description="Accepted and ignored.")
    function_response: dict[str, Any] | None = Field(None, description="Accepted and ignored.")


class Content(WireModel):
    role: str | None = Field(None, description="'user' (default) or 'model'.")
    parts: list[Part] = Field(default_factory=list, description="Ordered parts of this turn.")


class ThinkingConfig(WireModel):
    thinking_budget: int | None = Field(None, ge=-1, le=32768, description="Thinking tokens; -1 = dynamic.")
    thinking_level: str | None = Field(None, description="MINIMAL, LOW, MEDIUM or HIGH (any case).")
    include_thoughts: bool | None = Field(None, description="Return thought parts.")


class ImageOutputOptions(WireModel):
    """Vertex AI's output encoding (the SDK refuses it in Developer mode; raw HTTP may send it)."""

    mime_type: str | None = Field(None, description="'image/png' (default) or 'image/jpeg'.")
    compression_quality: int | None = Field(None, ge=0, le=100, description="JPEG quality 0-100 (default 75).")


class ImageConfig(WireModel):
    aspect_ratio: str | None = Field(None, description="One of the model's ratios, or 'auto'.")
    image_size: str | None = Field(None, description="'512', '1K', '2K' or '4K' (upper-case K).")
    image_output_options: ImageOutputOptions | None = Field(None, description="Output encoding (Vertex AI form).")
    output_mime_type: str | None = Field(None, description="Output encoding (the SDK's flat Vertex AI form).")
    output_compression_quality: int | None = Field(None, ge=0, le=100, description="JPEG quality (flat form).")


class GenerationConfig(WireModel):
    temperature: float | None = Field(None, ge=0.0, le=2.0, description="Validated; compose varies by seed.")
    top_p: float | None = Field(None, ge=0.0, le=1.0, description="Accepted; no effect on images.")
    top_k: int | None = Field(None, ge=1, description="Accepted; no effect on images.")
    candidate_count: int | None = Field(None, ge=1, le=4, description="Candidates to return (1-4).")
    max_output_tokens: int | None = Field(None, ge=1, description="Accepted; images are never truncated.")
    stop_sequences: list[str] | None = Field(None, description="Accepted and ignored.")
    seed: int | None = Field(None, ge=-(2**31), le=2**31 - 1, description="Same seed, same image.")
    response_modalities: list[str] | None = Field(None, description="TEXT and/or IMAGE (any case).")
    response_mime_type: str | None = Field(None, description="Accepted and ignored.")
    thinking_config: ThinkingConfig | None = Field(None, description="How much the model plans.")
    image_config: ImageConfig | None = Field(None, description="Output ratio and size.")

    @field_validator("response_modalities")
    @classmethod
    def _upper(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [v.upper() for v in value]


class SafetySetting(WireModel):
    category: str | int = Field(..., description="HARM_CATEGORY_* (name or proto enum number).")
    threshold: str | int = Field(..., description="BLOCK_* / OFF (name or proto enum number).")


class GenerateContentRequest(WireModel):
    model: str | None = Field(None, description="Optional; the URL names the model.")
    contents: list[Content] = Field(..., description="The conversation, oldest turn first.")
    system_instruction: Content | None = Field(None, description="Style/behaviour instruction.")
    generation_config: GenerationConfig | None = Field(None, description="Output options.")
    safety_settings: list[SafetySetting] | None = Field(
        None, description="Per-category block thresholds (docs/safety.md)."
    )
    tools: list[dict[str, Any]] | None = Field(None, description="Accepted; googleSearch comes later.")
    tool_config: dict[str, Any] | None = Field(None, description="Accepted and ignored.")
    cached_content: str | None = Field(None, description="Accepted and ignored.")


class CountTokensRequest(WireModel):
    contents: list[Content] | None = Field(None, description="Contents to count.")
    generate_content_request: GenerateContentRequest | None = Field(
        None, description="Alternative form: a whole generateContent request."
    )


# -- response -----------------------------------------------------------------------------------


class OutBlob(WireModel):
    mime_type: str
    data: str = Field(..., description="Standard base64.")


class OutPart(WireModel):
    text: str | None = None
    inline_data: OutBlob | None = None
    thought: bool | None = None
    thought_signature: str | None = None


class OutContent(WireModel):
    role: str = "model"
    parts: list[OutPart]


class SafetyRating(WireModel):
    category: str
    probability: str = Field(..., description="NEGLIGIBLE, LOW, MEDIUM or HIGH.")
    blocked: bool | None = Field(None, description="True on the categories that caused a block.")


class PromptFeedback(WireModel):
    block_reason: str | None = Field(None, description="SAFETY, PROHIBITED_CONTENT or OTHER; absent if allowed.")
    safety_ratings: list[SafetyRating] | None = None


class Candidate(WireModel):
    content: OutContent | None = None
    finish_reason: str | None = None
    index: int = 0
    safety_ratings: list[SafetyRating] | None = None
    finish_message: str | None = Field(None, description="Why the candidate was withheld (IMAGE_SAFETY...).")


class ModalityTokenCount(WireModel):
    modality: str
    token_count: int


class UsageMetadata(WireModel):
    prompt_token_count: int
    candidates_token_count: int | None = None
    thoughts_token_count: int | None = None
    total_token_count: int
    prompt_tokens_details: list[ModalityTokenCount] | None = None
    candidates_tokens_details: list[ModalityTokenCount] | None = None


class GenerateContentResponse(WireModel):
    candidates: list[Candidate] | None = None
    prompt_feedback: PromptFeedback | None = None
    usage_metadata: UsageMetadata | None = None
    model_version: str
    response_id: str


class Model(WireModel):
    name: str
    base_model_id: str
    version: str
    display_name: str
    description: str
    input_token_limit: int
    output_token_limit: int
    supported_generation_methods: list[str]
    thinking: bool
    temperature: float
    max_temperature: float
    top_p: float
    top_k: int


class ListModelsResponse(WireModel):
    models: list[Model]
    next_page_token: str | None = None


class CountTokensResponse(WireModel):
    total_tokens: int
    prompt_tokens_details: list[ModalityTokenCount] | None = None
