"""A migrated platform database per test: SQLite in the test's tmp dir, or a fresh PostgreSQL database
under ``--postgres``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade


@pytest.fixture
def database(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = Database(database_url or sqlite_url(tmp_path / "openbanana.db"))
    upgrade(db)
    yield db
    db.dispose()
