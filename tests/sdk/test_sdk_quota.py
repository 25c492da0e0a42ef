"""A quota refusal through the real SDK (1.x, 2.x, 3.x): a managed key with 2 requests per minute gets
two images, then ``genai.errors.ClientError`` with ``.code == 429`` and ``.status ==
"RESOURCE_EXHAUSTED"`` carrying Google's QuotaFailure and RetryInfo — for generate_content and for
generate_content_stream (the stream's 429 arrives before any chunk)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openbanana.config import Settings
from openbanana.keys import Limits, SqlKeyStore
from openbanana.services import open_database
from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform
SCRIPT = Path(__file__).with_name("client_quota.py")


@pytest.fixture(scope="module")
def quota_sdk_server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[tuple[LiveServer, SqlKeyStore]]:
    tmp = tmp_path_factory.mktemp("sdk-quota")
    database_url = postgres_server.fresh_database() if postgres_server is not None else None
    data = tmp / "data"
    data.mkdir()
    database = open_database(Settings(database_url=database_url), data)
    server = start_server(tmp, generator="noop", database_url=database_url, extra=("--data-dir", str(data)))
    yield server, SqlKeyStore(database)
    server.stop()
    database.dispose()


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_sdk_sees_429_resource_exhausted(version: str, quota_sdk_server: tuple[LiveServer, SqlKeyStore]) -> None:
    server, keys = quota_sdk_server
    secret = keys.create(f"sdk-{version}", "free", Limits(rpm=2)).secret
    result = unwrap(run_scenario(version, "quota", server.base_url, {"key": secret}, script=SCRIPT))
    first, second, third, stream = result["outcomes"]
    assert first == {"ok": True, "images": 1} and second == {"ok": True, "images": 1}
    for refused in (third, stream):
        assert refused["ok"] is False and refused["client_error"] is True, refused
        assert (refused["code"], refused["status"]) == (429, "RESOURCE_EXHAUSTED"), refused
        assert refused["error_message"].startswith("You exceeded your current quota"), refused
        error = refused["details"]["error"] if "error" in refused["details"] else refused["details"]
        types = [d["@type"].rsplit(".", 1)[-1] for d in error["details"]]
        assert types == ["QuotaFailure", "Help", "RetryInfo"], error
        quota_id = error["details"][0]["violations"][0]["quotaId"]
        assert quota_id == "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"
