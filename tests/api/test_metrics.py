"""``/metrics``, ``/readyz`` and request ids on the real server, including a 429 from a managed key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.api.helpers import FLASH, gen_url, text_body
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform

ADMIN = "static-metrics-admin-1"
GENERATE_ROUTE = "/v1beta/models/{model}:generateContent"


def samples(client: httpx.Client) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    out = {}
    for family in text_string_to_metric_families(response.text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def get(table: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return table.get((name, frozenset(labels.items())), 0.0)


def create_key(server: LiveServer, tmp: Path, database_url: str | None, *limits: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENBANANA_")}
    if database_url:
        env["OPENBANANA_DATABASE_URL"] = database_url
    data_dir = tmp / f"data-{server.base_url.rsplit(':', 1)[1]}"
    done = subprocess.run(
        [sys.executable, "-m", "openbanana", "keys", "create", "--name", "m", *limits, "--data-dir", str(data_dir)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_metrics_follow_requests_and_429s(tmp_path: Path, database_url: str | None) -> None:
    server = start_server(tmp_path, api_keys=(ADMIN,), generator="noop", database_url=database_url,
                          extra=("--workers", "2", "--queue", "5"))  # fmt: skip
    try:
        limited = create_key(server, tmp_path, database_url, "--rpm", "1")
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            before = samples(client)
            assert get(before, "openbanana_capacity") == 7 and get(before, "openbanana_workers") == 2
            assert get(before, "openbanana_in_flight_requests") == 0 and get(before, "openbanana_database_up") == 1
            assert get(before, "openbanana_batch_items", state="pending") == 0
            for size in ("1K", "2K"):
                body = text_body("a blue square", imageConfig={"imageSize": size})
                assert client.post(gen_url(), json=body, headers={"x-goog-api-key": ADMIN}).status_code == 200
            headers = {"x-goog-api-key": limited}
            assert client.post(gen_url(), json=text_body(), headers=headers).status_code == 200
            refused = client.post(gen_url(), json=text_body(), headers=headers)
            assert refused.status_code == 429, refused.text
            after = samples(client)
    finally:
        server.stop()
    ok = dict(model=FLASH, method="generateContent", status="OK", code="200", batch="false")
    assert get(after, "openbanana_requests_total", **ok) == 3
    assert get(after, "openbanana_images_total", model=FLASH, image_size="2K") == 1
    assert get(after, "openbanana_request_latency_seconds_count", model=FLASH, image_size="1K", status="OK") == 2
    assert get(after, "openbanana_tokens_total", model=FLASH, direction="output", modality="image") > 0
    assert get(after, "openbanana_tokens_total", model=FLASH, direction="input", modality="text") > 0
    assert get(after, "openbanana_rate_limited_total", model=FLASH) == 1
    assert get(after, "openbanana_quota_refusals_total", limit="rpm") == 1
    assert get(after, "openbanana_http_requests_total", method="POST", route=GENERATE_ROUTE, code="429") == 1
    assert get(after, "openbanana_http_requests_total", method="POST", route=GENERATE_ROUTE, code="200") == 3
    assert get(after, "openbanana_http_requests_total", method="GET", route="/metrics", code="200") == 1


def test_readyz_metrics_key_and_request_ids(tmp_path: Path, database_url: str | None) -> None:
    env = {"OPENBANANA_METRICS_KEY": "scrape-secret"}
    server = start_server(tmp_path, generator="noop", database_url=database_url, env_extra=env)
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            ready = client.get("/readyz")
            assert ready.status_code == 200
            checks = ready.json()["checks"]
            assert checks["database"]["ok"] and checks["blobs"]["ok"] and checks["runtime"]["ok"]
            assert client.get("/healthz").json()["status"] == "ok"
            assert client.get("/metrics").status_code == 401
            assert client.get("/metrics", headers={"authorization": "Bearer nope"}).status_code == 401
            scraped = client.get("/metrics", headers={"authorization": "Bearer scrape-secret"})
            assert scraped.status_code == 200 and "openbanana_build_info" in scraped.text
            echoed = client.get("/v1beta/models", headers={"x-request-id": "abc-123"})
            assert echoed.headers["x-request-id"] == "abc-123"
            unknown = client.get("/v1beta/nowhere")
            assert unknown.status_code == 404 and len(unknown.headers["x-request-id"]) == 32
            assert "/v1beta/nowhere" not in client.get("/metrics", headers={"x-goog-api-key": "scrape-secret"}).text
    finally:
        server.stop()
