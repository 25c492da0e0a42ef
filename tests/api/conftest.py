"""Servers for the raw-HTTP tests.

The wire behaviour under test does not depend on the generator, so these servers use the fast
``noop`` generator (a flat PNG of exactly the requested size); the SDK suite drives the real default
generator. Each server is the real ``openbanana serve`` subprocess, reached over loopback with httpx
exactly as curl would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import LiveServer, start_server

MAX_BYTES = 64 * 1024


@pytest.fixture(scope="session")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Open access (no keys), noop generator."""
    server = start_server(tmp_path_factory.mktemp("api"), generator="noop")
    yield server
    server.stop()


@pytest.fixture
def client(api_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.base_url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def small_body_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose request-size limit is ``MAX_BYTES`` (``OPENBANANA_MAX_REQUEST_BYTES``)."""
    old = os.environ.get("OPENBANANA_MAX_REQUEST_BYTES")
    os.environ["OPENBANANA_MAX_REQUEST_BYTES"] = str(MAX_BYTES)
    try:
        server = start_server(tmp_path_factory.mktemp("small"), generator="noop")
    finally:
        if old is None:
            del os.environ["OPENBANANA_MAX_REQUEST_BYTES"]
        else:
            os.environ["OPENBANANA_MAX_REQUEST_BYTES"] = old
    yield server
    server.stop()


@pytest.fixture(scope="module")
def saturated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One worker and no queue: a second concurrent generation is refused with 503."""
    server = start_server(tmp_path_factory.mktemp("busy"), generator="noop", extra=("--workers", "1", "--queue", "0"))
    yield server
    server.stop()
