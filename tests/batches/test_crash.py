"""Jobs survive a crash, and several processes share one database without running anything twice.

The real server runs a batch with one worker; mid-batch it is killed with SIGKILL (no shutdown code
runs), restarted on the same data dir (and the same database under ``--postgres``), and the job must
finish with every request answered exactly once and exactly one ledger entry per request. The item
that was running at the kill is run again once its lease expires (``attempts`` 2), and only that
attempt is billed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.tables import BatchItemRow, UsageRow
from tests.support.server import LiveServer, start_server

pytestmark = [pytest.mark.platform, pytest.mark.slow]
MODEL = "gemini-3.1-flash-image-preview"


def create(base_url: str, n: int, size: str) -> str:
    requests = [
        {"request": {"contents": [{"parts": [{"text": f"a harbour with sailing boats, study {i}"}]}],
                     "generationConfig": {"imageConfig": {"aspectRatio": "1:1", "imageSize": size}}},
         "metadata": {"key": f"r{i}"}}
        for i in range(n)
    ]  # fmt: skip
    body = {"batch": {"displayName": "crash", "inputConfig": {"requests": {"requests": requests}}}}
    r = httpx.post(f"{base_url}/v1beta/models/{MODEL}:batchGenerateContent", json=body, timeout=60)
    assert r.status_code == 200, r.text
    return str(r.json()["name"])


def get(base_url: str, name: str) -> dict[str, Any]:
    r = httpx.get(f"{base_url}/v1beta/{name}", timeout=60)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def wait_done(base_url: str, name: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job = get(base_url, name)
        if job["done"] or time.monotonic() > deadline:
            return job
        time.sleep(0.3)


def ledger(db: Database, batch_id: str) -> dict[str, int]:
    with db.read() as session:
        rows = session.execute(
            select(UsageRow.request_id, func.count()).where(UsageRow.batch_id == batch_id).group_by(UsageRow.request_id)
        ).all()
    return {str(r): int(n) for r, n in rows}


def attempts(db: Database, batch_id: str) -> dict[int, tuple[str, int]]:
    with db.read() as session:
        rows = session.execute(
            select(BatchItemRow.idx, BatchItemRow.state, BatchItemRow.attempts).where(BatchItemRow.batch_id == batch_id)
        ).all()
    return {int(i): (str(s), int(a)) for i, s, a in rows}


def check_complete(job: dict[str, Any], n: int) -> None:
    meta = job["metadata"]
    assert meta["state"] == "BATCH_STATE_SUCCEEDED", meta
    assert meta["batchStats"] == {"requestCount": str(n), "successfulRequestCount": str(n),
                                  "failedRequestCount": "0", "pendingRequestCount": "0"}  # fmt: skip
    responses = meta["output"]["inlinedResponses"]["inlinedResponses"]
    assert [r["metadata"]["key"] for r in responses] == [f"r{i}" for i in range(n)]
    assert all("response" in r and "error" not in r for r in responses)


def test_kill_9_mid_batch_then_restart(tmp_path: Path, database_url: str | None) -> None:
    data_dir = tmp_path / "data"
    extra = ("--data-dir", str(data_dir), "--batch-workers", "1")  # the last --data-dir wins
    n = 12
    server = start_server(tmp_path, database_url=database_url, extra=extra)
    try:
        name = create(server.base_url, n, "2K")
        deadline = time.monotonic() + 60
        while int(get(server.base_url, name)["metadata"]["batchStats"]["successfulRequestCount"]) < 3:
            assert time.monotonic() < deadline, "the batch made no progress"
            time.sleep(0.1)
    finally:
        server.process.kill()  # SIGKILL: no cleanup of any kind
        server.process.wait()
    batch_id = name.removeprefix("batches/")
    db = Database(database_url or sqlite_url(data_dir / "openbanana.db"))
    try:
        before = attempts(db, batch_id)
        done_before = sum(1 for s, _ in before.values() if s == "succeeded")
        assert 3 <= done_before < n, before
        interrupted = [i for i, (s, _) in before.items() if s == "running"]
        restarted = start_server(tmp_path, database_url=database_url, extra=extra)
        try:
            job = wait_done(restarted.base_url, name, timeout=120)
        finally:
            restarted.stop()
        check_complete(job, n)
        after = attempts(db, batch_id)
        assert all(state == "succeeded" for state, _ in after.values())
        for i in interrupted:  # killed mid-run: claimed again after its lease expired, once
            assert after[i][1] == 2, after
        assert all(a == 1 for i, (_, a) in after.items() if i not in interrupted), after
        billed = ledger(db, batch_id)
        assert len(billed) == n and set(billed.values()) == {1}, billed
        with db.read() as session:
            costs = session.scalars(select(UsageRow.cost_usd).where(UsageRow.batch_id == batch_id)).all()
        assert all(c > 0 for c in costs)
    finally:
        db.dispose()


def test_two_processes_share_the_work(tmp_path: Path, database_url: str | None) -> None:
    """Two servers on one database (and one data dir) claim items concurrently: each item runs once."""
    data_dir = tmp_path / "shared"
    extra = ("--data-dir", str(data_dir), "--batch-workers", "2")
    servers: list[LiveServer] = []
    n = 40
    try:
        servers = [start_server(tmp_path, database_url=database_url, generator="noop", extra=extra) for _ in range(2)]
        names = [create(servers[i % 2].base_url, n, "512") for i in range(2)]
        jobs = [wait_done(servers[1].base_url, name, timeout=120) for name in names]
    finally:
        for server in servers:
            server.stop()
    db = Database(database_url or sqlite_url(data_dir / "openbanana.db"))
    try:
        for name, job in zip(names, jobs, strict=True):
            check_complete(job, n)
            batch_id = name.removeprefix("batches/")
            assert {a for _, a in attempts(db, batch_id).values()} == {1}
            billed = ledger(db, batch_id)
            assert len(billed) == n and set(billed.values()) == {1}
    finally:
        db.dispose()
