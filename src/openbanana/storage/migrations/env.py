"""Alembic environment: runs against the connection handed over by :mod:`openbanana.storage.migrate`
(never a URL from an ini file), so the server, the CLI and the tests migrate exactly the database
they are about to use."""

from __future__ import annotations

from alembic import context

from openbanana.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things in place
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
