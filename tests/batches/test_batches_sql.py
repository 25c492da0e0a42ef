"""The batch store's guarantees on a real database (SQLite, or PostgreSQL under ``--postgres``):
leases, exactly-once completion, lost leases, concurrent claimers, cancel, delete, file-job closing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from openbanana.batches.base import (
    CANCELLED,
    FINALIZING,
    PENDING,
    RUNNING,
    SUCCEEDED,
    ClaimedItem,
    NewItem,
)
from openbanana.batches.batches_sql import SqlBatchStore
from openbanana.blobs import LocalBlobStore
from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade
from openbanana.storage.tables import BatchItemRow

pytestmark = pytest.mark.platform
OK = {"candidates": [], "modelVersion": "m", "responseId": "r"}


@pytest.fixture
def database(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = Database(database_url or sqlite_url(tmp_path / "openbanana.db"))
    upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
def store(database: Database, tmp_path: Path) -> SqlBatchStore:
    return SqlBatchStore(database, LocalBlobStore(tmp_path / "blobs"), lease_seconds=30)


def items(n: int) -> list[NewItem]:
    return [NewItem({"contents": [{"parts": [{"text": f"p{i}"}]}]}, key=f"k{i}", metadata={"key": f"k{i}"})
            for i in range(n)]  # fmt: skip


class Recorder:
    """Counts ledger writes made inside the completing transaction."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, session: Session) -> None:
        assert session.in_transaction()
        self.calls += 1


def expire(store: SqlBatchStore, claim: ClaimedItem) -> None:
    with store.database.write() as session:
        session.execute(
            update(BatchItemRow)
            .where(BatchItemRow.batch_id == claim.batch_id, BatchItemRow.idx == claim.idx)
            .values(lease_until=time.time() - 1)
        )


def test_claim_complete_close(store: SqlBatchStore) -> None:
    batch = store.create("alice", "gemini-3.1-flash-image-preview", "demo", items(3))
    assert batch.state == PENDING and batch.request_count == 3 and batch.pending == 3
    record = Recorder()
    claims = [store.claim("w1") for _ in range(3)]
    assert store.claim("w1") is None
    assert [c.idx for c in claims if c] == [0, 1, 2]
    got = store.get("alice", batch.id)
    assert got is not None and got.state == RUNNING
    assert store.read_request(claims[0]) == {"contents": [{"parts": [{"text": "p0"}]}]}  # type: ignore[arg-type]
    error = {"code": 400, "message": "bad", "status": "INVALID_ARGUMENT"}
    outcomes: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = [(OK, None), (None, error), (OK, None)]
    for claim, (response, err) in zip(claims, outcomes, strict=True):
        assert claim is not None
        done = store.complete(claim, "w1", response, err, record)
        assert done.accepted and not done.finalize
    assert record.calls == 3
    final = store.get("alice", batch.id)
    assert final is not None and final.state == SUCCEEDED and (final.succeeded, final.failed) == (2, 1)
    assert final.end_at is not None and final.pending == 0
    results = store.results(batch.id)
    assert [r.key for r in results] == ["k0", "k1", "k2"]
    assert results[0].response == OK and results[1].error == error and results[1].response is None
    assert store.get("bob", batch.id) is None  # owners see only their own jobs


def test_completing_twice_or_after_losing_the_lease_changes_nothing(store: SqlBatchStore) -> None:
    batch = store.create("alice", "m", None, items(1))
    first = store.claim("w1")
    assert first is not None and first.attempt == 1
    expire(store, first)  # the first worker stalled past its lease
    second = store.claim("w2")
    assert second is not None and second.idx == first.idx and second.attempt == 2
    record = Recorder()
    assert not store.complete(first, "w1", OK, None, record).accepted
    assert record.calls == 0
    assert store.complete(second, "w2", OK, None, record).accepted
    assert not store.complete(second, "w2", OK, None, record).accepted  # a replay is refused too
    assert record.calls == 1
    final = store.get("alice", batch.id)
    assert final is not None and final.state == SUCCEEDED and final.succeeded == 1
    blobs = list((Path(store.blobs.root) / "batches" / batch.id / "results").iterdir())  # type: ignore[attr-defined]
    assert [b.name[:9] for b in blobs] == ["0000000-2"]  # the losing attempts' blobs were removed


def test_renew_keeps_a_lease(store: SqlBatchStore) -> None:
    store.lease_seconds = 0.5
    store.create("alice", "m", None, items(1))
    claim = store.claim("w1")
    assert claim is not None
    time.sleep(0.3)
    assert store.renew("w1") == 1
    time.sleep(0.3)
    assert store.claim("w2") is None  # renewed: still ours
    time.sleep(0.6)
    assert store.claim("w2") is not None  # expired: reclaimed


