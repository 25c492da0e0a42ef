"""Metering of generate/stream requests: quota admission, ``x-ratelimit-*`` headers, the ledger entry.

One :class:`Meter` per request, created right after authentication: ``admit`` charges the key's
quotas (or raises Google's 429), events pass through ``observe``/``track`` to count images and tokens,
and ``finish`` — on success or on any error, 429s and 400s included — writes one usage entry, reports
it to the metrics and releases the concurrency lease. ``close`` (always called) finishes a request that
ended any other way (a client that went away is recorded as 499 CANCELLED), so a lease never outlives
its request in a running server. Database work runs on worker threads, shielded from cancellation.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from typing import Any

import anyio
import anyio.to_thread
from fastapi import Request
from fastapi.responses import JSONResponse

from openbanana.api.caller import caller_of
from openbanana.api.errors import body_for
from openbanana.api.state import services
from openbanana.engine.errors import OpenBananaError, ResourceExhausted
from openbanana.engine.events import EngineEvent, Finished, OutputImage, Usage
from openbanana.engine.request import ImageRequest
from openbanana.quotas.base import NO_LIMITS, Admission, QuotaDenied, RateState, Violation
from openbanana.services import Services
from openbanana.usage.base import UsageEntry

log = logging.getLogger("openbanana.metering")

RATE_LIMITS_URL = "https://ai.google.dev/gemini-api/docs/rate-limits"
_SERVICE = "generativelanguage.googleapis.com"

#: (limit, free tier?) → (quotaMetric, quotaId), named like Google's so client code that inspects them works.
_QUOTA_NAMES: dict[tuple[str, bool], tuple[str, str]] = {
    ("rpm", True): (f"{_SERVICE}/generate_content_free_tier_requests",
                    "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
    ("rpm", False): (f"{_SERVICE}/generate_requests_per_model", "GenerateRequestsPerMinutePerProjectPerModel"),
    ("rpd", True): (f"{_SERVICE}/generate_content_free_tier_requests",
                    "GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
    ("rpd", False): (f"{_SERVICE}/generate_requests_per_model_per_day", "GenerateRequestsPerDayPerProjectPerModel"),
    ("tpm", True): (f"{_SERVICE}/generate_content_free_tier_input_token_count",
                    "GenerateContentInputTokensPerModelPerMinute-FreeTier"),
    ("tpm", False): (f"{_SERVICE}/generate_content_paid_tier_input_token_count",
                     "GenerateContentPaidTierInputTokensPerModelPerMinute"),
    ("concurrency", True): (f"{_SERVICE}/concurrent_requests", "ConcurrentRequestsPerKey-FreeTier"),
    ("concurrency", False): (f"{_SERVICE}/concurrent_requests", "ConcurrentRequestsPerKey"),
}  # fmt: skip


class QuotaExceeded(ResourceExhausted):
    """Google's 429 for a refused admission; ``headers`` go on the response (``Retry-After`` and the
    ``x-ratelimit-*`` state)."""

    def __init__(self, denied: QuotaDenied, model: str, tier: str) -> None:
        free = tier == "free"
        lines = [
            f"* Quota exceeded for metric: {_QUOTA_NAMES[(v.limit, free)][0]}, limit: {v.value}, model: {model}"
            for v in denied.violations
        ]
        message = "\n".join([
            "You exceeded your current quota, please check your plan and billing details. For more information "
            f"on this error, head to: {RATE_LIMITS_URL}.", *lines, f"Please retry in {denied.retry_after}s.",
        ])  # fmt: skip
        details: list[dict[str, Any]] = [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
             "violations": [_violation(v, model, free) for v in denied.violations]},
            {"@type": "type.googleapis.com/google.rpc.Help",
             "links": [{"description": "Learn more about Gemini API quotas", "url": RATE_LIMITS_URL}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{denied.retry_after}s"},
        ]  # fmt: skip
        super().__init__(message, details=details)
        self.headers = {**denied.state.headers(), "Retry-After": str(denied.retry_after)}


def _violation(violation: Violation, model: str, free: bool) -> dict[str, Any]:
    metric, quota_id = _QUOTA_NAMES[(violation.limit, free)]
    return {"quotaMetric": metric, "quotaId": quota_id, "quotaDimensions": {"location": "global", "model": model},
            "quotaValue": str(violation.value)}  # fmt: skip


class Meter:
    """The metering of one generate/stream request (see the module docstring)."""

    def __init__(self, request: Request, model: str, method: str) -> None:
        self.services: Services = services(request)
        self.caller = caller_of(request)
        self.request_id = str(getattr(request.state, "request_id", "") or "")
        self.model = model.removeprefix("models/")
        self.method = method
        self.created_at = time.time()
        #: The ledger entry's id, known up front so every output's watermark can point to it.
        self.usage_id = secrets.token_hex(8)
        self._started = time.perf_counter()
        self.image_request: ImageRequest | None = None
        self.admission: Admission | None = None
        self.state: RateState = NO_LIMITS
        self.usage: Usage | None = None
        self.images = 0
        self.finished = False

    async def admit(self, image_request: ImageRequest) -> ImageRequest:
        """Charge the key's quotas for this request (its input tokens count against TPM) or raise 429;
        returns the request tagged with its ledger id."""
        image_request = replace(image_request, usage_id=self.usage_id)
        self.image_request = image_request
        self.model = image_request.model.id
        limits = self.caller.limits
        if limits.unlimited:
            return image_request
        tokens = image_request.prompt_text_tokens + image_request.prompt_image_tokens
        try:
            admission = await anyio.to_thread.run_sync(self.services.quotas.admit, self.caller.key_id, limits, tokens)
        except QuotaDenied as denied:
            self.state = denied.state
            for violation in denied.violations:
                self.services.metrics.rate_limited(violation.limit)
            raise QuotaExceeded(denied, self.model, self.caller.tier) from None
        self.admission, self.state = admission, admission.state
        return image_request

    def observe(self, event: EngineEvent) -> None:
        if isinstance(event, OutputImage):
            self.images += 1
        elif isinstance(event, Finished):
            self.usage = event.usage

    def observed(self, events: Iterable[EngineEvent]) -> list[EngineEvent]:
        """``events`` (a finished run), counted."""
        events = list(events)
        for event in events:
            self.observe(event)
        return events

    async def track(self, events: AsyncIterator[EngineEvent]) -> AsyncIterator[EngineEvent]:
        """Pass a stream's events through, then finish: OK at the end, the error's status on a failure
        after the first byte (the client sees it in-band), CANCELLED when the client went away."""
        try:
            async for event in events:
                self.observe(event)
                yield event
        except Exception as exc:
            await self.finish(*_status_of(exc))
            raise
        else:
            await self.finish(200, "OK")
        finally:
            await self.close()

    def headers(self) -> dict[str, str]:
        return self.state.headers()

    async def error_response(self, exc: Exception, *, wrap: bool = False) -> JSONResponse:
        """Finish with ``exc``'s status and answer Google's error body (as a one-element JSON array when
        ``wrap``: a stream without ``alt=sse``). Anything but an :class:`OpenBananaError` is recorded
        as a 500 and re-raised for the app's error handler."""
        await self.finish(*_status_of(exc))
        if not isinstance(exc, OpenBananaError):
            raise exc
        headers = exc.headers if isinstance(exc, QuotaExceeded) else self.headers()
        body = body_for(exc)
        return JSONResponse([body] if wrap else body, status_code=exc.http_code, headers=headers)

    async def finish(self, http_status: int, status: str) -> None:
        """Record the request once and release its lease."""
        if self.finished:
            return
        self.finished = True
        entry = self._entry(http_status, status)
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(self._record, entry)

    async def close(self) -> None:
        """Finish a request that ended without :meth:`finish` (the client disconnected)."""
        await self.finish(499, "CANCELLED")

    def _entry(self, http_status: int, status: str) -> UsageEntry:
        usage = self.usage or Usage()
        request = self.image_request
        if self.usage is None and request is not None and http_status == 200:
            usage = Usage(prompt_text=request.prompt_text_tokens, prompt_image=request.prompt_image_tokens)
        return UsageEntry(
            id=self.usage_id, request_id=self.request_id, key_id=self.caller.key_id, model=self.model,
            method=self.method, http_status=http_status, status=status,
            input_text_tokens=usage.prompt_text, input_image_tokens=usage.prompt_image,
            output_text_tokens=usage.output_text, output_image_tokens=usage.output_image,
            thought_tokens=usage.thoughts, images=self.images,
            image_size=request.output.size if request is not None else None,
            aspect_ratio=request.output.ratio if request is not None else None,
            latency_ms=round((time.perf_counter() - self._started) * 1000, 3), created_at=self.created_at,
        )  # fmt: skip

    def _record(self, entry: UsageEntry) -> None:
        """Ledger, metrics, lease: each failure is logged and never reaches the client."""
        reports = (("usage", self.services.usage.record), ("metrics", self.services.metrics.observe))
        for name, report in reports:
            try:
                report(entry)
            except Exception:
                log.exception("could not report request %s to %s", self.request_id, name)
        if self.admission is not None:
            try:
                self.services.quotas.release(self.admission)
            except Exception:  # the lease expires by itself
                log.exception("could not release the concurrency lease of request %s", self.request_id)


def _status_of(exc: BaseException) -> tuple[int, str]:
    if isinstance(exc, OpenBananaError):
        return exc.http_code, exc.status
    return 500, "INTERNAL"
