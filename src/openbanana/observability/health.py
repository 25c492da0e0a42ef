"""Readiness: can this process serve a request right now?

``/healthz`` only says the process is alive (restart it if not). ``/readyz`` says whether to send it
traffic: the database answers ``SELECT 1``, the blob store completes a write/read/delete round trip of a
tiny probe blob, and the engine runtime is not saturated (admitting one more generation would be refused
with 503). Checks run on a worker thread under a deadline, so a hung database makes the probe fail
instead of hanging the probe itself.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    from openbanana.services import Services

PROBE_PREFIX = "health"
log = logging.getLogger(__name__)


@dataclass
class Readiness:
    ready: bool
    reason: str | None = None
    checks: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"status": "ready" if self.ready else "unavailable", "checks": self.checks}
        if self.reason:
            body["reason"] = self.reason
        return body


def check_database(services: Services) -> None:
    with services.database.read() as session:
        session.execute(text("SELECT 1")).scalar_one()


def check_blobs(services: Services) -> None:
    # A name unique to this probe: concurrent probes (several processes, one bucket) never race.
    key = f"{PROBE_PREFIX}/readyz-{os.getpid()}-{secrets.token_hex(4)}"
    payload = secrets.token_bytes(16)
    services.blobs.put(key, payload)
    try:
        if services.blobs.get(key) != payload:
            raise RuntimeError("blob store returned different bytes")
    finally:
        services.blobs.delete(key)


def readiness(services: Services) -> Readiness:
    """Run every check (blocking; call from a worker thread) and say why not ready, if not."""
    result = Readiness(ready=True)
    for name, check in (("database", check_database), ("blobs", check_blobs)):
        started = time.perf_counter()
        try:
            check(services)
            result.checks[name] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
        except Exception as exc:  # any failure is "not ready", with the reason; never a 500
            # The probe is unauthenticated: the body names the exception type, the log has the details.
            log.warning("readyz: %s check failed", name, exc_info=True)
            result.checks[name] = {"ok": False, "error": type(exc).__name__}
            result.ready = False
            result.reason = result.reason or f"{name} check failed"
    runtime = services.runtime
    saturated = runtime.in_flight >= runtime.capacity
    result.checks["runtime"] = {"ok": not saturated, "in_flight": runtime.in_flight, "capacity": runtime.capacity}
    if saturated:
        result.ready = False
        result.reason = result.reason or "runtime saturated: every worker and queue slot is taken"
    return result
