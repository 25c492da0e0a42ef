"""Managed keys and their quotas over raw HTTP against the real server: Google's 429 (QuotaFailure,
Help, RetryInfo, ``Retry-After``), ``x-ratelimit-*`` headers on every metered answer, 429s before any
streamed byte, revoked keys, unlimited static keys, and one ledger row per request (429s and 400s
included). Keys are created in the server's own database while it runs, as ``openbanana keys`` does."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from openbanana.config import Settings
from openbanana.keys import Limits, SqlKeyStore
from openbanana.services import open_database
from openbanana.storage import Database
from openbanana.storage.tables import UsageRow
from tests.api.helpers import FLASH, assert_google_error, gen_url, ok_json, text_body
from tests.conftest import TEST_KEY
from tests.quotas.redis_server import redis_server
from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform

QUOTA_IDS = {
    "rpm": "GenerateRequestsPerMinutePerProjectPerModel",
    "rpd": "GenerateRequestsPerDayPerProjectPerModel",
    "tpm": "GenerateContentPaidTierInputTokensPerModelPerMinute",
}
BODY = text_body("a yellow square", imageConfig={"imageSize": "512"})


@dataclass
class QuotaServer:
    server: LiveServer
    keys: SqlKeyStore
    database: Database

    def key(self, tier: str = "tier1", **overrides: int) -> str:
        return self.keys.create("test", tier, Limits(**overrides)).secret

    def ledger(self, secret: str) -> list[UsageRow]:
        key = self.keys.lookup(secret)
        assert key is not None
        with self.database.read() as session:
            query = select(UsageRow).where(UsageRow.key_id == key.id).order_by(UsageRow.created_at)
            return list(session.scalars(query))


@pytest.fixture(scope="module")
def quota_server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[QuotaServer]:
    """A server (noop generator, one static key) on a data dir whose database the tests add keys to."""
    tmp = tmp_path_factory.mktemp("quotas")
    database_url = postgres_server.fresh_database() if postgres_server is not None else None
    data = tmp / "data"
    data.mkdir()
    database = open_database(Settings(database_url=database_url), data)
    server = start_server(
        tmp, generator="noop", api_keys=(TEST_KEY,), database_url=database_url, extra=("--data-dir", str(data))
    )
    yield QuotaServer(server, SqlKeyStore(database), database)
    server.stop()
    database.dispose()


@pytest.fixture
def http(quota_server: QuotaServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=quota_server.server.base_url, timeout=60) as c:
        yield c


def post(
    http: httpx.Client, key: str, method: str = "generateContent", params: str = "", **body: Any
) -> httpx.Response:
    url = gen_url(method=method) + params
    return http.post(url, json={**BODY, **body}, headers={"x-goog-api-key": key})


def assert_quota_error(response: httpx.Response, limit: str, value: int, tier: str = "tier1") -> dict[str, Any]:
    """Google's 429 for ``limit`` (rpm/rpd/tpm/concurrency), with ``Retry-After`` matching RetryInfo."""
    error = assert_google_error(response, 429, "RESOURCE_EXHAUSTED")
    assert error["message"].startswith("You exceeded your current quota, please check your plan and billing details.")
    assert f"limit: {value}, model: {FLASH}" in error["message"], error["message"]
    types = [d["@type"].rsplit(".", 1)[-1] for d in error["details"]]
    assert types == ["QuotaFailure", "Help", "RetryInfo"], types
    (violation,) = error["details"][0]["violations"]
    suffix = "-FreeTier" if tier == "free" else ""
    if limit in QUOTA_IDS:
        quota_id = QUOTA_IDS[limit] + suffix
        if limit == "tpm" and tier == "free":
            quota_id = "GenerateContentInputTokensPerModelPerMinute-FreeTier"
        assert violation["quotaId"] == quota_id, violation
    assert violation["quotaMetric"].startswith("generativelanguage.googleapis.com/"), violation
    assert violation["quotaDimensions"] == {"location": "global", "model": FLASH}, violation
    assert violation["quotaValue"] == str(value)
    assert error["details"][1]["links"][0]["url"] == "https://ai.google.dev/gemini-api/docs/rate-limits"
    retry = int(response.headers["retry-after"])
    assert retry >= 1
    assert error["details"][2]["retryDelay"] == f"{retry}s"
    assert error["message"].endswith(f"Please retry in {retry}s.")
    return error


def test_rpm_429_with_headers(quota_server: QuotaServer, http: httpx.Client) -> None:
    key = quota_server.key("free", rpm=2)
    answers = [post(http, key) for _ in range(3)]
    for n, response in enumerate(answers[:2]):
        ok_json(response)
        assert response.headers["x-ratelimit-limit-requests"] == "2"
        assert response.headers["x-ratelimit-remaining-requests"] == str(1 - n)
        assert response.headers["x-ratelimit-limit-tokens"] == "250000"
        assert int(response.headers["x-ratelimit-remaining-tokens"]) < 250000
        assert response.headers["x-ratelimit-reset-requests"].endswith("s")
    refused = answers[2]
    assert_quota_error(refused, "rpm", 2, tier="free")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["x-ratelimit-remaining-requests"] == "0"
    assert refused.headers["x-ratelimit-limit-requests"] == "2"
    assert "x-request-id" in refused.headers


