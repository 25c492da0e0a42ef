"""Gemini wire request → the engine's :class:`ImageRequest`.

All validation of what a client may ask for happens here, against the model's limits from the
catalog, with INVALID_ARGUMENT messages that name the allowed values. The rules follow the wire
reference: roles default to ``user``, consecutive same-role turns are merged (chat replays each
streamed chunk as its own model turn), input ``thought`` parts are ignored, enums match in any case.
"""

from __future__ import annotations

from dataclasses import replace

from openbanana.api.gemini.schemas import Content, GenerateContentRequest, GenerationConfig
from openbanana.catalog.models import ModelSpec, find_model
from openbanana.catalog.sizes import PixelSize, nearest_ratio, pixel_size, ratio_in_text, size_in_text
from openbanana.engine.errors import InvalidArgument, NotFound
from openbanana.engine.request import (
    ImageRequest,
    InputImage,
    Modality,
    OutputFormat,
    SafetySetting,
    ThinkingConfig,
    ThinkingLevel,
    Turn,
)
from openbanana.files.base import FileResolverFn
from openbanana.imaging.decode import decode_base64
from openbanana.imaging.normalize import normalize_image

HARM_CATEGORIES = (
    "HARM_CATEGORY_UNSPECIFIED", "HARM_CATEGORY_DEROGATORY", "HARM_CATEGORY_TOXICITY",
    "HARM_CATEGORY_VIOLENCE", "HARM_CATEGORY_SEXUAL", "HARM_CATEGORY_MEDICAL", "HARM_CATEGORY_DANGEROUS",
    "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_CIVIC_INTEGRITY",
)  # fmt: skip  # index = proto enum number
IMAGE_HARM_CATEGORIES = (
    "HARM_CATEGORY_IMAGE_HATE", "HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT",
    "HARM_CATEGORY_IMAGE_HARASSMENT", "HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT",
    "HARM_CATEGORY_JAILBREAK",
)  # fmt: skip
THRESHOLDS = (
    "HARM_BLOCK_THRESHOLD_UNSPECIFIED", "BLOCK_LOW_AND_ABOVE", "BLOCK_MEDIUM_AND_ABOVE",
    "BLOCK_ONLY_HIGH", "BLOCK_NONE", "OFF",
)  # fmt: skip  # index = proto enum number
ROLES = ("user", "model")


def resolve_model(name: str, api_version: str, method: str = "generateContent") -> ModelSpec:
    spec = find_model(name)
    if spec is None:
        raise NotFound(
            f"models/{name.removeprefix('models/')} is not found for API version {api_version}, or is not "
            f"supported for {method}. Call ListModels to see the list of available models and their "
            "supported methods."
        )
    return spec


def to_turns(
    contents: list[Content], field: str = "contents", resolve_file: FileResolverFn | None = None
) -> list[Turn]:
    """Decode and merge the conversation. Thought parts are dropped; same-role turns are merged.
    ``fileData`` parts are read through ``resolve_file`` (the caller's Files API files, never a URL)."""
    merged: list[tuple[str, list[str], list[InputImage]]] = []
    for ci, content in enumerate(contents):
        role = (content.role or "user").lower()
        if role not in ROLES:
            raise InvalidArgument(f"Please use a valid role: user, model. Got {content.role!r} at {field}[{ci}].")
        texts: list[str] = []
        images: list[InputImage] = []
        for pi, part in enumerate(content.parts):
            where = f"{field}[{ci}].parts[{pi}]"
            if part.thought:
                continue
            signature = (
                decode_base64(part.thought_signature, f"{where}.thought_signature") if part.thought_signature else None
            )
            if part.file_data is not None:
                images.append(_file_image(part.file_data.file_uri, part.file_data.mime_type, where, role, signature,
                                          resolve_file))  # fmt: skip
            if part.inline_data is not None:
                _check_mime(part.inline_data.mime_type, where)
                images.append(_input_image(part.inline_data.data, where, role, signature))
            if part.text is not None:
                texts.append(part.text)
        if merged and merged[-1][0] == role:
            merged[-1][1].extend(texts)
            merged[-1][2].extend(images)
        else:
            merged.append((role, texts, images))
    return [Turn(role, tuple(texts), tuple(images)) for role, texts, images in merged]


