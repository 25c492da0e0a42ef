"""Run one ``generateContent`` request synchronously, outside an HTTP request (batch items).

The steps are :func:`openbanana.api.gemini.adapter.generate_content`'s: the same schema, the same
:mod:`inbound` translation and validation, the same engine and the same :mod:`outbound` response, so a
batch item answers exactly what an interactive call with that body would. Differences: everything
runs on the calling thread (a batch worker), the engine is called directly (the worker pool does its
own admission, yielding to interactive requests), and any failure becomes a per-request error
instead of an HTTP error.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from openbanana.api.body import validation_message
from openbanana.api.errors import body_for
from openbanana.api.gemini import inbound, outbound
from openbanana.api.gemini.schemas import GenerateContentRequest
from openbanana.catalog.models import ModelSpec
from openbanana.engine.errors import InvalidArgument, OpenBananaError
from openbanana.engine.events import Finished, OutputImage, Usage
from openbanana.files.base import FileResolver

if TYPE_CHECKING:
    from openbanana.services import Services

log = logging.getLogger("openbanana.batches")


@dataclass(frozen=True)
class Executed:
    """What one request produced: ``response`` (a GenerateContentResponse dict) or ``error``
    (``{"code", "message", "status"}``), plus what the usage ledger needs."""

    model: str
    response: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    usage: Usage = field(default_factory=Usage)
    images: int = 0
    image_size: str | None = None
    aspect_ratio: str | None = None
    latency_ms: float = 0.0

    @property
    def http_status(self) -> int:
        return 200 if self.error is None else int(self.error.get("code", 500))

    @property
    def status(self) -> str:
        return "OK" if self.error is None else str(self.error.get("status", "INTERNAL"))


def execute(
    services: Services, request: dict[str, Any], model: ModelSpec, owner: str, usage_id: str | None = None
) -> Executed:
    """Run ``request`` (a GenerateContentRequest as JSON) for ``owner`` on ``model`` (the batch's;
    a ``model`` inside the request overrides it, as on Google's service). ``usage_id`` is the ledger
    entry the item will be recorded under (the outputs' watermarks point to it)."""
    started = time.monotonic()
    try:
        spec = model
        if isinstance(request.get("model"), str) and request["model"]:
            spec = inbound.resolve_model(request["model"], "v1beta", "batchGenerateContent")
        try:
            body = GenerateContentRequest.model_validate(request)
        except ValidationError as exc:
            raise InvalidArgument(validation_message(exc)) from exc
        # fileData parts resolve to the batch owner's uploaded files, exactly as for an interactive call
        image_request = inbound.to_image_request(body, spec, FileResolver(services.files, owner))
        image_request = replace(image_request, usage_id=usage_id)
        events = services.runtime.engine.run(image_request)
        encoder = outbound.PartEncoder(services.signer, image_request.thinking.include_thoughts)
        response = outbound.build_response(events, encoder, image_request.model.id, outbound.new_response_id())
    except OpenBananaError as exc:
        return Executed(model=model.id, error=body_for(exc)["error"], latency_ms=_ms(started))
    except Exception as exc:  # a bug must fail this one request, never the worker or the batch
        log.exception("batch request failed unexpectedly")
        error = {"code": 500, "message": f"Internal error while running the request: {type(exc).__name__}.",
                 "status": "INTERNAL"}  # fmt: skip
        return Executed(model=model.id, error=error, latency_ms=_ms(started))
    usage = next((e.usage for e in reversed(events) if isinstance(e, Finished)), Usage())
    return Executed(
        model=image_request.model.id,
        response=response,
        usage=usage,
        images=sum(1 for e in events if isinstance(e, OutputImage)),
        image_size=image_request.output.size,
        aspect_ratio=image_request.output.ratio,
        latency_ms=_ms(started),
    )


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 3)
