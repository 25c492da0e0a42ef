"""The Gemini protocol adapter: wire request → engine → wire response.

Routes call these functions and nothing else; each one parses, translates to the internal request,
runs the shared runtime, and translates back. No generation logic lives here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from openbanana.api import paging
from openbanana.api.body import read_json
from openbanana.api.gemini import files_adapter, inbound, outbound, streaming
from openbanana.api.gemini.schemas import (
    CountTokensRequest,
    CountTokensResponse,
    GenerateContentRequest,
    ListModelsResponse,
    ModalityTokenCount,
    Model,
)
from openbanana.api.idempotency import idempotent
from openbanana.api.metering import Meter
from openbanana.api.state import services
from openbanana.catalog.models import MODELS, ModelSpec
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.errors import InvalidArgument
from openbanana.engine.events import Usage
from openbanana.engine.request import ImageRequest
from openbanana.services import Services

API_VERSIONS = ("v1", "v1beta", "v1alpha")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


def api_version(request: Request) -> str:
    for segment in request.url.path.split("/"):
        if segment in API_VERSIONS:
            return segment
    return "v1beta"


async def _prepare(request: Request, model: str, method: str) -> tuple[Services, ImageRequest]:
    svc = services(request)
    spec = inbound.resolve_model(model, api_version(request), method)
    body = await read_json(request, GenerateContentRequest, svc.settings.max_request_bytes)
    # Decoding base64 and images is CPU work: keep it off the event loop.
    resolver = files_adapter.file_resolver(request)  # fileData → the caller's uploaded files only
    image_request = await anyio.to_thread.run_sync(inbound.to_image_request, body, spec, resolver)
    return svc, image_request


async def generate_content(request: Request, model: str) -> JSONResponse:
    # Under an Idempotency-Key a retry gets the stored answer: nothing generated, metered or billed twice.
    return await idempotent(request, lambda: _generate_content(request, model))


async def _generate_content(request: Request, model: str) -> JSONResponse:
    meter = Meter(request, model, "generateContent")  # quota admission, rate-limit headers, ledger entry
    try:
        svc, image_request = await _prepare(request, model, "generateContent")
        image_request = await meter.admit(image_request)
        events = meter.observed(await svc.runtime.run(image_request))
        encoder = outbound.PartEncoder(svc.signer, image_request.thinking.include_thoughts)
        body = outbound.build_response(events, encoder, image_request.model.id, outbound.new_response_id())
        conversation = outbound.conversation_of(events)
        await meter.finish(200, "OK")
    except Exception as exc:
        return await meter.error_response(exc)
    finally:
        await meter.close()
    headers = meter.headers() | ({"x-openbanana-conversation": conversation} if conversation else {})
    return JSONResponse(body, headers=headers)


async def stream_generate_content(request: Request, model: str) -> Response:
    return await idempotent(request, lambda: _stream_generate_content(request, model))


async def _stream_generate_content(request: Request, model: str) -> Response:
    sse = request.query_params.get("alt", "").lower() == "sse"
    meter = Meter(request, model, "streamGenerateContent")
    try:
        svc, image_request = await _prepare(request, model, "streamGenerateContent")
        image_request = await meter.admit(image_request)  # 429 now, before any byte is sent
        events = meter.track(svc.runtime.open_stream(image_request))  # 503 now, too
    except Exception as exc:
        # Without alt=sse the real API wraps even an up-front error in the JSON array.
        response = await meter.error_response(exc, wrap=not sse)
        await meter.close()
        return response
    encoder = outbound.PartEncoder(svc.signer, image_request.thinking.include_thoughts)
    prompt_usage = Usage(prompt_text=image_request.prompt_text_tokens, prompt_image=image_request.prompt_image_tokens)
    builder = outbound.ChunkBuilder(encoder, image_request.model.id, outbound.new_response_id(), prompt_usage)

    async def chunks() -> AsyncIterator[dict[str, Any]]:
        async for event in events:
            for chunk in builder.feed(event):
                yield chunk

    if sse:
        return StreamingResponse(streaming.sse(chunks()), media_type="text/event-stream", headers=meter.headers())
    return StreamingResponse(streaming.json_array(chunks()), media_type="application/json", headers=meter.headers())


async def count_tokens(request: Request, model: str) -> JSONResponse:
    svc = services(request)
    spec = inbound.resolve_model(model, api_version(request), "countTokens")
    body = await read_json(request, CountTokensRequest, svc.settings.max_request_bytes)
    contents, system = body.contents, ""
    if body.generate_content_request is not None:
        contents = body.generate_content_request.contents
        system = inbound.system_text(body.generate_content_request.system_instruction)
    if not contents:
        raise InvalidArgument("* CountTokensRequest.contents: contents is not specified")
    resolver = files_adapter.file_resolver(request)
    turns = tuple(await anyio.to_thread.run_sync(inbound.to_turns, contents, "contents", resolver))
    probe = ImageRequest(
        model=spec, turns=turns, output=pixel_size("1:1", spec.default_size), system_instruction=system
    )
    text_tokens, image_tokens = probe.prompt_text_tokens, probe.prompt_image_tokens
    details = [ModalityTokenCount(modality="TEXT", token_count=text_tokens)]
    if image_tokens:
        details.append(ModalityTokenCount(modality="IMAGE", token_count=image_tokens))
    return JSONResponse(
        CountTokensResponse(total_tokens=text_tokens + image_tokens, prompt_tokens_details=details).dump()
    )


def model_resource(spec: ModelSpec) -> Model:
    return Model(
        name=spec.resource_name,
        base_model_id=spec.id,
        version=spec.version,
        display_name=spec.display_name,
        description=spec.description,
        input_token_limit=spec.input_token_limit,
        output_token_limit=spec.output_token_limit,
        supported_generation_methods=list(spec.generation_methods),
        thinking=bool(spec.thinking_levels),
        temperature=spec.temperature,
        max_temperature=spec.max_temperature,
        top_p=spec.top_p,
        top_k=spec.top_k,
    )


async def list_models(request: Request) -> JSONResponse:
    size = paging.page_size(request, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    offset = paging.token_offset("offset", paging.page_token(request))
    page = MODELS[offset : offset + size]
    next_token = paging.offset_token("offset", offset + size) if offset + size < len(MODELS) else None
    body = ListModelsResponse(models=[model_resource(s) for s in page], next_page_token=next_token)
    return JSONResponse(body.dump())


async def get_model(request: Request, model: str) -> JSONResponse:
    spec = inbound.resolve_model(model, api_version(request), "getModel")
    return JSONResponse(model_resource(spec).dump())
