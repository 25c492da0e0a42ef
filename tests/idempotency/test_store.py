"""The idempotency store: claim → complete/release, replay, body mismatch, in-flight, expiry and sweep,
and concurrent claims (threads; SQLite, and PostgreSQL with ``--postgres``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from openbanana.blobs.blobs_local import LocalBlobStore
from openbanana.idempotency import Claimed, IdempotencyStore, InFlight, Mismatch, Replay, body_hash, key_problem
from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade

pytestmark = pytest.mark.platform

H1, H2 = body_hash(b'{"a":1}'), body_hash(b'{"a":2}')


@pytest.fixture
def store(tmp_path: Path, database_url: str | None) -> Iterator[IdempotencyStore]:
    db = Database(database_url or sqlite_url(tmp_path / "openbanana.db"))
    upgrade(db)
    yield IdempotencyStore(db, LocalBlobStore(tmp_path / "blobs"), ttl=100.0, running_ttl=10.0)
    db.dispose()


def complete(store: IdempotencyStore, claim: Claimed, body: bytes = b'{"ok":true}') -> None:
    assert store.complete(claim, http_status=200, content_type="application/json", headers={"x-a": "b"}, body=body)


def test_claim_complete_replay(store: IdempotencyStore) -> None:
    claim = store.claim("k1", "key-1", H1, now=1000.0)
    assert isinstance(claim, Claimed)
    assert isinstance(store.claim("k1", "key-1", H1, now=1001.0), InFlight)
    complete(store, claim)
    replay = store.claim("k1", "key-1", H1, now=1002.0)
    assert replay == Replay(200, "application/json", {"x-a": "b"}, b'{"ok":true}')
    assert isinstance(store.claim("k1", "key-1", H2, now=1003.0), Mismatch)
    # Keys are per caller: another key id owns its own namespace.
    assert isinstance(store.claim("k2", "key-1", H2, now=1004.0), Claimed)


def test_release_lets_the_key_be_used_again(store: IdempotencyStore) -> None:
    claim = store.claim("k1", "key-1", H1, now=1000.0)
    assert isinstance(claim, Claimed)
    store.release(claim)
    again = store.claim("k1", "key-1", H2, now=1001.0)  # even with another body
    assert isinstance(again, Claimed)
    store.release(claim)  # a stale claim's release does not touch the new one
    assert isinstance(store.claim("k1", "key-1", H2, now=1002.0), InFlight)


def test_done_records_expire_after_ttl_and_are_swept(store: IdempotencyStore) -> None:
    blobs = store.blobs
    claim = store.claim("k1", "old", H1, now=1000.0)
    assert isinstance(claim, Claimed)
    complete(store, claim)  # expires ttl (100 s) after completion, i.e. in the real present + 100
    assert store.count() == 1
    assert isinstance(store.claim("k1", "old", H1), Replay)
    later = 10**10  # far future: everything has expired
    assert isinstance(store.claim("k1", "new", H1, now=later), Claimed)
    assert store.count() == 1  # "old" was swept with its blob
    assert isinstance(blobs, LocalBlobStore)
    assert not list((blobs.root / "idempotency").glob("*"))
    assert isinstance(store.claim("k1", "old", H2, now=later), Claimed)


def test_crashed_running_claim_is_taken_over(store: IdempotencyStore) -> None:
    first = store.claim("k1", "key-1", H1, now=1000.0)
    assert isinstance(store.claim("k1", "key-1", H1, now=1005.0), InFlight)
    second = store.claim("k1", "key-1", H1, now=1011.0)  # running_ttl (10 s) passed
    assert isinstance(first, Claimed) and isinstance(second, Claimed)
    # The first request finishes late: its answer is not stored over the new claim's.
    assert not store.complete(first, http_status=200, content_type="application/json", headers={}, body=b"late")
    complete(store, second, b"second")
    replay = store.claim("k1", "key-1", H1)
    assert isinstance(replay, Replay) and replay.body == b"second"


def test_lost_blob_runs_again(store: IdempotencyStore) -> None:
    claim = store.claim("k1", "key-1", H1)
    assert isinstance(claim, Claimed)
    complete(store, claim)
    store.blobs.delete_prefix("idempotency")
    assert isinstance(store.claim("k1", "key-1", H1), Claimed)


def test_concurrent_claims_admit_exactly_one(store: IdempotencyStore) -> None:
    results: list[object] = []
    barrier = threading.Barrier(8)

    def claim() -> None:
        barrier.wait()
        results.append(store.claim("k1", "race", H1))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, Claimed) for r in results) == 1
    assert sum(isinstance(r, InFlight) for r in results) == 7


@pytest.mark.parametrize(
    ("key", "ok"),
    [("a", True), ("x" * 255, True), ("with space ~!", True), ("", False), ("x" * 256, False), ("é", False),
     ("tab\t", False), ("nl\n", False)],
)  # fmt: skip
def test_key_rules(store: IdempotencyStore, key: str, ok: bool) -> None:
    assert (key_problem(key) is None) is ok
    if not ok:
        with pytest.raises(ValueError):
            store.claim("k1", key, H1)
