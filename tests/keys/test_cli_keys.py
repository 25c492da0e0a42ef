"""``openbanana keys create|list|revoke`` as a user runs them (subprocesses on a data dir), with a live
server on the same data dir seeing every change at once: open mode until the first key, the key's
limits in its headers, revocation, and ``serve`` refusing a public bind while there are no keys."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.helpers import assert_google_error, gen_url, ok_json, text_body
from tests.support.server import start_server

pytestmark = pytest.mark.platform

BODY = text_body("a red circle", imageConfig={"imageSize": "512"})


def _env(database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBANANA_API_KEYS", "OPENBANANA_DATABASE_URL")}
    if database_url:
        env["OPENBANANA_DATABASE_URL"] = database_url
    env["COLUMNS"] = "200"  # rich's table width when stdout is not a terminal
    return env


def keys_cli(data: Path, database_url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openbanana", "keys", *args, "--data-dir", str(data)],
        capture_output=True, text=True, timeout=120, env=_env(database_url),
    )  # fmt: skip


def listed(data: Path, database_url: str | None) -> list[dict[str, Any]]:
    result = keys_cli(data, database_url, "list", "--json")
    assert result.returncode == 0, result.stderr
    keys: list[dict[str, Any]] = json.loads(result.stdout)
    return keys


def test_keys_cli_with_a_live_server(tmp_path: Path, database_url: str | None) -> None:
    data = tmp_path / "data"
    assert listed(data, database_url) == []
    server = start_server(tmp_path, generator="noop", database_url=database_url, extra=("--data-dir", str(data)))
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as http:
            ok_json(http.post(gen_url(), json=BODY))  # no keys anywhere: open (loopback) mode

            created = keys_cli(data, database_url, "create", "--name", "ci", "--tier", "tier1", "--rpm", "7")
            assert created.returncode == 0, created.stderr
            secret = created.stdout.strip()
            assert re.fullmatch(r"ob-[A-Za-z0-9_-]{40}", secret), created.stdout
            assert "shown only once" in created.stderr

            assert_google_error(http.post(gen_url(), json=BODY), 403, "PERMISSION_DENIED")  # closed at once
            answer = http.post(gen_url(), json=BODY, headers={"x-goog-api-key": secret})
            ok_json(answer)
            assert answer.headers["x-ratelimit-limit-requests"] == "7"
            assert answer.headers["x-ratelimit-limit-tokens"] == "1000000"

            (key,) = listed(data, database_url)
            assert (key["name"], key["tier"], key["rpm"], key["rpd"], key["active"]) == ("ci", "tier1", 7, 10_000, True)
            assert secret.startswith(key["prefix"]) and secret not in json.dumps(key)
            table = keys_cli(data, database_url, "list")
            assert table.returncode == 0 and key["id"] in table.stdout and secret not in table.stdout

            revoked = keys_cli(data, database_url, "revoke", key["id"])
            assert revoked.returncode == 0, revoked.stderr
            assert listed(data, database_url)[0]["active"] is False
            second = keys_cli(data, database_url, "create", "--name", "other")  # keeps the server closed
            assert second.returncode == 0, second.stderr
            error = assert_google_error(http.post(gen_url(), json=BODY, headers={"x-goog-api-key": secret}), 400)
            assert error["details"][0]["reason"] == "API_KEY_INVALID"
            revoked = keys_cli(data, database_url, "revoke", listed(data, database_url)[1]["id"])
            ok_json(http.post(gen_url(), json=BODY))  # no active key left: open again (loopback only)

        assert keys_cli(data, database_url, "revoke", "key_nope").returncode == 1
        bad_tier = keys_cli(data, database_url, "create", "--name", "x", "--tier", "gold")
        assert bad_tier.returncode == 2 and "unknown tier" in bad_tier.stderr
        assert keys_cli(data, database_url, "create", "--name", "x", "--rpm", "0").returncode == 2
    finally:
        server.stop()
    assert secret not in server.log()
    if database_url is None:
        assert secret.encode() not in (data / "openbanana.db").read_bytes()


def test_serve_refuses_a_public_bind_without_keys(tmp_path: Path, database_url: str | None) -> None:
    """Refused before binding: no static key and no active managed key in the database."""
    result = subprocess.run(
        [sys.executable, "-m", "openbanana", "serve", "--host", "0.0.0.0", "--port", "9", "--data-dir",
         str(tmp_path / "data"), "--generator", "noop"],
        capture_output=True, text=True, timeout=120, env=_env(database_url),
    )  # fmt: skip
    assert result.returncode != 0
    assert "refusing to listen on 0.0.0.0 without API keys" in result.stderr
