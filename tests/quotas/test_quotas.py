"""The rate limiter itself, on the database (SQLite, or PostgreSQL under ``--postgres``) and on Redis:
sliding windows, retry delays, leases, and exactness when many threads and processes race for the
last slots. Times are passed in (``now=``) so windows are checked to the second without sleeping."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from openbanana.config import Settings
from openbanana.keys.tiers import Limits
from openbanana.quotas import QuotaDenied, QuotaLimiter, SqlQuotaLimiter
from openbanana.quotas.base import NO_LIMITS
from openbanana.quotas.quotas_redis import RedisQuotaLimiter
from openbanana.services import open_database
from tests.quotas.redis_server import redis_server

pytestmark = pytest.mark.platform

T = 1_800_000_000.0
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def backend(request: pytest.FixtureRequest, tmp_path: Path, database_url: str | None, redis_url: str | None) -> str:
    """A URL the limiter (and helper processes) can open: the database's, or Redis'."""
    if request.param == "redis":
        if redis_url is None:
            pytest.skip("redis-server is not available")
        return "redis:" + redis_url
    if database_url is not None:
        return "sql:" + database_url
    return "sql:sqlite+pysqlite:///" + str(tmp_path / "openbanana.db")


def make_limiter(backend: str, tmp_path: Path, lease_ttl: float = 600.0) -> QuotaLimiter:
    kind, _, url = backend.partition(":")
    if kind == "redis":
        return RedisQuotaLimiter(url, lease_ttl=lease_ttl)
    return SqlQuotaLimiter(open_database(Settings(database_url=url), tmp_path), lease_ttl=lease_ttl)


BACKENDS = pytest.mark.parametrize("backend", ["sql", "redis"], indirect=True)


def new_key() -> str:
    return "key_" + uuid.uuid4().hex[:16]


def denied(limiter: QuotaLimiter, key: str, limits: Limits, tokens: int, now: float) -> QuotaDenied:
    with pytest.raises(QuotaDenied) as info:
        limiter.admit(key, limits, tokens, now=now)
    return info.value


@BACKENDS
def test_requests_per_minute_slide(backend: str, tmp_path: Path) -> None:
    limiter, key, limits = make_limiter(backend, tmp_path), new_key(), Limits(rpm=3)
    states = [limiter.admit(key, limits, 1, now=T + i).state for i in range(3)]
    assert [s.requests.remaining for s in states if s.requests] == [2, 1, 0]
    refused = denied(limiter, key, limits, 1, T + 10)
    assert [(v.limit, v.value) for v in refused.violations] == [("rpm", 3)]
    assert refused.violations[0].retry_after == pytest.approx(50.0)  # the request at T leaves at T+60
    assert refused.retry_after == 50
    assert refused.state.headers()["x-ratelimit-remaining-requests"] == "0"
    assert refused.state.headers()["x-ratelimit-reset-requests"] == "50s"
    denied(limiter, key, limits, 1, T + 59.9)
    admitted = limiter.admit(key, limits, 1, now=T + 60.0)  # T is out of (T, T+60]
    assert admitted.state.requests is not None and admitted.state.requests.remaining == 0
    assert denied(limiter, key, limits, 1, T + 60.5).violations[0].retry_after == pytest.approx(0.5)


@BACKENDS
def test_tokens_per_minute(backend: str, tmp_path: Path) -> None:
    limiter, key, limits = make_limiter(backend, tmp_path), new_key(), Limits(tpm=100)
    limiter.admit(key, limits, 60, now=T)
    state = limiter.admit(key, limits, 30, now=T + 1).state
    assert state.tokens is not None and (state.tokens.limit, state.tokens.remaining) == (100, 10)
    refused = denied(limiter, key, limits, 20, T + 2)
    assert [v.limit for v in refused.violations] == ["tpm"]
    assert refused.violations[0].retry_after == pytest.approx(58.0)  # the 60 tokens at T free enough
    assert denied(limiter, key, limits, 101, T + 2).violations[0].retry_after == pytest.approx(60.0)
    limiter.admit(key, limits, 10, now=T + 2)  # exactly the rest fits
    limiter.admit(key, limits, 60, now=T + 60)


@BACKENDS
def test_requests_per_day_and_several_violations(backend: str, tmp_path: Path) -> None:
    limiter, key, limits = make_limiter(backend, tmp_path), new_key(), Limits(rpm=1, rpd=2)
    limiter.admit(key, limits, 0, now=T)
    limiter.admit(key, limits, 0, now=T + 100)
    refused = denied(limiter, key, limits, 0, T + 130)
    assert sorted(v.limit for v in refused.violations) == ["rpd", "rpm"]
    by_limit = {v.limit: v.retry_after for v in refused.violations}
    assert by_limit["rpm"] == pytest.approx(30.0)
    assert by_limit["rpd"] == pytest.approx(86_400 - 130)
    assert refused.retry_after == 86_400 - 130
    denied(limiter, key, limits, 0, T + 86_399)
    limiter.admit(key, limits, 0, now=T + 86_400.5)


@BACKENDS
def test_concurrency_leases_release_and_expire(backend: str, tmp_path: Path) -> None:
    limiter, key, limits = make_limiter(backend, tmp_path, lease_ttl=30), new_key(), Limits(concurrency=2)
    first = limiter.admit(key, limits, 0, now=T)
    second = limiter.admit(key, limits, 0, now=T + 1)
    assert first.lease_id and second.lease_id and first.lease_id != second.lease_id
    refused = denied(limiter, key, limits, 0, T + 2)
    assert [(v.limit, v.retry_after) for v in refused.violations] == [("concurrency", 1.0)]
    limiter.release(first)
    limiter.release(first)  # twice is harmless
    third = limiter.admit(key, limits, 0, now=T + 3)
    denied(limiter, key, limits, 0, T + 4)
    # A crashed server never releases: its leases expire after the TTL.
    limiter.admit(key, limits, 0, now=T + 31.5)  # `second` (expires T+31) is gone, `third` still counts
    denied(limiter, key, limits, 0, T + 32)
    limiter.release(third)


@BACKENDS
def test_unlimited_and_separate_keys(backend: str, tmp_path: Path) -> None:
    limiter = make_limiter(backend, tmp_path)
    assert limiter.admit(new_key(), Limits(), 10**9, now=T).state == NO_LIMITS
    a, b, limits = new_key(), new_key(), Limits(rpm=1)
    limiter.admit(a, limits, 0, now=T)
    limiter.admit(b, limits, 0, now=T)  # another key's window is its own
    denied(limiter, a, limits, 0, T + 1)


@BACKENDS
def test_threads_never_over_admit(backend: str, tmp_path: Path) -> None:
    limiter, key, limits = make_limiter(backend, tmp_path), new_key(), Limits(rpm=100, rpd=10_000, tpm=10**9)
    admitted: list[int] = []
    refused: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(16)

    def hammer() -> None:
        start.wait()
        for _ in range(25):
            try:
                limiter.admit(key, limits, 5, now=T)
                outcome = admitted
            except QuotaDenied:
                outcome = refused
            with lock:
                outcome.append(1)

    threads = [threading.Thread(target=hammer) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(admitted), len(refused)) == (100, 300)


HAMMER = """
import json, sys, threading
from pathlib import Path
from openbanana.config import Settings
from openbanana.keys.tiers import Limits
from openbanana.quotas import QuotaDenied, SqlQuotaLimiter
from openbanana.quotas.quotas_redis import RedisQuotaLimiter
from openbanana.storage import Database
kind, _, url = sys.argv[1].partition(":")
limiter = RedisQuotaLimiter(url) if kind == "redis" else SqlQuotaLimiter(Database(url))
key, now = sys.argv[2], float(sys.argv[3])
limits = Limits(rpm=60, rpd=10_000, tpm=10**9, concurrency=None)
counts = {"admitted": 0, "refused": 0}
lock = threading.Lock()
def run():
    for _ in range(25):
        try:
            limiter.admit(key, limits, 1, now=now); name = "admitted"
        except QuotaDenied:
            name = "refused"
        with lock:
            counts[name] += 1
threads = [threading.Thread(target=run) for _ in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
print(json.dumps(counts))
"""


@BACKENDS
def test_processes_never_over_admit(backend: str, tmp_path: Path) -> None:
    """Four processes × four threads share one database (or Redis): exactly the limit is admitted."""
    make_limiter(backend, tmp_path)  # creates and migrates the database before the helpers start
    key = new_key()
    procs = [
        subprocess.Popen([sys.executable, "-c", HAMMER, backend, key, repr(T)], stdout=subprocess.PIPE, cwd=REPO)
        for _ in range(4)
    ]
    results = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sum(r["admitted"] for r in results) == 60
    assert sum(r["refused"] for r in results) == 4 * 4 * 25 - 60
