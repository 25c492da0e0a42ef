"""Session-wide test setup: no network beyond loopback, and shared live servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import netguard
from tests.support.server import LiveServer, start_server

netguard.install()

TEST_KEY = "test-key-123"


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
