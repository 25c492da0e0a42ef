"""A file store over a migrated platform database (SQLite in the test's tmp dir, or a fresh PostgreSQL
database under ``--postgres``) and a local blob store, with a clock the tests move by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openbanana.blobs import LocalBlobStore
from openbanana.files.files_sql import SqlFileStore
from openbanana.files.uploads import Uploads
from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def database(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = Database(database_url or sqlite_url(tmp_path / "openbanana.db"))
    upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
def blobs(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "blobs")


@pytest.fixture
def store(database: Database, blobs: LocalBlobStore, clock: Clock) -> SqlFileStore:
    return SqlFileStore(database, blobs, ttl_s=3600, max_file_bytes=40 * 1024 * 1024, clock=clock)


@pytest.fixture
def uploads(store: SqlFileStore) -> Uploads:
    return Uploads(store, max_total_bytes=64 * 1024 * 1024)
