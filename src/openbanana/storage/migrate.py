"""Bring a database to the newest schema with Alembic, safely when several processes start at once.

Called at server start and by every CLI command that touches the database. Concurrent starters are
serialised: an exclusive file lock beside a SQLite file, a transaction-scoped advisory lock on
PostgreSQL. ``alembic`` itself is driven in-process with the package's own migration scripts.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

from openbanana.storage.database import Database

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK_ID = 0x0BA7A7A  # arbitrary, constant: "openbanana migrations"


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _sqlite_lock(database: Database) -> Iterator[None]:
    path = database.url.database
    if not path or path == ":memory:":
        yield
        return
    lock_path = Path(path).with_name(Path(path).name + ".migrate.lock")
    with lock_path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(database: Database, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` (idempotent)."""
    if database.is_sqlite:
        with _sqlite_lock(database), database.engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
        return
    with database.engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
        command.upgrade(alembic_config(connection), revision)


def current_revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