def test_concurrent_claimers_never_share_an_item(store: SqlBatchStore) -> None:
    n = 60
    store.create("alice", "m", None, items(n))
    claimed: list[tuple[str, int]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            while (claim := store.claim(name)) is not None:
                with lock:
                    claimed.append((claim.batch_id, claim.idx))
                assert store.complete(claim, name, OK, None, lambda s: None).accepted
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(i for _, i in claimed) == list(range(n))


def test_cancel_pending_then_running_finishes(store: SqlBatchStore) -> None:
    batch = store.create("alice", "m", None, items(4))
    running = store.claim("w1")
    assert running is not None
    cancelled = store.cancel("alice", batch.id)
    assert cancelled is not None and cancelled.state == RUNNING and cancelled.cancel_requested
    assert cancelled.failed == 3 and cancelled.pending == 1
    assert store.claim("w2") is None  # a cancelled job's items are never claimed
    assert store.complete(running, "w1", OK, None, lambda s: None).accepted
    final = store.get("alice", batch.id)
    assert final is not None and final.state == CANCELLED and final.end_at is not None
    results = store.results(batch.id)
    assert results[0].response == OK
    assert all(r.error is not None and r.error["code"] == 1 for r in results[1:])
    assert store.cancel("bob", batch.id) is None


def test_a_dead_workers_item_in_a_cancelled_job_is_swept(store: SqlBatchStore) -> None:
    batch = store.create("alice", "m", None, items(2))
    claim = store.claim("w1")
    assert claim is not None
    store.cancel("alice", batch.id)
    expire(store, claim)
    store.sweep()
    final = store.get("alice", batch.id)
    assert final is not None and final.state == CANCELLED and final.failed == 2


def test_delete_while_running(store: SqlBatchStore) -> None:
    batch = store.create("alice", "m", None, items(2))
    claim = store.claim("w1")
    assert claim is not None
    assert not store.delete("bob", batch.id)
    assert store.delete("alice", batch.id)
    assert store.get("alice", batch.id) is None
    record = Recorder()
    assert not store.complete(claim, "w1", OK, None, record).accepted
    assert record.calls == 0
    left = Path(store.blobs.root) / "batches" / batch.id  # type: ignore[attr-defined]
    assert not [p for p in left.rglob("*") if p.is_file()]  # requests gone; the late result was thrown away


def test_file_job_is_finalised_once(store: SqlBatchStore) -> None:
    bad = NewItem(None, key="x", error={"code": 400, "message": "Input line 2: not JSON."})
    batch = store.create("alice", "m", None, [*items(1), bad], input_file="in123")
    assert batch.failed == 1 and batch.pending == 1
    assert store.claim_finalization() is None  # an item is still open
    claim = store.claim("w1")
    assert claim is not None
    assert store.complete(claim, "w1", OK, None, lambda s: None).finalize
    mid = store.get("alice", batch.id)
    assert mid is not None and mid.state == RUNNING  # not SUCCEEDED before its results file exists
    taken = store.claim_finalization()
    assert taken is not None and taken.id == batch.id and taken.state == FINALIZING
    assert store.claim_finalization() is None  # one finaliser at a time
    store.finish(batch.id, "batch-" + batch.id)
    final = store.get("alice", batch.id)
    assert final is not None and final.state == SUCCEEDED and final.output_file == "batch-" + batch.id
    assert [r.key for r in store.results(batch.id)] == ["k0", "x"]


def test_a_stale_finaliser_is_replaced(store: SqlBatchStore) -> None:
    store.lease_seconds = 0.05
    batch = store.create("alice", "m", None, items(1), input_file="in123")
    claim = store.claim("w1")
    assert claim is not None
    store.complete(claim, "w1", OK, None, lambda s: None)
    assert store.claim_finalization() is not None
    time.sleep(0.3)  # the finalising process died
    again = store.claim_finalization()
    assert again is not None and again.id == batch.id


def test_a_failed_input_is_final_at_once(store: SqlBatchStore) -> None:
    batch = store.create("alice", "m", None, [], input_file="in123", error={"code": 3, "message": "not UTF-8"})
    assert batch.state == "BATCH_STATE_FAILED" and batch.error == {"code": 3, "message": "not UTF-8"}
    assert store.claim("w1") is None and store.claim_finalization() is None


def test_paging_newest_first(store: SqlBatchStore) -> None:
    ids = [store.create("alice", "m", f"b{i}", items(1)).id for i in range(5)]
    store.create("bob", "m", None, items(1))
    first, more = store.page("alice", 0, 3)
    rest, more2 = store.page("alice", 3, 3)
    assert more and not more2
    assert [b.id for b in first + rest] == ids[::-1]
