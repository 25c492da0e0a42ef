"""Batch jobs on the platform database: rows for jobs and their requests, blobs for the bodies.

How "every request done exactly once" holds, across threads, processes and crashes:

- **Create** writes every request body as a blob first, then the job row and all item rows in one
  transaction: a crash leaves at worst unreferenced blobs, never a row pointing at nothing.
- **Claim** takes one pending item (or a running one whose lease expired: its worker died) inside a
  write transaction (SQLite: ``BEGIN IMMEDIATE`` serialises claimers across processes; PostgreSQL:
  ``FOR UPDATE SKIP LOCKED``), bumps its ``attempts`` and leases it to the claiming process.
- **Complete** writes the result blob under a name unique to that attempt, then in ONE transaction
  checks that the item is still leased to this attempt, marks it done, bumps the job's counters and
  records the usage entry (passed in as a callback). A completion whose lease was lost (the item was
  reclaimed, cancelled or deleted) changes nothing and removes its blob, so the ledger gets exactly one
  entry per executed item.
- Items are always locked before their job row (claim, complete, cancel), so PostgreSQL never
  deadlocks; the job row lock also serialises the "was that the last item?" check.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from openbanana.batches.base import (
    ACTIVE_STATES,
    CANCELLED,
    CANCELLED_CODE,
    FAILED,
    FINALIZING,
    ITEM_CANCELLED,
    ITEM_FAILED,
    ITEM_OPEN_STATES,
    ITEM_PENDING,
    ITEM_RUNNING,
    ITEM_SUCCEEDED,
    PENDING,
    RUNNING,
    SUCCEEDED,
    BatchRecord,
    ClaimedItem,
    ItemResult,
    NewItem,
    new_batch_id,
)
from openbanana.blobs import BlobNotFound, BlobStore
from openbanana.storage import Database
from openbanana.storage.tables import BatchItemRow, BatchRow

#: Seconds a claimed item stays leased without a heartbeat (the worker renews it while it runs).
LEASE_SECONDS = 15.0
_CANCELLED_ERROR = {"code": CANCELLED_CODE, "message": "The batch was cancelled before this request ran.",
                    "status": "CANCELLED"}  # fmt: skip


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _record(row: BatchRow) -> BatchRecord:
    return BatchRecord(
        id=row.id, owner=row.owner, model=row.model, display_name=row.display_name, state=row.state,
        input_file=row.input_file, output_file=row.output_file, request_count=row.request_count,
        succeeded=row.succeeded, failed=row.failed, cancel_requested=bool(row.cancel_requested),
        error=json.loads(row.error_json) if row.error_json else None, created_at=row.created_at,
        updated_at=row.updated_at, end_at=row.end_at,
    )  # fmt: skip


def _rowcount(result: Any) -> int:
    """Rows an UPDATE matched (``Result`` is typed without it; every DML result has it)."""
    return int(getattr(result, "rowcount", 0) or 0)


def _open_items(batch_id: Any) -> Any:
    return exists().where(BatchItemRow.batch_id == batch_id, BatchItemRow.state.in_(ITEM_OPEN_STATES))


@dataclass(frozen=True)
class Completion:
    """What :meth:`SqlBatchStore.complete` did: ``accepted`` False when the lease was lost;
    ``finalize`` True when the job's last item finished and its results file must be written."""

    accepted: bool
    finalize: bool = False


