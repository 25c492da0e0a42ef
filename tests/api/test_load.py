"""Load: 60 concurrent clients fire 150 requests at a key allowed 100 per minute — against one server,
then against two server processes sharing one data dir (one SQLite file, or one PostgreSQL database
under ``--postgres``). Exactly 100 get 200, the other 50 get Google's 429, nothing gets a 5xx, and the
usage ledger holds exactly what the clients received. Loopback only, noop generator; the measured
numbers are printed (``-s``) and quoted in ``docs/platform/keys-quotas.md``."""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from openbanana.config import Settings
from openbanana.keys import Limits, SqlKeyStore
from openbanana.services import open_database
from openbanana.storage import Database
from openbanana.storage.tables import UsageRow
from tests.api.helpers import gen_url, text_body
from tests.api.test_quotas import assert_quota_error
from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = [pytest.mark.platform, pytest.mark.slow]

CLIENTS = 60
REQUESTS = 150
RPM = 100
BODY = text_body("a green square", imageConfig={"imageSize": "512"})


@dataclass
class Shot:
    status: int
    seconds: float
    response: httpx.Response


@dataclass
class Setup:
    data: Path
    database_url: str | None
    database: Database
    keys: SqlKeyStore
    tmp: Path


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None) -> Iterator[Setup]:
    tmp = tmp_path_factory.mktemp("load")
    database_url = postgres_server.fresh_database() if postgres_server is not None else None
    data = tmp / "data"
    data.mkdir()
    database = open_database(Settings(database_url=database_url), data)
    yield Setup(data, database_url, database, SqlKeyStore(database), tmp)
    database.dispose()


def serve(setup: Setup) -> LiveServer:
    return start_server(
        setup.tmp, generator="noop", database_url=setup.database_url,
        extra=("--data-dir", str(setup.data), "--queue", "256"),
    )  # fmt: skip


def fire(base_urls: list[str], key: str) -> tuple[list[Shot], float]:
    """``REQUESTS`` requests from ``CLIENTS`` threads (each with its own connection), spread over the servers."""
    shots: list[Shot] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)
    plan = [base_urls[n % len(base_urls)] for n in range(REQUESTS)]

    def client(index: int) -> None:
        mine = plan[index::CLIENTS]
        with httpx.Client(timeout=120) as http:
            barrier.wait()
            for base in mine:
                started = time.perf_counter()
                response = http.post(base + gen_url(), json=BODY, headers={"x-goog-api-key": key})
                response.read()
                with lock:
                    shots.append(Shot(response.status_code, time.perf_counter() - started, response))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return shots, time.perf_counter() - started


def check(setup: Setup, key: str, shots: list[Shot], seconds: float, label: str) -> None:
    statuses = Counter(s.status for s in shots)
    latencies = sorted(s.seconds for s in shots)
    p50, p95 = statistics.median(latencies), latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"\nload [{label}, {'postgresql' if setup.database_url else 'sqlite'}]: {len(shots)} requests from "
        f"{CLIENTS} clients in {seconds:.2f} s ({len(shots) / seconds:.0f} req/s); statuses {dict(statuses)}; "
        f"latency p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )
    assert len(shots) == REQUESTS
    assert statuses == Counter({200: RPM, 429: REQUESTS - RPM}), statuses
    assert seconds < 55, "the run must fit in one rate-limit window"
    for shot in shots:
        if shot.status == 429:
            assert_quota_error(shot.response, "rpm", RPM)
            assert shot.response.headers["x-ratelimit-remaining-requests"] == "0"
        else:
            assert shot.response.json()["candidates"][0]["content"]["parts"]
    stored = setup.keys.lookup(key)
    assert stored is not None
    with setup.database.read() as session:
        query = select(UsageRow.http_status, func.count()).where(UsageRow.key_id == stored.id)
        ledger = {status: count for status, count in session.execute(query.group_by(UsageRow.http_status))}
    assert ledger == {200: RPM, 429: REQUESTS - RPM}, ledger


def test_one_server_admits_exactly_the_limit(setup: Setup) -> None:
    key = setup.keys.create("load", "tier3", Limits(rpm=RPM, rpd=100_000, tpm=10**9, concurrency=1_000)).secret
    server = serve(setup)
    try:
        shots, seconds = fire([server.base_url], key)
    finally:
        server.stop()
    check(setup, key, shots, seconds, "1 server")


def test_two_servers_share_the_limit(setup: Setup) -> None:
    key = setup.keys.create("load2", "tier3", Limits(rpm=RPM, rpd=100_000, tpm=10**9, concurrency=1_000)).secret
    servers = [serve(setup), serve(setup)]
    try:
        shots, seconds = fire([s.base_url for s in servers], key)
    finally:
        for s in servers:
            s.stop()
    check(setup, key, shots, seconds, "2 servers")
    by_server = Counter(str(s.response.url).split("/v1beta")[0] for s in shots if s.status == 200)
    assert sum(by_server.values()) == RPM
