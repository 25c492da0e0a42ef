"""``Idempotency-Key`` through the real google-genai SDK (1.x, 2.x, 3.x): set once in
``HttpOptions(headers=...)``, a repeated call gets the same response (same id, same image bytes) and a
different request under the key is the SDK's ClientError 409."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support.server import LiveServer, start_server

pytestmark = [pytest.mark.platform, pytest.mark.sdk]

SCRIPT = Path(__file__).with_name("client_idempotency.py")


@pytest.fixture
def server(tmp_path: Path, database_url: str | None) -> Iterator[LiveServer]:
    live = start_server(tmp_path, generator="noop", database_url=database_url)
    yield live
    live.stop()


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_sdk_retry_gets_the_stored_response(server: LiveServer, version: str) -> None:
    result = unwrap(run_scenario(version, "replay", server.base_url, {"key": f"sdk-{version}"}, script=SCRIPT))
    first, second = result["first"], result["second"]
    assert first["images"] and second["images"] == first["images"]
    assert second["response_id"] == first["response_id"]
    assert (first["replay"], second["replay"]) == (None, "true")  # from response.sdk_http_response.headers
    conflict = result["conflict"]
    assert (conflict["exc"], conflict["code"], conflict["status"]) == ("ClientError", 409, "ALREADY_EXISTS")