def test_stream_429_comes_before_any_byte(quota_server: QuotaServer, http: httpx.Client) -> None:
    key = quota_server.key(rpm=1)
    ok = post(http, key, "streamGenerateContent", "?alt=sse")
    assert ok.status_code == 200 and ok.text.startswith("data: ")
    assert ok.headers["x-ratelimit-remaining-requests"] == "0"
    sse = post(http, key, "streamGenerateContent", "?alt=sse")  # a plain JSON error, not an event stream
    assert_quota_error(sse, "rpm", 1)
    array = post(http, key, "streamGenerateContent")  # without alt=sse: wrapped in the JSON array
    assert isinstance(array.json(), list)
    assert_quota_error(array, "rpm", 1)


def test_tokens_per_minute_429(quota_server: QuotaServer, http: httpx.Client) -> None:
    key = quota_server.key(tpm=40)
    ok_json(post(http, key))  # a short prompt fits
    long_prompt = text_body(" ".join(["a yellow square on a blue field"] * 20), imageConfig={"imageSize": "512"})
    assert_quota_error(post(http, key, **long_prompt), "tpm", 40)


def test_requests_per_day_429(quota_server: QuotaServer, http: httpx.Client) -> None:
    key = quota_server.key(rpd=1)
    ok_json(post(http, key))
    refused = post(http, key)
    assert_quota_error(refused, "rpd", 1)
    assert int(refused.headers["retry-after"]) > 86_000


def test_revoked_key_is_invalid_and_static_keys_are_unlimited(quota_server: QuotaServer, http: httpx.Client) -> None:
    quota_server.key()  # another active key: the server stays closed
    created = quota_server.keys.create("to revoke", "free", Limits())
    ok_json(post(http, created.secret))
    quota_server.keys.revoke(created.key.id)
    error = assert_google_error(post(http, created.secret), 400, "INVALID_ARGUMENT")
    assert error["details"][0]["reason"] == "API_KEY_INVALID"
    assert_google_error(post(http, "ob-not-a-key"), 400, "INVALID_ARGUMENT")
    assert_google_error(http.post(gen_url(), json=BODY), 403, "PERMISSION_DENIED")
    static = post(http, TEST_KEY)
    ok_json(static)
    assert not [h for h in static.headers if h.startswith("x-ratelimit")]


def test_every_request_is_in_the_ledger(quota_server: QuotaServer, http: httpx.Client) -> None:
    key = quota_server.key(rpm=2)
    ok_json(post(http, key))
    bad = post(http, key, generationConfig={"imageConfig": {"aspectRatio": "7:3"}})  # 400 after auth
    assert_google_error(bad, 400)
    assert "x-ratelimit-limit-requests" not in bad.headers  # refused before it was admitted: not charged
    assert post(http, key, "streamGenerateContent", "?alt=sse").status_code == 200
    assert_quota_error(post(http, key), "rpm", 2)
    rows = quota_server.ledger(key)
    assert [(r.http_status, r.status, r.method) for r in rows] == [
        (200, "OK", "generateContent"),
        (400, "INVALID_ARGUMENT", "generateContent"),
        (200, "OK", "streamGenerateContent"),
        (429, "RESOURCE_EXHAUSTED", "generateContent"),
    ]
    first = rows[0]
    assert (first.model, first.images, first.image_size, first.aspect_ratio) == (FLASH, 1, "512", "1:1")
    assert first.input_text_tokens > 0 and first.output_image_tokens > 0 and first.latency_ms > 0
    assert first.request_id and len({r.id for r in rows}) == 4
    assert rows[2].images == 1 and rows[2].output_image_tokens > 0
    assert rows[3].images == 0 and rows[3].output_image_tokens == 0


def test_limits_in_redis(tmp_path: Path, database_url: str | None) -> None:
    """With ``OPENBANANA_REDIS_URL`` the windows live in Redis; keys still come from the database."""
    with redis_server(tmp_path) as url:
        if url is None:
            pytest.skip("redis-server is not available")
        data = tmp_path / "data"
        data.mkdir()
        database = open_database(Settings(database_url=database_url), data)
        secret = SqlKeyStore(database).create("redis", "tier1", Limits(rpm=1)).secret
        server = start_server(tmp_path, generator="noop", database_url=database_url,
                              extra=("--data-dir", str(data)), env_extra={"OPENBANANA_REDIS_URL": url})  # fmt: skip
        try:
            with httpx.Client(base_url=server.base_url, timeout=60) as http:
                first = post(http, secret)
                ok_json(first)
                assert first.headers["x-ratelimit-remaining-requests"] == "0"
                assert_quota_error(post(http, secret), "rpm", 1)
        finally:
            server.stop()
            database.dispose()
        import redis

        assert redis.Redis.from_url(url).keys("openbanana:quota:*")


def test_data_dir_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openbanana.config import default_data_dir

    monkeypatch.delenv("OPENBANANA_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "openbanana"
    monkeypatch.setenv("OPENBANANA_DATA_DIR", str(tmp_path / "x"))
    assert default_data_dir() == tmp_path / "x"
