"""Relational storage for the platform: one SQLAlchemy 2 database (SQLite in the data dir by default,
PostgreSQL when ``OPENBANANA_DATABASE_URL`` says so), its tables, and Alembic migrations.

``database`` opens the engine with the per-dialect settings that make concurrent writers safe;
``tables`` declares every table; ``migrate`` brings a database to the newest schema at start-up.
"""

from openbanana.storage.database import Database

__all__ = ["Database"]
