"""The worker pool on real Services (noop generator): it yields to interactive requests, bills each
item once at the batch price, and writes a file job's results file through the Files API."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from openbanana.batches.base import CANCELLED, SUCCEEDED, NewItem
from openbanana.config import Settings
from openbanana.services import Services
from openbanana.storage.tables import UsageRow
from openbanana.usage.base import UsageEntry

pytestmark = pytest.mark.platform
MODEL = "gemini-3.1-flash-image-preview"


@pytest.fixture
def services(tmp_path: Path, database_url: str | None) -> Iterator[Services]:
    settings = Settings(generator="noop", workers=1, batch_workers=1, database_url=database_url, data_dir=tmp_path)
    svc = Services.build(settings)
    svc.start()
    yield svc
    svc.close()


def request(text: str, ratio: str = "1:1") -> dict[str, object]:
    return {"contents": [{"parts": [{"text": text}]}],
            "generationConfig": {"imageConfig": {"aspectRatio": ratio, "imageSize": "512"}}}  # fmt: skip


def wait_state(svc: Services, batch_id: str, states: tuple[str, ...], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while (batch := svc.batches.get("alice", batch_id)) is not None and batch.state not in states:
        assert time.monotonic() < deadline, batch
        time.sleep(0.05)


def test_batch_work_waits_while_interactive_requests_hold_every_worker(services: Services) -> None:
    with services.runtime.admit():  # one interactive request in flight = all (1) engine workers busy
        batch = services.batches.create("alice", MODEL, None, [NewItem(request("a cat"))])
        services.batch_workers.notify()
        time.sleep(1.5)
        held = services.batches.get("alice", batch.id)
        assert held is not None and held.state == "BATCH_STATE_PENDING"  # not even claimed
    wait_state(services, batch.id, (SUCCEEDED,))


def test_each_item_is_billed_once_at_the_batch_price(services: Services) -> None:
    reqs = [NewItem(request(f"a dog {i}")) for i in range(3)] + [NewItem(request("x", ratio="7:3"))]
    batch = services.batches.create("alice", MODEL, None, reqs)
    services.batch_workers.notify()
    wait_state(services, batch.id, (SUCCEEDED,))
    with services.database.read() as session:
        rows = session.scalars(select(UsageRow).where(UsageRow.batch_id == batch.id)).all()
    assert sorted(r.request_id for r in rows) == [f"batches/{batch.id}#{i}" for i in range(4)]
    ok = [r for r in rows if r.http_status == 200]
    assert len(ok) == 3 and all(r.key_id == "alice" and r.method == "batchGenerateContent" for r in ok)
    assert all(r.images == 1 and r.image_size == "512" and r.output_image_tokens > 0 for r in ok)
    bad = next(r for r in rows if r.http_status != 200)
    assert (bad.http_status, bad.status, bad.images) == (400, "INVALID_ARGUMENT", 0)
    row = ok[0]
    interactive = UsageEntry(
        id="x", request_id="x", key_id="alice", model=row.model, method="generateContent", http_status=200,
        status="OK", input_text_tokens=row.input_text_tokens, output_image_tokens=row.output_image_tokens,
        output_text_tokens=row.output_text_tokens, thought_tokens=row.thought_tokens, images=1, image_size="512",
    )  # fmt: skip
    full = services.usage.prices.cost(interactive)
    assert full > 0 and row.cost_usd == pytest.approx(full * 0.5)


def test_file_job_results_file(services: Services) -> None:
    bad = NewItem(None, key="line-2", error={"code": 400, "message": "Input line 2: not valid JSON."})
    batch = services.batches.create(
        "alice", MODEL, None, [NewItem(request("a frog"), key="frog"), bad], input_file="in123"
    )
    services.batch_workers.notify()
    wait_state(services, batch.id, (SUCCEEDED,))
    done = services.batches.get("alice", batch.id)
    assert done is not None and done.output_file == f"batch-{batch.id}"
    record = services.files.get("alice", f"files/batch-{batch.id}")
    assert record.source == "GENERATED" and record.mime_type == "application/jsonl"
    lines = [json.loads(line) for line in services.files.read("alice", record.name).decode().splitlines()]
    assert [line["key"] for line in lines] == ["frog", "line-2"]
    assert lines[0]["response"]["candidates"][0]["content"]["parts"]
    assert lines[1]["error"]["code"] == 400


def test_cancel_while_interactive_traffic_blocks_the_pool(services: Services) -> None:
    with services.runtime.admit():
        batch = services.batches.create("alice", MODEL, None, [NewItem(request(f"x{i}")) for i in range(5)])
        services.batches.cancel("alice", batch.id)
    wait_state(services, batch.id, (CANCELLED,))
    done = services.batches.get("alice", batch.id)
    assert done is not None and done.failed == 5 and done.succeeded == 0
