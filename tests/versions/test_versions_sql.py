"""The server's version store: rows in the platform database, PNGs as content-addressed blobs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from openbanana.blobs import LocalBlobStore
from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade
from openbanana.versions import SqlVersionStore, VersionRecord, create_version_store

pytestmark = pytest.mark.platform


def record(conversation: str, version: int, image: bytes, parent: bytes | None = None) -> VersionRecord:
    parent_sha = hashlib.sha256(parent).hexdigest() if parent is not None else None
    return VersionRecord(
        conversation, version, hashlib.sha256(image).hexdigest(), parent_sha, f"turn {version}", 1.5, 8, 4
    )


@pytest.fixture
def database(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = Database(database_url or sqlite_url(tmp_path / "ob.db"))
    upgrade(db)
    yield db
    db.dispose()


def test_records_in_order_with_every_field_and_images_by_hash(database: Database, tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path / "blobs")
    store = create_version_store(database, blobs)
    assert isinstance(store, SqlVersionStore)
    store.add(record("c1", 1, b"one"), b"one")
    store.add(record("c1", 2, b"two", parent=b"one"), b"two")
    store.add(record("c2", 1, b"other"), b"other")
    store.add(record("c1", 2, b"two-b", parent=b"one"), b"two-b")  # a branch from v1: kept, in order
    got = store.versions("c1")
    assert [(r.version, r.instruction) for r in got] == [(1, "turn 1"), (2, "turn 2"), (2, "turn 2")]
    assert got[1] == record("c1", 2, b"two", parent=b"one")
    assert store.image(hashlib.sha256(b"two").hexdigest()) == b"two"
    assert blobs.get(f"versions/{hashlib.sha256(b'two').hexdigest()}.png") == b"two"
    assert store.versions("unknown") == [] and store.image("0" * 64) is None


def test_survives_a_restart_and_stores_an_image_once(database: Database, tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path / "blobs")
    SqlVersionStore(database, blobs).add(record("c", 1, b"same"), b"same")
    again = SqlVersionStore(database, LocalBlobStore(tmp_path / "blobs"))
    again.add(record("c", 2, b"same"), b"same")  # the same image returned twice
    assert [r.version for r in again.versions("c")] == [1, 2]
    assert len(list((tmp_path / "blobs" / "versions").iterdir())) == 1


def test_unsafe_or_inconsistent_input_is_refused(database: Database, tmp_path: Path) -> None:
    store = SqlVersionStore(database, LocalBlobStore(tmp_path / "blobs"))
    assert store.versions("../../etc/passwd") == [] and store.versions("x" * 65) == []
    assert store.image("../x") is None and store.image("A" * 64) is None
    with pytest.raises(ValueError):
        store.add(record("../evil", 1, b"x"), b"x")
    with pytest.raises(ValueError, match="do not match"):
        store.add(record("c", 1, b"x"), b"not x")
    assert store.versions("c") == []


def test_concurrent_adds_lose_nothing(database: Database, tmp_path: Path) -> None:
    store = SqlVersionStore(database, LocalBlobStore(tmp_path / "blobs"))
    images = [b"image %d" % n for n in range(40)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: store.add(record(f"c{n % 4}", n, images[n]), images[n]), range(40)))
    for c in range(4):
        assert sorted(r.version for r in store.versions(f"c{c}")) == list(range(c, 40, 4))
    assert all(store.image(hashlib.sha256(i).hexdigest()) == i for i in images)
