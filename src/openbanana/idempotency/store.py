"""Idempotency records: "this caller already sent this request under this key; here is what it got".

One row per (caller key id, idempotency key) in the ``idempotency`` table; the stored response body is
a blob (``idempotency/...``), so a 20 MB image response never sits in the database. Life of a record:

1. :meth:`IdempotencyStore.claim` — in one write transaction (SQLite ``BEGIN IMMEDIATE``, a row lock on
   PostgreSQL) either inserts a ``running`` row (the caller goes on and generates), or finds the
   existing row and answers :class:`Replay` (done, same body), :class:`Mismatch` (different body) or
   :class:`InFlight` (the first request is still running).
2. :meth:`IdempotencyStore.complete` — stores the response blob, then marks the row ``done``; it then
   lives for ``ttl`` (24 h).
3. :meth:`IdempotencyStore.release` — the request failed (or answered anything but 200): the row is
   deleted so the same key may be retried.

A ``running`` row left by a crashed server expires after ``running_ttl``; expired rows are swept (a few
at a time, with their blobs) whenever a new key is claimed, so there is no background job.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openbanana.blobs import BlobStore
from openbanana.blobs.base import BlobNotFound
from openbanana.storage import Database
from openbanana.storage.tables import IdempotencyRow

log = logging.getLogger("openbanana.idempotency")

TTL = 24 * 3600.0
#: How long a claim may stay ``running`` before a retry may take it over (a crashed server's claim).
RUNNING_TTL = 15 * 60.0
#: Expired rows removed per claim (keeps every claim's transaction short).
SWEEP_BATCH = 100
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Claimed:
    """The caller owns the key now: run the request, then :meth:`complete` or :meth:`release`."""

    key_id: str
    idempotency_key: str
    token: str


@dataclass(frozen=True)
class Replay:
    """The stored answer to the same request."""

    http_status: int
    content_type: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Mismatch:
    """The key was used before with a different request body."""


@dataclass(frozen=True)
class InFlight:
    """The first request with this key has not finished yet."""

    started_at: float


Outcome = Claimed | Replay | Mismatch | InFlight


def key_problem(key: str) -> str | None:
    """Why ``key`` is not a valid idempotency key (1–255 printable ASCII characters), or None."""
    if not key:
        return "must not be empty"
    if len(key) > MAX_KEY_LENGTH:
        return f"must be at most {MAX_KEY_LENGTH} characters (got {len(key)})"
    if not all(" " <= ch <= "~" for ch in key):
        return "must be printable ASCII"
    return None


class IdempotencyStore:
    """Thread- and process-safe (all coordination is in the database)."""

    def __init__(self, database: Database, blobs: BlobStore, *, ttl: float = TTL, running_ttl: float = RUNNING_TTL):
        self.database = database
        self.blobs = blobs
        self.ttl = ttl
        self.running_ttl = running_ttl

    def claim(self, key_id: str, idempotency_key: str, body_sha256: str, *, now: float | None = None) -> Outcome:
        """Claim ``idempotency_key`` for ``key_id``'s request whose body hashes to ``body_sha256``."""
        problem = key_problem(idempotency_key)
        if problem is not None:
            raise ValueError(f"idempotency key {problem}")
        for _attempt in range(3):
            at = time.time() if now is None else now
            stale: list[str] = []
            try:
                with self.database.write() as session:
                    outcome = self._claim_in(session, key_id, idempotency_key, body_sha256, at, stale)
            except IntegrityError:
                continue  # PostgreSQL: a concurrent claim inserted the same key first; look again
            self._delete_blobs(stale)
            if isinstance(outcome, Replay | Claimed | Mismatch | InFlight):
                return outcome
        raise RuntimeError("could not claim the idempotency key")  # pragma: no cover - three lost races

    def _claim_in(
        self, session: Session, key_id: str, idem: str, body_sha256: str, now: float, stale: list[str]
    ) -> Outcome | None:
        query = select(IdempotencyRow).where(IdempotencyRow.key_id == key_id, IdempotencyRow.idempotency_key == idem)
        if not self.database.is_sqlite:
            query = query.with_for_update()
        row = session.execute(query).scalar_one_or_none()
        if row is not None and row.expires_at <= now:
            if row.blob_key:
                stale.append(row.blob_key)
            session.delete(row)
            session.flush()
            row = None
        if row is None:
            self._sweep(session, now, stale)
            token = secrets.token_hex(8)
            session.add(
                IdempotencyRow(
                    key_id=key_id,
                    idempotency_key=idem,
                    body_sha256=body_sha256,
                    state="running",
                    http_status=None,
                    content_type=None,
                    # While running, headers_json holds the claim's token: only its owner may complete it.
                    headers_json=json.dumps({"token": token}),
                    blob_key=None,
                    created_at=now,
                    expires_at=now + self.running_ttl,
                )
            )
            session.flush()
            return Claimed(key_id, idem, token)
        if row.body_sha256 != body_sha256:
            return Mismatch()
        if row.state != "done" or row.blob_key is None:
            return InFlight(row.created_at)
        try:
            body = self.blobs.get(row.blob_key)
        except BlobNotFound:
            log.warning("idempotency record %s/%s lost its stored response; running the request again", key_id, idem)
            session.delete(row)
            session.flush()
            return None
        return Replay(
            http_status=row.http_status or 200,
            content_type=row.content_type or "application/json",
            headers=json.loads(row.headers_json or "{}"),
            body=body,
        )

    def complete(
        self, claim: Claimed, *, http_status: int, content_type: str, headers: dict[str, str], body: bytes
    ) -> bool:
        """Store the response of a claimed request; False when the claim was lost meanwhile (it ran
        past ``running_ttl`` and a retry took the key over) — then nothing is stored."""
        blob_key = f"idempotency/{_name(claim)}-{secrets.token_hex(8)}"
        self.blobs.put(blob_key, body)
        now = time.time()
        with self.database.write() as session:
            row = self._own_row(session, claim)
            if row is not None:
                row.state = "done"
                row.http_status = http_status
                row.content_type = content_type
                row.headers_json = json.dumps(headers)
                row.blob_key = blob_key
                row.expires_at = now + self.ttl
        if row is None:
            self.blobs.delete(blob_key)
            return False
        return True

    def release(self, claim: Claimed) -> None:
        """Forget a claimed request that did not succeed, so that the key may be used again."""
        with self.database.write() as session:
            row = self._own_row(session, claim)
            if row is not None:
                session.delete(row)

    def _own_row(self, session: Session, claim: Claimed) -> IdempotencyRow | None:
        query = select(IdempotencyRow).where(
            IdempotencyRow.key_id == claim.key_id, IdempotencyRow.idempotency_key == claim.idempotency_key
        )
        if not self.database.is_sqlite:
            query = query.with_for_update()
        row = session.execute(query).scalar_one_or_none()
        if row is None or row.state != "running" or json.loads(row.headers_json or "{}").get("token") != claim.token:
            return None
        return row

    def _sweep(self, session: Session, now: float, stale: list[str]) -> None:
        expired = session.execute(
            select(IdempotencyRow.key_id, IdempotencyRow.idempotency_key, IdempotencyRow.blob_key)
            .where(IdempotencyRow.expires_at <= now)
            .limit(SWEEP_BATCH)
        ).all()
        for key_id, idem, blob_key in expired:
            session.execute(
                delete(IdempotencyRow).where(IdempotencyRow.key_id == key_id, IdempotencyRow.idempotency_key == idem)
            )
            if blob_key:
                stale.append(blob_key)

    def _delete_blobs(self, keys: list[str]) -> None:
        """Delete swept bodies after their rows' deletion committed (a failure only leaves an orphan blob)."""
        for key in keys:
            try:
                self.blobs.delete(key)
            except OSError:
                log.warning("could not delete expired idempotent response %s", key, exc_info=True)

    def count(self) -> int:
        """Records currently stored (running or done, expired or not)."""
        with self.database.read() as session:
            return int(session.execute(select(func.count()).select_from(IdempotencyRow)).scalar_one())


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _name(claim: Claimed) -> str:
    """A blob-safe name for a caller's key (the key itself may hold any printable character)."""
    return hashlib.sha256(f"{claim.key_id}\0{claim.idempotency_key}".encode()).hexdigest()[:32]
