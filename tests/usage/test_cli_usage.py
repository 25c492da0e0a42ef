"""``openbanana usage`` as a user runs it: a subprocess on a data dir (or OPENBANANA_DATABASE_URL)."""

from __future__ import annotations

import calendar
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade
from openbanana.usage.base import UsageEntry
from openbanana.usage.ledger_sql import SqlUsageLedger
from openbanana.usage.prices import PriceTable

pytestmark = pytest.mark.platform

NOV1 = float(calendar.timegm((2026, 11, 1, 10, 0, 0)))


def run_cli(
    data_dir: Path, database_url: str | None, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("OPENBANANA_")}
    if database_url:
        environ["OPENBANANA_DATABASE_URL"] = database_url
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "openbanana", "usage", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=environ, timeout=60,
    )  # fmt: skip


@pytest.fixture
def seeded(tmp_path: Path, database_url: str | None) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db = Database(database_url or sqlite_url(data_dir / "openbanana.db"))
    upgrade(db)
    ledger = SqlUsageLedger(db, PriceTable.default())
    rows = [("k1", "gemini-2.5-flash-image", 0, 200), ("k1", "gemini-2.5-flash-image", 1, 200),
            ("k1", "gemini-3.1-flash-image-preview", 1, 429), ("k2", "gemini-3-pro-image-preview", 2, 200)]  # fmt: skip
    for n, (key, model, day, status) in enumerate(rows):
        ledger.record(
            UsageEntry(
                id=f"u{n}",
                request_id=f"r{n}",
                key_id=key,
                model=model,
                method="generateContent",
                http_status=status,
                status="OK" if status == 200 else "RESOURCE_EXHAUSTED",
                input_text_tokens=5,
                images=1 if status == 200 else 0,
                created_at=NOV1 + day * 86_400,
            )
        )
    db.dispose()
    return data_dir


def test_json_by_day_for_a_key(seeded: Path, database_url: str | None) -> None:
    result = run_cli(seeded, database_url, "--key", "k1", "--by", "day", "--since", "2026-11-01", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["key"] == "k1" and report["by"] == "day" and report["since"] == "2026-11-01T00:00:00Z"
    assert [(r["group"], r["requests"], r["errors"]) for r in report["rows"]] == [
        ("2026-11-01", 1, 0), ("2026-11-02", 2, 1),
    ]  # fmt: skip
    assert report["total"]["images"] == 2 and report["total"]["outputTokens"] == 2580
    assert report["total"]["costUsd"] == pytest.approx(2 * 0.0387 + 10 * 0.30 / 1e6 + 5 * 0.5 / 1e6, abs=1e-6)


def test_table_for_all_keys(seeded: Path, database_url: str | None) -> None:
    result = run_cli(seeded, database_url)
    assert result.returncode == 0, result.stderr
    assert "gemini-3-pro-image-preview" in result.stdout and "Total" in result.stdout
    assert "all keys" in result.stdout


def test_bad_options_are_clear(seeded: Path, database_url: str | None) -> None:
    result = run_cli(seeded, database_url, "--since", "last week")
    assert result.returncode == 2 and "24h, 7d" in result.stderr
    result = run_cli(seeded, database_url, "--by", "key")
    assert result.returncode == 2 and "'model' or 'day'" in result.stderr
    bad = seeded / "prices.toml"
    bad.write_text("batch_multiplier = 'half'")
    result = run_cli(seeded, database_url, env={"OPENBANANA_PRICES": str(bad)})
    assert result.returncode == 1 and f"price table {bad}" in result.stderr and "non-negative number" in result.stderr
