"""Idempotent requests: a retried request with the same ``Idempotency-Key`` gets the stored answer."""

from openbanana.idempotency.store import (
    Claimed,
    IdempotencyStore,
    InFlight,
    Mismatch,
    Outcome,
    Replay,
    body_hash,
    key_problem,
)

__all__ = ["Claimed", "IdempotencyStore", "InFlight", "Mismatch", "Outcome", "Replay", "body_hash", "key_problem"]
