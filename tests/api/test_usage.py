"""The usage ledger end to end: requests over HTTP are metered into the ledger, and
``GET /{v}/openbanana/usage`` and ``openbanana usage --json`` report them (the same JSON), with each
managed key seeing only its own usage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.helpers import FLASH, NANO, PRO, assert_google_error, gen_url, text_body
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform

ADMIN = "static-admin-key-1"
#: USD per 1M tokens: (input, output text+thinking, output image), as in usage/prices.py.
PRICES = {FLASH: (0.5, 3.0, 60.0), PRO: (2.0, 12.0, 120.0), NANO: (0.3, 2.5, 30.0)}


def cli(data_dir: Path, database_url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENBANANA_")}
    if database_url:
        env["OPENBANANA_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "openbanana", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


class Started:
    def __init__(self, server: LiveServer, data_dir: Path, database_url: str | None) -> None:
        self.server, self.data_dir, self.database_url = server, data_dir, database_url


def start(tmp: Path, database_url: str | None, **kw: Any) -> Started:
    server = start_server(tmp, generator="noop", database_url=database_url, **kw)
    return Started(server, next(tmp.glob("data-*")), database_url)


@pytest.fixture
def open_server(tmp_path: Path, database_url: str | None) -> Iterator[Started]:
    started = start(tmp_path, database_url)
    yield started
    started.server.stop()


def expected_cost(model: str, meta: dict[str, Any]) -> float:
    inp, out_text, out_image = PRICES[model]
    image_tokens = sum(d["tokenCount"] for d in meta.get("candidatesTokensDetails", []) if d["modality"] == "IMAGE")
    text_tokens = meta.get("candidatesTokenCount", 0) - image_tokens + meta.get("thoughtsTokenCount", 0)
    return (meta["promptTokenCount"] * inp + text_tokens * out_text + image_tokens * out_image) / 1e6


def test_requests_are_reported_with_tokens_and_cost(open_server: Started) -> None:
    sent = [(FLASH, {"imageSize": "2K"}), (FLASH, {"imageSize": "512"}), (PRO, {"imageSize": "4K"}), (NANO, {})]
    metas: dict[str, list[dict[str, Any]]] = {}
    with httpx.Client(base_url=open_server.server.base_url, timeout=60) as client:
        for model, image_config in sent:
            body = text_body("a lighthouse", imageConfig=image_config) if image_config else text_body("a lighthouse")
            response = client.post(gen_url(model), json=body)
            assert response.status_code == 200, response.text
            metas.setdefault(model, []).append(response.json()["usageMetadata"])
        assert_google_error(client.post(gen_url(FLASH), json={"contents": []}), 400)  # metered as an error
        endpoint = client.get("/v1beta/openbanana/usage", params={"by": "model"})
        assert endpoint.status_code == 200, endpoint.text
        by_day = client.get("/v1/openbanana/usage", params={"by": "day", "since": "24h"}).json()
    report = endpoint.json()
    rows = {r["group"]: r for r in report["rows"]}
    assert set(rows) == {FLASH, PRO, NANO}
    assert (rows[FLASH]["requests"], rows[FLASH]["errors"], rows[FLASH]["images"]) == (3, 1, 2)
    for model, model_metas in metas.items():  # the 400 was refused before any token was counted
        row = rows[model]
        assert row["inputTokens"] == sum(m["promptTokenCount"] for m in model_metas)
        assert row["outputTokens"] == sum(m.get("candidatesTokenCount", 0) + m.get("thoughtsTokenCount", 0)
                                          for m in model_metas)  # fmt: skip
        assert row["costUsd"] == pytest.approx(sum(expected_cost(model, m) for m in model_metas), abs=2e-6)
    # Image output at Google's per-image prices: 2K and 512 on Nano Banana 2, 4K on Pro, one Nano Banana image.
    assert rows[PRO]["costUsd"] == pytest.approx(0.24, abs=0.001)
    assert rows[NANO]["costUsd"] == pytest.approx(0.039, abs=0.001)
    assert rows[FLASH]["costUsd"] == pytest.approx(0.1008 + 0.04482, abs=0.001)
    assert report["total"]["requests"] == 5 and report["total"]["errors"] == 1
    assert [(r["requests"]) for r in by_day["rows"]] == [5]

    # The CLI reads the same database and prints the same report.
    result = cli(open_server.data_dir, open_server.database_url, "usage", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == report


def test_bad_query_is_400(open_server: Started) -> None:
    with httpx.Client(base_url=open_server.server.base_url, timeout=60) as client:
        assert "24h, 7d" in assert_google_error(client.get("/v1beta/openbanana/usage?since=soon"), 400)["message"]
        assert_google_error(client.get("/v1beta/openbanana/usage?by=key"), 400)


def test_idempotent_replay_is_not_billed_twice(open_server: Started) -> None:
    with httpx.Client(base_url=open_server.server.base_url, timeout=60) as client:
        raw = json.dumps(text_body("once")).encode()
        for _ in range(3):
            assert client.post(gen_url(), content=raw, headers={"Idempotency-Key": "bill-once"}).status_code == 200
        assert client.get("/v1beta/openbanana/usage").json()["total"]["requests"] == 1


def test_managed_keys_see_only_their_own_usage(tmp_path: Path, database_url: str | None) -> None:
    started = start(tmp_path, database_url, api_keys=(ADMIN,))
    try:
        secrets, ids = [], []
        for name in ("alice", "bob"):
            created = cli(started.data_dir, database_url, "keys", "create", "--name", name, "--tier", "tier3")
            assert created.returncode == 0, created.stderr
            secrets.append(created.stdout.strip())
        listed = json.loads(cli(started.data_dir, database_url, "keys", "list", "--json").stdout)
        ids = [next(k["id"] for k in listed if k["name"] == name) for name in ("alice", "bob")]
        with httpx.Client(base_url=started.server.base_url, timeout=60) as client:
            for secret, count in zip(secrets, (2, 1), strict=True):
                for _ in range(count):
                    r = client.post(gen_url(), json=text_body(), headers={"x-goog-api-key": secret})
                    assert r.status_code == 200, r.text

            def usage(secret: str, **params: str) -> httpx.Response:
                return client.get("/v1beta/openbanana/usage", params=params, headers={"x-goog-api-key": secret})

            alice = usage(secrets[0]).json()
            assert alice["key"] == ids[0] and alice["total"]["requests"] == 2
            assert usage(secrets[0], keyId=ids[0]).json()["total"]["requests"] == 2
            assert_google_error(usage(secrets[0], keyId=ids[1]), 403)
            assert usage(secrets[1]).json()["total"]["requests"] == 1
            everyone = usage(ADMIN).json()
            assert everyone["key"] is None and everyone["total"]["requests"] == 3
            assert usage(ADMIN, keyId=ids[1]).json()["total"]["requests"] == 1
            assert_google_error(client.get("/v1beta/openbanana/usage"), 403)  # no key at all
        result = cli(started.data_dir, database_url, "usage", "--key", ids[0], "--json")
        assert json.loads(result.stdout)["total"]["requests"] == 2
    finally:
        started.server.stop()


def test_bad_price_file_stops_the_server(tmp_path: Path, database_url: str | None) -> None:
    prices = tmp_path / "prices.toml"
    prices.write_text('[models."gemini-2.5-flash-image"]\noutput_image = "cheap"\n')
    message = r"price table .*prices\.toml: models\.gemini-2\.5-flash-image\.output_image"
    env = {"OPENBANANA_PRICES": str(prices)}
    with pytest.raises(RuntimeError, match=message):
        start_server(tmp_path, generator="noop", database_url=database_url, env_extra=env)


def test_price_file_changes_costs(tmp_path: Path, database_url: str | None) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"models": {NANO: {"output_image": 1000}}}))
    started = start(tmp_path, database_url, env_extra={"OPENBANANA_PRICES": str(prices)})
    try:
        with httpx.Client(base_url=started.server.base_url, timeout=60) as client:
            assert client.post(gen_url(NANO), json=text_body()).status_code == 200
            report = client.get("/v1beta/openbanana/usage").json()
        assert report["prices"] == str(prices)
        assert report["total"]["costUsd"] == pytest.approx(1.29, abs=0.001)
    finally:
        started.server.stop()


def test_batch_items_cost_half(open_server: Started) -> None:
    base = open_server.server.base_url
    request = {"contents": [{"parts": [{"text": "a harbour"}]}],
               "generationConfig": {"imageConfig": {"imageSize": "1K"}}}  # fmt: skip
    with httpx.Client(base_url=base, timeout=60) as client:
        assert client.post(gen_url(FLASH), json=request).status_code == 200  # interactive: full price
        batch = {"batch": {"inputConfig": {"requests": {"requests": [{"request": request}, {"request": request}]}}}}
        created = client.post(gen_url(FLASH, "batchGenerateContent"), json=batch)
        assert created.status_code == 200, created.text
        name = created.json()["name"]
        deadline = time.monotonic() + 60
        while not (job := client.get(f"/v1beta/{name}").json())["done"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert job["metadata"]["state"] == "BATCH_STATE_SUCCEEDED", job
        report = client.get("/v1beta/openbanana/usage").json()
    assert report["total"]["requests"] == 3 and report["total"]["images"] == 3
    interactive = 1120 * 60 / 1e6  # $0.0672 per 1K image, plus a few input/text tokens
    assert report["total"]["costUsd"] == pytest.approx(interactive * 2, abs=0.0005)  # 1 + 2 × 50%
