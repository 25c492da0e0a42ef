"""Session-wide test setup: no network beyond loopback, and shared live servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import netguard, postgres
from tests.support.server import LiveServer, start_server

netguard.install()

TEST_KEY = "test-key-123"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres", action="store_true",
        help="run against a throwaway PostgreSQL (tests marked 'platform'); skipped with the reason if it cannot start",
    )  # fmt: skip


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Iterator[postgres.PostgresServer | None]:
    """The PostgreSQL server for ``--postgres`` runs, else None (platform tests use SQLite)."""
    if not request.config.getoption("--postgres"):
        yield None
        return
    try:
        server = postgres.start()
    except postgres.PostgresUnavailable as exc:
        print(f"\nPostgreSQL could not start, skipping the PostgreSQL pass: {exc}")
        pytest.skip(f"PostgreSQL could not start: {exc}")
    yield server
    server.stop()


@pytest.fixture
def database_url(postgres_server: postgres.PostgresServer | None) -> str | None:
    """A fresh, empty platform database for one test server: a new PostgreSQL database under
    ``--postgres``, else None (the server's default SQLite file in its own data dir)."""
    return postgres_server.fresh_database() if postgres_server is not None else None


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real server with the compose generator and no keys configured (open, loopback)."""
    server = start_server(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real server with one API key configured (``TEST_KEY``), noop generator for speed."""
    server = start_server(tmp_path_factory.mktemp("keyed"), api_keys=(TEST_KEY,), generator="noop")
    yield server
    server.stop()
