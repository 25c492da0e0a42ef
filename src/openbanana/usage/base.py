"""The usage ledger's record type and interface.

One :class:`UsageEntry` per request (interactive, or one item of a batch), written once: the batch
worker records its entry inside the same transaction that marks the item done, so a crash can never
bill an item twice or lose it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class UsageEntry:
    id: str
    request_id: str
    key_id: str
    model: str
    method: str
    http_status: int
    status: str
    input_text_tokens: int = 0
    input_image_tokens: int = 0
    output_text_tokens: int = 0
    output_image_tokens: int = 0
    thought_tokens: int = 0
    images: int = 0
    image_size: str | None = None
    aspect_ratio: str | None = None
    latency_ms: float = 0.0
    batch_id: str | None = None
    cost_usd: float = 0.0
    created_at: float = 0.0


class UsageLedger(Protocol):
    def record(self, entry: UsageEntry) -> None:
        """Write ``entry`` in its own transaction."""
        ...

    def record_in(self, session: Session, entry: UsageEntry) -> None:
        """Write ``entry`` inside the caller's open transaction (committed or rolled back with it)."""
        ...