def _check_mime(mime_type: str | None, where: str, field: str = "inline_data") -> None:
    """The declared type must at least claim to be an image (the bytes are sniffed afterwards)."""
    declared = (mime_type or "").split(";")[0].strip().lower()
    if declared and not declared.startswith("image/") and declared != "application/octet-stream":
        raise InvalidArgument(
            f"{where}.{field}.mime_type: Unsupported MIME type: {mime_type}. This model accepts images "
            f"(image/png, image/jpeg, image/webp, image/gif, image/bmp) and text."
        )


def _input_image(data: str, where: str, role: str, signature: bytes | None) -> InputImage:
    """Inline bytes through the one input gate (:func:`normalize_image`): type sniffed, bombs and corrupt
    files refused, orientation/profile/mode/frames normalised; unchanged bytes when nothing needs doing."""
    raw = decode_base64(data, f"{where}.inline_data.data")
    image = normalize_image(raw, f"{where}.inline_data")
    return InputImage(image.data, image.mime_type, image.width, image.height, role=role, signature=signature)


def _file_image(
    uri: str, mime_type: str | None, where: str, role: str, signature: bytes | None, resolve: FileResolverFn | None
) -> InputImage:
    """A ``fileData`` image: the caller's uploaded file, held to the same checks as inline bytes."""
    if resolve is None:
        raise InvalidArgument(f"{where}.file_data: fileData is not accepted here; send the image as inlineData.")
    _check_mime(mime_type, where, "file_data")
    resolved = resolve(uri)
    _check_mime(resolved.mime_type, where, "file_data")
    image = normalize_image(resolved.data, f"{where}.file_data ({resolved.name})")
    return InputImage(image.data, image.mime_type, image.width, image.height, role=role, signature=signature)


def system_text(instruction: Content | None) -> str:
    """The text of a ``systemInstruction`` (its role, which the SDK sets to ``user``, is ignored)."""
    return "\n".join(p.text for p in (instruction.parts if instruction else []) if p.text)


def to_image_request(
    body: GenerateContentRequest, model: ModelSpec, resolve_file: FileResolverFn | None = None
) -> ImageRequest:
    """Validate and translate; ``resolve_file`` reads ``fileData`` parts (None: they are refused)."""
    if not body.contents:
        raise InvalidArgument("* GenerateContentRequest.contents: contents is not specified")
    turns = to_turns(body.contents, resolve_file=resolve_file)
    if turns[-1].role != "user":
        raise InvalidArgument("Please ensure that multiturn requests end with a user role.")
    current = turns[-1]
    if not current.text.strip() and not current.images:
        raise InvalidArgument("The last user turn has no text and no image: there is nothing to generate from.")
    if len(current.images) > model.max_input_images:
        raise InvalidArgument(
            f"{model.id} accepts at most {model.max_input_images} input images per request; got {len(current.images)}."
        )
    config = body.generation_config or GenerationConfig()
    draft = ImageRequest(
        model=model,
        turns=tuple(turns),
        output=pixel_size("1:1", model.default_size),
        system_instruction=system_text(body.system_instruction),
    )
    check_input_tokens(draft)
    return replace(
        draft,
        output=_output_size(config, model, draft),
        modalities=_modalities(config),
        candidate_count=config.candidate_count or 1,
        seed=config.seed,
        temperature=config.temperature,
        thinking=_thinking(config, model),
        safety_settings=tuple(_safety(s.category, s.threshold) for s in body.safety_settings or []),
        output_format=_output_format(config),
    )


def check_input_tokens(request: ImageRequest) -> None:
    """The real API refuses prompts over the model's input token limit; so does this server."""
    tokens = request.prompt_text_tokens + request.prompt_image_tokens
    if tokens > request.model.input_token_limit:
        raise InvalidArgument(
            f"The input token count ({tokens}) exceeds the maximum number of tokens allowed "
            f"({request.model.input_token_limit}) for {request.model.id}."
        )


