"""The SDK against a keyed server (it always sends ``x-goog-api-key``, so a wrong key is 400
API_KEY_INVALID) and against a saturated one (gotcha 9: no retries by default; opt-in
``HttpRetryOptions`` retries a 503 until the server has room)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import TEST_KEY
from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support.server import LiveServer

pytestmark = pytest.mark.sdk

#: Distinct 4K ratios per version: each blocker's first render must be uncached on the server.
BLOCKER_RATIOS = {"1.75.0": ["1:1", "4:3"], "2.34.0": ["3:4", "5:4"], "3.4.0": ["4:5", "3:2"]}


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_api_keys(version: str, keyed_server: LiveServer) -> None:
    r = unwrap(run_scenario(version, "keys", keyed_server.base_url, {"key": TEST_KEY}))
    for call in ("generate", "list", "stream"):
        wrong: dict[str, Any] = r[f"wrong_{call}"]
        assert wrong["exc"] == "ClientError", wrong
        assert wrong["code"] == 400 and wrong["status"] == "INVALID_ARGUMENT"
        assert "API key not valid" in wrong["error_message"]
        reasons = [d.get("reason") for d in wrong["details"]["error"]["details"]]
        assert "API_KEY_INVALID" in reasons
        assert wrong["requests"] == 1 and wrong["sent_keys"] == ["definitely-wrong"]
        right = r[f"right_{call}"]
        assert right["exc"] is None, right
        assert set(right["sent_keys"]) == {TEST_KEY}


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_no_retry_by_default_and_opt_in_retry(version: str, sdk_saturated_server: LiveServer) -> None:
    args = {"ratios": BLOCKER_RATIOS[version], "attempts": 5}
    r = unwrap(run_scenario(version, "retry", sdk_saturated_server.base_url, args, timeout=120))
    default = r["default"]
    assert default["exc"] == "ServerError", default
    assert default["code"] == 503 and default["status"] == "UNAVAILABLE"
    assert default["statuses"] == [503], "the SDK must not retry by default"
    retried = r["retry"]
    assert retried["exc"] is None, retried
    assert retried["images"] == 1
    statuses = retried["statuses"]
    assert statuses[0] == 503 and statuses[-1] == 200 and set(statuses[1:-1]) <= {503}
