"""Report parsing and shape: ``since`` forms, ``by``, the JSON report and the rich table."""

from __future__ import annotations

import calendar

import pytest
from rich.console import Console

from openbanana.storage import Database
from openbanana.usage.base import UsageEntry
from openbanana.usage.ledger_sql import SqlUsageLedger
from openbanana.usage.prices import PriceTable
from openbanana.usage.report import build_report, parse_by, parse_since, report_table

NOV1 = float(calendar.timegm((2026, 11, 1, 0, 0, 0)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01", NOV1),
        ("2026-11-01T12:30", NOV1 + 12.5 * 3600),
        ("2026-11-01T12:30Z", NOV1 + 12.5 * 3600),
        ("2026-11-01T12:30:00+02:00", NOV1 + 10.5 * 3600),
        ("24h", 1e9 - 86_400),
        ("7d", 1e9 - 7 * 86_400),
        ("30m", 1e9 - 1800),
        ("2W", 1e9 - 14 * 86_400),
    ],
)
def test_parse_since(text: str, expected: float) -> None:
    assert parse_since(text, now=1e9) == expected


@pytest.mark.parametrize("text", ["yesterday", "7", "-1d", "1y", "2026-13-01", ""])
def test_parse_since_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="24h, 7d"):
        parse_since(text)


def test_parse_by() -> None:
    assert parse_by(None) == "model" and parse_by("DAY") == "day"
    with pytest.raises(ValueError, match="'model' or 'day'"):
        parse_by("key")


@pytest.mark.platform
def test_report_and_table(database: Database) -> None:
    ledger = SqlUsageLedger(database, PriceTable.default())
    for n, model in enumerate(["gemini-2.5-flash-image", "gemini-2.5-flash-image", "gemini-3-pro-image-preview"]):
        entry = UsageEntry(
            id=f"u{n}", request_id=f"r{n}", key_id="k1", model=model, method="generateContent", http_status=200,
            status="OK", input_text_tokens=7, images=1, created_at=NOV1 + n * 86_400,
        )  # fmt: skip
        ledger.record(entry)
    report = build_report(ledger, key_id="k1", since=NOV1 + 1, by="model")
    assert report["since"] == "2026-11-01T00:00:01Z" and report["key"] == "k1" and report["currency"] == "USD"
    assert [(r["group"], r["requests"]) for r in report["rows"]] == [
        ("gemini-2.5-flash-image", 1), ("gemini-3-pro-image-preview", 1),
    ]  # fmt: skip
    assert report["total"]["requests"] == 2
    assert report["total"]["costUsd"] == pytest.approx(0.0387 + 0.1344 + 7 * (0.30 + 2.0) / 1e6)
    assert set(report["rows"][0]) == {"group", "requests", "errors", "inputTokens", "outputTokens", "images", "costUsd"}

    console = Console(record=True, width=140)
    console.print(report_table(build_report(ledger, key_id=None, since=None, by="day")))
    text = console.export_text()
    assert "2026-11-03" in text and "Total" in text and "all keys" in text and "0.2118" in text and "3,700" in text

    empty = build_report(ledger, key_id="nobody", since=None, by="day")
    assert empty["rows"] == [] and empty["total"]["requests"] == 0
