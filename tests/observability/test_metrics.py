"""Metrics objects: private registries, what one usage entry adds, bounded labels, scrape-time gauges."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from openbanana.observability.metrics import Metrics
from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade
from openbanana.storage.tables import BatchItemRow, BatchRow
from openbanana.usage.base import UsageEntry

MODEL = "gemini-3.1-flash-image-preview"


def entry(**overrides: object) -> UsageEntry:
    base: dict[str, object] = dict(
        id="u1", request_id="r1", key_id="k1", model=MODEL, method="generateContent", http_status=200,
        status="OK", input_text_tokens=12, input_image_tokens=258, output_text_tokens=30,
        output_image_tokens=1120, thought_tokens=5, images=1, image_size="1K", latency_ms=1500.0,
    )  # fmt: skip
    base.update(overrides)
    return UsageEntry(**base)  # type: ignore[arg-type]


class FakeRuntime:
    """The three numbers the scrape reads, settable (the real EngineRuntime is covered by the live tests)."""

    def __init__(self, in_flight: int, workers: int, capacity: int) -> None:
        self.in_flight, self.workers, self.capacity = in_flight, workers, capacity


def value(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_one_entry_feeds_every_series_and_registries_are_private() -> None:
    a, b = Metrics(), Metrics()
    a.observe(entry())
    assert value(a, "openbanana_request_latency_seconds_count", model=MODEL, image_size="1K", status="OK") == 1
    assert value(a, "openbanana_request_latency_seconds_bucket", model=MODEL, image_size="1K", status="OK",
                 le="2.5") == 1  # fmt: skip
    assert value(a, "openbanana_request_latency_seconds_bucket", model=MODEL, image_size="1K", status="OK",
                 le="1.0") == 0  # fmt: skip
    labels = dict(model=MODEL, method="generateContent", status="OK", code="200", batch="false")
    assert value(a, "openbanana_requests_total", **labels) == 1
    tokens = {("input", "text"): 12, ("input", "image"): 258, ("output", "text"): 30, ("output", "image"): 1120,
              ("output", "thought"): 5}  # fmt: skip
    for (direction, modality), n in tokens.items():
        assert value(a, "openbanana_tokens_total", model=MODEL, direction=direction, modality=modality) == n
    assert value(a, "openbanana_images_total", model=MODEL, image_size="1K") == 1
    assert value(b, "openbanana_requests_total", **labels) is None  # b saw nothing
    assert value(a, "openbanana_build_info", version=__import__("openbanana").__version__) == 1


def test_429s_and_limits_are_counted_once_each() -> None:
    m = Metrics()
    m.observe(entry(http_status=429, status="RESOURCE_EXHAUSTED", images=0, output_image_tokens=0, latency_ms=3))
    m.rate_limited("rpm")
    m.rate_limited("tpm")
    m.rate_limited("made-up")
    assert value(m, "openbanana_rate_limited_total", model=MODEL) == 1
    assert value(m, "openbanana_quota_refusals_total", limit="rpm") == 1
    assert value(m, "openbanana_quota_refusals_total", limit="other") == 1
    assert value(m, "openbanana_images_total", model=MODEL, image_size="1K") is None


def test_labels_stay_in_closed_sets() -> None:
    m = Metrics()
    m.observe(entry(model="x" * 500, image_size="9K", status="has spaces!", method="generateContent", batch_id="b"))
    m.observe(entry(model="models/nano-banana-pro-preview", image_size=None))
    assert value(m, "openbanana_requests_total", model="other", method="generateContent", status="other",
                 code="200", batch="true") == 1  # fmt: skip
    assert value(m, "openbanana_images_total", model="other", image_size="other") == 1
    m.http_request("BREW", "/v1beta/models/{model}:generateContent", 418, 0.01)
    assert value(m, "openbanana_http_requests_total", method="other", route="/v1beta/models/{model}:generateContent",
                 code="418") == 1  # fmt: skip


@pytest.fixture
def database(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = Database(database_url or sqlite_url(tmp_path / "ob.db"))
    upgrade(db)
    yield db
    db.dispose()


@pytest.mark.platform
def test_gauges_are_read_at_scrape_time(database: Database) -> None:
    runtime = FakeRuntime(in_flight=5, workers=2, capacity=10)
    m = Metrics(runtime, database)
    now = time.time()
    with database.write() as session:
        session.add(BatchRow(id="b1", owner="o", model=MODEL, state="BATCH_STATE_RUNNING", created_at=now,
                             updated_at=now))  # fmt: skip
        session.flush()
        for idx, state in enumerate(("pending", "pending", "running", "succeeded", "failed")):
            session.add(BatchItemRow(batch_id="b1", idx=idx, request_blob=f"r/{idx}", state=state, updated_at=now))
    assert value(m, "openbanana_in_flight_requests") == 5
    assert value(m, "openbanana_queue_depth") == 3
    assert value(m, "openbanana_capacity") == 10 and value(m, "openbanana_workers") == 2
    assert value(m, "openbanana_batch_items", state="pending") == 2
    assert value(m, "openbanana_batch_items", state="running") == 1
    assert value(m, "openbanana_database_up") == 1
    runtime.in_flight = 1
    assert value(m, "openbanana_queue_depth") == 0  # read again, not cached


def test_a_scrape_answers_when_the_database_does_not(tmp_path: Path) -> None:
    broken = Database(sqlite_url(tmp_path / "missing-dir" / "ob.db"))  # cannot be opened
    m = Metrics(FakeRuntime(0, 1, 1), broken)
    body, content_type = m.render()
    assert content_type.startswith("text/plain") and b"openbanana_database_up 0.0" in body
    assert b"openbanana_batch_items" not in body
    broken.dispose()
