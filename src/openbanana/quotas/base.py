"""Per-key rate limits: the decision types and the limiter interface.

A limiter answers one question atomically: "may this key start one more request costing ``tokens``
input tokens now?" It either records the request (and, for a concurrency limit, takes a lease that the
caller releases when the request ends) or refuses with every limit that is exceeded and how long to wait.
Windows slide: a request counts against requests-per-minute for exactly 60 s after it was admitted and
against requests-per-day for 24 h. Turning a refusal into Google's 429 is the API layer's job
(:mod:`openbanana.api.metering`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from openbanana.keys.tiers import Limits

MINUTE = 60.0
DAY = 86_400.0
#: A lease outlives a crashed server by at most this long (then its concurrency slot frees itself).
LEASE_TTL = 600.0
#: Suggested wait when only the concurrency limit is hit (leases end when requests finish).
CONCURRENCY_RETRY = 1.0


@dataclass(frozen=True)
class Window:
    """One limit's state for ``x-ratelimit-*`` headers."""

    limit: int
    remaining: int
    #: Seconds until the oldest request counted in the window leaves it (0 when the window is empty).
    reset: float


@dataclass(frozen=True)
class RateState:
    """The per-minute windows after the decision (requests and input tokens); None where unlimited."""

    requests: Window | None = None
    tokens: Window | None = None

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, window in (("requests", self.requests), ("tokens", self.tokens)):
            if window is not None:
                out[f"x-ratelimit-limit-{name}"] = str(window.limit)
                out[f"x-ratelimit-remaining-{name}"] = str(max(0, window.remaining))
                out[f"x-ratelimit-reset-{name}"] = f"{math.ceil(max(0.0, window.reset))}s"
        return out


NO_LIMITS = RateState()


def rate_state(limits: Limits, now: float, count: int, used: int, oldest: float | None) -> RateState:
    """The minute windows holding ``count`` requests and ``used`` tokens, the oldest admitted at ``oldest``."""
    reset = 0.0 if oldest is None else oldest + MINUTE - now
    requests = None if limits.rpm is None else Window(limits.rpm, limits.rpm - count, reset)
    tokens = None if limits.tpm is None else Window(limits.tpm, limits.tpm - used, reset)
    return RateState(requests, tokens)


@dataclass(frozen=True)
class Violation:
    #: ``rpm`` | ``tpm`` | ``rpd`` | ``concurrency``
    limit: str
    value: int
    #: Seconds until this limit would admit the request (for a request larger than the TPM: a minute).
    retry_after: float


@dataclass(frozen=True)
class Admission:
    key_id: str
    #: The concurrency lease to release when the request ends (None when the key has no such limit).
    lease_id: str | None
    state: RateState


class QuotaDenied(Exception):
    """The request was not admitted; nothing was recorded for it."""

    def __init__(self, key_id: str, violations: list[Violation], state: RateState) -> None:
        super().__init__(f"quota exceeded for {key_id}: {', '.join(v.limit for v in violations)}")
        self.key_id = key_id
        self.violations = violations
        self.state = state

    @property
    def retry_after(self) -> int:
        """Whole seconds after which every violated limit admits the request again (at least 1)."""
        return max(1, math.ceil(max(v.retry_after for v in self.violations)))


class QuotaLimiter(Protocol):
    def admit(self, key_id: str, limits: Limits, tokens: int, now: float | None = None) -> Admission:
        """Admit and record one request or raise :class:`QuotaDenied`. Exact under concurrency: two
        callers (threads or processes) can never both take the last slot."""
        ...

    def release(self, admission: Admission) -> None:
        """End the request's concurrency lease (no-op without one); safe to call twice."""
        ...
