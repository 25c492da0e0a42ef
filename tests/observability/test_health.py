"""Readiness against real services: ready, saturated runtime, database gone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openbanana.config import Settings
from openbanana.observability.health import readiness
from openbanana.services import Services

pytestmark = pytest.mark.platform


@pytest.fixture
def services(tmp_path: Path, database_url: str | None) -> Iterator[Services]:
    settings = Settings(data_dir=tmp_path / "data", generator="noop", workers=1, queue=0, database_url=database_url)
    built = Services.build(settings)
    yield built
    built.close()


def test_ready_then_saturated_then_ready_again(services: Services) -> None:
    assert readiness(services).ready
    with services.runtime.admit():  # the only slot is taken: one more generation would be a 503
        busy = readiness(services)
        assert not busy.ready and busy.reason is not None and "saturated" in busy.reason
        assert busy.checks["runtime"] == {"ok": False, "in_flight": 1, "capacity": 1}
    result = readiness(services)
    assert result.ready and result.to_json()["status"] == "ready"
    assert not list((services.data_dir / "blobs" / "health").glob("*"))  # probe blobs are removed


def test_a_broken_blob_store_is_not_ready(services: Services) -> None:
    blocker = services.data_dir / "blobs" / "health"
    if blocker.exists():
        blocker.rmdir()
    blocker.write_bytes(b"")  # a file where the probe needs a folder: every PUT under it fails
    result = readiness(services)
    assert not result.ready and result.reason == "blobs check failed"
    assert result.checks["blobs"] == {"ok": False, "error": "FileExistsError"} and result.checks["database"]["ok"]
    assert result.to_json()["status"] == "unavailable"
