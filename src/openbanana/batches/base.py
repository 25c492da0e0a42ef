"""The Batch API's vocabulary: job and item states, and the records the store hands around.

A batch is a job row plus one row per request (``batch_items``). Items move
``pending → running → succeeded | failed`` (or ``cancelled`` before they ran); the job moves
``BATCH_STATE_PENDING → RUNNING → SUCCEEDED | FAILED | CANCELLED``. A job whose requests all
finished is ``SUCCEEDED`` even when some of them failed: those carry per-request errors, as on
Google's service. File-input jobs pass through an internal ``FINALIZING`` state while their results
file is written (shown as ``RUNNING`` on the wire), so a crash mid-write is picked up again.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

PENDING = "BATCH_STATE_PENDING"
RUNNING = "BATCH_STATE_RUNNING"
SUCCEEDED = "BATCH_STATE_SUCCEEDED"
FAILED = "BATCH_STATE_FAILED"
CANCELLED = "BATCH_STATE_CANCELLED"
#: Internal: every item is terminal and one process is writing the results file.
FINALIZING = "BATCH_STATE_FINALIZING"
TERMINAL_STATES = (SUCCEEDED, FAILED, CANCELLED)
ACTIVE_STATES = (PENDING, RUNNING, FINALIZING)

ITEM_PENDING = "pending"
ITEM_RUNNING = "running"
ITEM_SUCCEEDED = "succeeded"
ITEM_FAILED = "failed"
ITEM_CANCELLED = "cancelled"
ITEM_OPEN_STATES = (ITEM_PENDING, ITEM_RUNNING)

#: google.rpc.Code CANCELLED: the per-request error of a request that never ran.
CANCELLED_CODE = 1

_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_batch_id() -> str:
    """Lowercase alphanumerics like Google's ids (the SDK accepts any ``batches/[^/]+``)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(32))


def wire_state(state: str) -> str:
    return RUNNING if state == FINALIZING else state


@dataclass(frozen=True)
class NewItem:
    """One request of a batch being created: the GenerateContentRequest as a JSON-able dict, or the
    per-request error already known at creation (a JSONL line that was not a request)."""

    request: dict[str, Any] | None
    key: str | None = None
    metadata: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


@dataclass(frozen=True)
class BatchRecord:
    """A snapshot of one job's row."""

    id: str
    owner: str
    model: str
    display_name: str | None
    state: str
    input_file: str | None
    output_file: str | None
    request_count: int
    succeeded: int
    failed: int
    cancel_requested: bool
    error: dict[str, Any] | None
    created_at: float
    updated_at: float
    end_at: float | None

    @property
    def pending(self) -> int:
        return max(0, self.request_count - self.succeeded - self.failed)

    @property
    def terminal(self) -> bool:
        return self.state in TERMINAL_STATES


@dataclass(frozen=True)
class ClaimedItem:
    """An item leased to this process: run it, then complete it with the same ``attempt``."""

    batch_id: str
    idx: int
    owner: str
    model: str
    request_blob: str
    attempt: int


@dataclass(frozen=True)
class ItemResult:
    """One finished item as the output lists it: its response or its error (None: not run)."""

    idx: int
    key: str | None
    metadata: dict[str, Any] | None
    response: dict[str, Any] | None
    error: dict[str, Any] | None