class SqlBatchStore:
    """Thread- and process-safe batch storage; every method runs its own transaction(s)."""

    def __init__(self, database: Database, blobs: BlobStore, lease_seconds: float = LEASE_SECONDS) -> None:
        self.database = database
        self.blobs = blobs
        self.lease_seconds = lease_seconds

    # -- the API side ------------------------------------------------------------------------------

    def create(
        self,
        owner: str,
        model: str,
        display_name: str | None,
        items: Sequence[NewItem],
        input_file: str | None = None,
        error: dict[str, Any] | None = None,
    ) -> BatchRecord:
        """A new job (PENDING; FAILED with ``error`` when its input could not be read at all)."""
        batch_id = new_batch_id()
        now = time.time()
        rows: list[BatchItemRow] = []
        for idx, item in enumerate(items):
            blob = ""
            if item.request is not None:
                blob = f"batches/{batch_id}/requests/{idx:07d}"
                self.blobs.put(blob, _dumps(item.request).encode())
            rows.append(
                BatchItemRow(
                    batch_id=batch_id,
                    idx=idx,
                    item_key=item.key,
                    metadata_json=_dumps(item.metadata) if item.metadata is not None else None,
                    request_blob=blob,
                    state=ITEM_FAILED if item.error else ITEM_PENDING,
                    attempts=0,
                    error_json=_dumps(item.error) if item.error else None,
                    updated_at=now,
                )
            )
        failed = sum(1 for item in items if item.error)
        state = FAILED if error is not None else (PENDING if failed < len(items) else RUNNING)
        row = BatchRow(
            id=batch_id, owner=owner, model=model, display_name=display_name, state=state,
            input_file=input_file, request_count=len(items), succeeded=0, failed=failed,
            cancel_requested=False, error_json=_dumps(error) if error else None, created_at=now,
            updated_at=now, end_at=now if error is not None else None,
        )  # fmt: skip
        with self.database.write() as session:
            session.add(row)
            session.flush()  # the job row before its items (foreign key)
            session.add_all(rows)
            session.flush()
            if state == RUNNING:  # nothing runnable: every line was bad; close it like any other job
                self._close_if_done(session, batch_id, now)
            return _record(session.get_one(BatchRow, batch_id))

    def get(self, owner: str, batch_id: str) -> BatchRecord | None:
        with self.database.read() as session:
            row = session.get(BatchRow, batch_id)
            return _record(row) if row is not None and row.owner == owner else None

    def page(self, owner: str, offset: int, limit: int) -> tuple[list[BatchRecord], bool]:
        """Newest first; the flag says whether more follow."""
        query = (
            select(BatchRow)
            .where(BatchRow.owner == owner)
            .order_by(BatchRow.created_at.desc(), BatchRow.id)
            .offset(offset)
            .limit(limit + 1)
        )
        with self.database.read() as session:
            rows = session.scalars(query).all()
        return [_record(r) for r in rows[:limit]], len(rows) > limit

    def results(self, batch_id: str) -> list[ItemResult]:
        """Every item in request order with its response or error (None for both: not finished)."""
        with self.database.read() as session:
            rows = session.scalars(
                select(BatchItemRow).where(BatchItemRow.batch_id == batch_id).order_by(BatchItemRow.idx)
            ).all()
        out = []
        for row in rows:
            response = None
            if row.state == ITEM_SUCCEEDED and row.result_blob:
                try:
                    response = json.loads(self.blobs.get(row.result_blob))
                except BlobNotFound:
                    response = None
            error = json.loads(row.error_json) if row.error_json else None
            if row.state == ITEM_CANCELLED and error is None:
                error = dict(_CANCELLED_ERROR)
            metadata = json.loads(row.metadata_json) if row.metadata_json else None
            out.append(ItemResult(row.idx, row.item_key, metadata, response, error))
        return out

    def cancel(self, owner: str, batch_id: str) -> BatchRecord | None:
        """Pending items are cancelled now; the job is CANCELLED once its running items finish."""
        now = time.time()
        with self.database.write() as session:
            batch = session.get(BatchRow, batch_id)
            if batch is None or batch.owner != owner:
                return None
            if batch.state in ACTIVE_STATES and batch.state != FINALIZING:
                cancelled = _rowcount(
                    session.execute(
                        update(BatchItemRow)
                        .where(BatchItemRow.batch_id == batch_id, BatchItemRow.state == ITEM_PENDING)
                        .values(state=ITEM_CANCELLED, updated_at=now)
                    )
                )
                session.execute(
                    update(BatchRow)
                    .where(BatchRow.id == batch_id)
                    .values(cancel_requested=True, failed=BatchRow.failed + cancelled, updated_at=now)
                )
                self._close_if_done(session, batch_id, now)
            session.expire_all()
            return _record(session.get_one(BatchRow, batch_id))

    def delete(self, owner: str, batch_id: str) -> bool:
        """Remove the job, its items and their blobs (requests and results). A running item's worker
        finds its row gone when it completes and throws its result away."""
        with self.database.write() as session:
            batch = session.get(BatchRow, batch_id)
            if batch is None or batch.owner != owner:
                return False
            session.execute(delete(BatchItemRow).where(BatchItemRow.batch_id == batch_id))
            session.execute(delete(BatchRow).where(BatchRow.id == batch_id))
        self.blobs.delete_prefix(f"batches/{batch_id}")
        return True

    # -- the worker side ---------------------------------------------------------------------------

    def _claimable(self, now: float) -> Any:
        return (
            select(BatchItemRow)
            .join(BatchRow, BatchRow.id == BatchItemRow.batch_id)
            .where(
                BatchRow.cancel_requested.is_(False),
                or_(
                    BatchItemRow.state == ITEM_PENDING,
                    and_(BatchItemRow.state == ITEM_RUNNING, BatchItemRow.lease_until < now),
                ),
            )
            .order_by(BatchRow.created_at, BatchItemRow.batch_id, BatchItemRow.idx)
            .limit(1)
        )

    def claim(self, lease_owner: str) -> ClaimedItem | None:
        """Lease the oldest runnable item to ``lease_owner``, or None when there is nothing to do.
        A cheap read first, so idle workers never take the write lock."""
        now = time.time()
        with self.database.read() as session:
            if session.scalars(self._claimable(now)).first() is None:
                return None
        with self.database.write() as session:
            query = self._claimable(now)
            if not self.database.is_sqlite:
                query = query.with_for_update(of=BatchItemRow, skip_locked=True)
            item = session.scalars(query).first()
            if item is None:
                return None
            item.state = ITEM_RUNNING
            item.lease_owner = lease_owner
            item.lease_until = now + self.lease_seconds
            item.attempts += 1
            item.updated_at = now
            attempt = item.attempts
            session.flush()
            session.execute(
                update(BatchRow)
                .where(BatchRow.id == item.batch_id, BatchRow.state == PENDING)
                .values(state=RUNNING, updated_at=now)
            )
            batch = session.get_one(BatchRow, item.batch_id)
            return ClaimedItem(item.batch_id, item.idx, batch.owner, batch.model, item.request_blob, attempt)

    def renew(self, lease_owner: str) -> int:
        """Extend every lease this process holds (the heartbeat); returns how many."""
        now = time.time()
        with self.database.write() as session:
            result = session.execute(
                update(BatchItemRow)
                .where(BatchItemRow.lease_owner == lease_owner, BatchItemRow.state == ITEM_RUNNING)
                .values(lease_until=now + self.lease_seconds)
            )
            return _rowcount(result)

    def read_request(self, claim: ClaimedItem) -> dict[str, Any]:
        data = json.loads(self.blobs.get(claim.request_blob))
        if not isinstance(data, dict):
            raise ValueError("stored request is not an object")
        return data

    def complete(
        self,
        claim: ClaimedItem,
        lease_owner: str,
        response: dict[str, Any] | None,
        error: dict[str, Any] | None,
        record: Callable[[Session], None],
    ) -> Completion:
        """Store the result of ``claim``'s attempt and, in one transaction, mark the item done, bump
        the job's counters and call ``record(session)`` (the usage entry)."""
        blob = None
        if response is not None:
            # unique per call: a refused completion removes only its own blob, never the accepted one
            blob = f"batches/{claim.batch_id}/results/{claim.idx:07d}-{claim.attempt}-{secrets.token_hex(4)}"
            self.blobs.put(blob, _dumps(response).encode())
        now = time.time()
        with self.database.write() as session:
            query = select(BatchItemRow).where(BatchItemRow.batch_id == claim.batch_id, BatchItemRow.idx == claim.idx)
            if not self.database.is_sqlite:
                query = query.with_for_update()
            item = session.scalars(query).first()
            if (
                item is None
                or item.state != ITEM_RUNNING
                or item.lease_owner != lease_owner
                or item.attempts != claim.attempt
            ):
                accepted = False
            else:
                ok = error is None
                item.state = ITEM_SUCCEEDED if ok else ITEM_FAILED
                item.result_blob = blob
                item.error_json = None if ok else _dumps(error)
                item.lease_owner = None
                item.lease_until = None
                item.updated_at = now
                session.flush()
                counter = BatchRow.succeeded if ok else BatchRow.failed
                session.execute(
                    update(BatchRow)
                    .where(BatchRow.id == claim.batch_id)
                    .values({counter: counter + 1, BatchRow.updated_at: now})
                )
                record(session)
                accepted = True
                return Completion(True, finalize=self._close_if_done(session, claim.batch_id, now))
        if not accepted and blob is not None:
            self.blobs.delete(blob)
        return Completion(False)

    def _close_if_done(self, session: Session, batch_id: str, now: float) -> bool:
        """Inside a write transaction that holds the job row: when no item is open any more, finish an
        inline job, or return True for a file job (its results file is written outside, then
        :meth:`finish`)."""
        session.flush()
        if session.scalar(select(_open_items(batch_id))):
            return False
        batch = session.get_one(BatchRow, batch_id)
        session.refresh(batch)
        if batch.state not in (PENDING, RUNNING):
            return False
        if batch.input_file is not None:
            return True
        batch.state = CANCELLED if batch.cancel_requested else SUCCEEDED
        batch.updated_at = batch.end_at = now
        session.flush()
        return False

    def sweep(self) -> None:
        """Items of a cancelled job whose worker died will never complete: cancel them."""
        now = time.time()
        with self.database.read() as session:
            stale = session.scalars(
                select(BatchItemRow.batch_id)
                .join(BatchRow, BatchRow.id == BatchItemRow.batch_id)
                .where(
                    BatchRow.cancel_requested.is_(True),
                    BatchItemRow.state == ITEM_RUNNING,
                    BatchItemRow.lease_until < now,
                )
                .distinct()
            ).all()
        for batch_id in stale:
            with self.database.write() as session:
                n = _rowcount(
                    session.execute(
                        update(BatchItemRow)
                        .where(
                            BatchItemRow.batch_id == batch_id,
                            BatchItemRow.state == ITEM_RUNNING,
                            BatchItemRow.lease_until < now,
                        )
                        .values(state=ITEM_CANCELLED, lease_owner=None, lease_until=None, updated_at=now)
                    )
                )
                session.execute(
                    update(BatchRow).where(BatchRow.id == batch_id).values(failed=BatchRow.failed + n, updated_at=now)
                )
                self._close_if_done(session, batch_id, now)

    def claim_finalization(self) -> BatchRecord | None:
        """A file job whose items are all done (or whose finaliser died), now FINALIZING for us."""
        now = time.time()
        ready = (
            select(BatchRow.id)
            .where(
                BatchRow.input_file.is_not(None),
                or_(
                    and_(BatchRow.state.in_((PENDING, RUNNING)), ~_open_items(BatchRow.id)),
                    and_(BatchRow.state == FINALIZING, BatchRow.updated_at < now - self.lease_seconds * 4),
                ),
            )
            .order_by(BatchRow.created_at)
            .limit(1)
        )
        with self.database.read() as session:
            if session.scalar(ready) is None:
                return None
        with self.database.write() as session:
            query = ready if self.database.is_sqlite else ready.with_for_update(skip_locked=True)
            batch_id = session.scalar(query)
            if batch_id is None:
                return None
            batch = session.get_one(BatchRow, batch_id)
            batch.state = FINALIZING
            batch.updated_at = now
            return _record(batch)

    def finish(self, batch_id: str, output_file: str | None, error: dict[str, Any] | None = None) -> None:
        """Close a FINALIZING job: SUCCEEDED/CANCELLED with its results file, or FAILED with ``error``."""
        now = time.time()
        with self.database.write() as session:
            batch = session.get(BatchRow, batch_id)
            if batch is None or batch.state != FINALIZING:
                return
            if error is not None:
                batch.state = FAILED
                batch.error_json = _dumps(error)
            else:
                batch.state = CANCELLED if batch.cancel_requested else SUCCEEDED
            batch.output_file = output_file
            batch.updated_at = batch.end_at = now

    def counts(self) -> dict[str, int]:
        """Items by state over all jobs (for metrics and tests)."""
        with self.database.read() as session:
            rows = session.execute(select(BatchItemRow.state, func.count()).group_by(BatchItemRow.state)).all()
        return {str(state): int(n) for state, n in rows}