def _output_size(config: GenerationConfig, model: ModelSpec, request: ImageRequest) -> PixelSize:
    image_config = config.image_config
    ratio = image_config.aspect_ratio if image_config else None
    size = image_config.image_size if image_config else None
    if ratio is not None and ratio not in model.ratio_choices:
        raise InvalidArgument(
            f"Unsupported aspect ratio {ratio!r} for {model.id}. Supported values: {', '.join(model.ratio_choices)}."
        )
    if size is not None and size not in model.sizes:
        hint = " (use an upper-case K)" if size.upper() in model.sizes else ""
        raise InvalidArgument(
            f"Unsupported image size {size!r} for {model.id}{hint}. Supported values: {', '.join(model.sizes)}."
        )
    reference = request.input_images[0] if request.input_images else request.latest_model_image()
    if reference is not None:  # an edit: "make it 16:9" / "make it 4K" say what imageConfig left out
        ratio = ratio or ratio_in_text(request.prompt, model.ratios)
        size = size or size_in_text(request.prompt, model.sizes)
    if ratio is None or ratio == "auto":
        ratio = nearest_ratio(reference.width, reference.height, model.ratios) if reference else "1:1"
    return pixel_size(ratio, size or model.default_size)


def _output_format(config: GenerationConfig) -> OutputFormat:
    """PNG unless ``imageOutputOptions`` (or the flat ``outputMimeType``) asks for JPEG."""
    image_config = config.image_config
    if image_config is None:
        return OutputFormat()
    options = image_config.image_output_options
    mime = (options.mime_type if options else None) or image_config.output_mime_type or "image/png"
    quality = options.compression_quality if options and options.compression_quality is not None else None
    if quality is None:
        quality = image_config.output_compression_quality
    mime = {"image/jpg": "image/jpeg"}.get(mime.lower(), mime.lower())
    if mime not in ("image/png", "image/jpeg"):
        raise InvalidArgument(
            f"generation_config.image_config.image_output_options.mime_type: {mime!r} is not supported; "
            "use 'image/png' or 'image/jpeg'."
        )
    return OutputFormat(mime, quality if mime == "image/jpeg" else None)


def _modalities(config: GenerationConfig) -> frozenset[Modality]:
    names = config.response_modalities or ["TEXT", "IMAGE"]
    allowed = {m.value for m in Modality}
    bad = [n for n in names if n not in allowed]
    if bad:
        raise InvalidArgument(
            f"Model does not support the requested response modalities: {', '.join(bad)}. "
            "Supported values: TEXT, IMAGE."
        )
    return frozenset(Modality(n) for n in names)


def _thinking(config: GenerationConfig, model: ModelSpec) -> ThinkingConfig:
    tc = config.thinking_config
    default = ThinkingLevel(model.thinking_levels[-1]) if model.thinking_levels == ("HIGH",) else ThinkingLevel.MINIMAL
    if tc is None:
        return ThinkingConfig(level=default)
    if tc.thinking_level is not None and tc.thinking_budget is not None:
        raise InvalidArgument("You can only set one of thinking budget and thinking level.")
    level = default
    if tc.thinking_level is not None:
        name = tc.thinking_level.upper()
        if name not in model.thinking_levels:
            allowed = ", ".join(model.thinking_levels) or "none (this model does not think)"
            raise InvalidArgument(
                f"Unsupported thinking level {tc.thinking_level!r} for {model.id}. Supported values: {allowed}."
            )
        level = ThinkingLevel(name)
    budget = tc.thinking_budget
    if not model.thinking_levels:  # accepted, as the real API does, but a non-thinking model ignores it
        return ThinkingConfig(include_thoughts=bool(tc.include_thoughts))
    if budget == -1:
        budget, level = None, ThinkingLevel.HIGH
    return ThinkingConfig(level=level, budget=budget, include_thoughts=bool(tc.include_thoughts))


def _enum(value: str | int, names: tuple[str, ...], field: str, extra: tuple[str, ...] = ()) -> str:
    if isinstance(value, int):
        if 0 <= value < len(names):
            return names[value]
    elif value.upper() in names + extra:
        return value.upper()
    raise InvalidArgument(f"Invalid value at '{field}', {value!r}. Supported values: {', '.join(names + extra)}.")


def _safety(category: str | int, threshold: str | int) -> SafetySetting:
    return SafetySetting(
        category=_enum(category, HARM_CATEGORIES, "safety_settings.category", IMAGE_HARM_CATEGORIES),
        threshold=_enum(threshold, THRESHOLDS, "safety_settings.threshold"),
    )
