"""The SQL usage ledger: entries priced on write, in or out of a caller's transaction, and reports
grouped by model and by UTC day computed in SQL (SQLite, and PostgreSQL with ``--postgres``)."""

from __future__ import annotations

import calendar
import threading

import pytest
from sqlalchemy.exc import IntegrityError

from openbanana.storage import Database
from openbanana.storage.tables import UsageRow
from openbanana.usage.base import UsageEntry
from openbanana.usage.ledger_sql import SqlUsageLedger
from openbanana.usage.prices import PriceTable

pytestmark = pytest.mark.platform

DAY1 = float(calendar.timegm((2026, 11, 1, 23, 59, 30)))  # 30 s before midnight UTC
DAY2 = DAY1 + 60  # just after midnight: the next UTC day


def entry(n: int, **kw: object) -> UsageEntry:
    values: dict[str, object] = dict(
        id=f"u{n}", request_id=f"r{n}", key_id="k1", model="gemini-2.5-flash-image", method="generateContent",
        http_status=200, status="OK", input_text_tokens=10, output_image_tokens=1290, images=1, created_at=DAY1,
    )  # fmt: skip
    values.update(kw)
    return UsageEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def ledger(database: Database) -> SqlUsageLedger:
    return SqlUsageLedger(database, PriceTable.default())


def test_record_prices_the_entry(ledger: SqlUsageLedger, database: Database) -> None:
    ledger.record(entry(1))
    with database.read() as session:
        row = session.get(UsageRow, "u1")
    assert row is not None
    # 10 text tokens at $0.30/1M + one 1290-token image at $30/1M = $0.000003 + $0.0387
    assert row.cost_usd == pytest.approx(0.0387 + 0.000003)
    assert row.images == 1 and row.model == "gemini-2.5-flash-image"


def test_given_cost_is_kept_and_empty_fields_filled(ledger: SqlUsageLedger, database: Database) -> None:
    ledger.record(entry(1, cost_usd=1.25))
    ledger.record(entry(2, id="", created_at=0.0))
    with database.read() as session:
        rows = {r.request_id: r for r in session.query(UsageRow).all()}
    assert rows["r1"].cost_usd == 1.25
    assert len(rows["r2"].id) == 32 and rows["r2"].created_at > DAY2


def test_batch_entry_costs_half(ledger: SqlUsageLedger) -> None:
    ledger.record(entry(1, batch_id="b1", input_text_tokens=0))
    (line,) = ledger.totals()
    assert line.cost_usd == pytest.approx(0.0387 / 2)


def test_record_in_commits_and_rolls_back_with_the_caller(ledger: SqlUsageLedger, database: Database) -> None:
    with database.write() as session:
        ledger.record_in(session, entry(1))
    with pytest.raises(RuntimeError), database.write() as session:
        ledger.record_in(session, entry(2))
        raise RuntimeError("the batch item failed to commit")
    assert ledger.count() == 1


def test_duplicate_id_is_refused(ledger: SqlUsageLedger) -> None:
    ledger.record(entry(1))
    with pytest.raises(IntegrityError):  # an entry is written once
        ledger.record(entry(1))
    assert ledger.count() == 1


def test_totals_by_model_day_key_since(ledger: SqlUsageLedger) -> None:
    ledger.record(entry(1))
    ledger.record(entry(2, http_status=429, status="RESOURCE_EXHAUSTED", output_image_tokens=0, images=0))
    ledger.record(entry(3, model="gemini-3-pro-image-preview", image_size="4K", output_image_tokens=2000,
                        created_at=DAY2))  # fmt: skip
    ledger.record(entry(4, key_id="k2", created_at=DAY2, thought_tokens=5, output_text_tokens=7))

    (total,) = ledger.totals()
    assert (total.group, total.requests, total.errors, total.images) == ("total", 4, 1, 3)
    assert total.input_tokens == 40 and total.output_tokens == 1290 + 2000 + 1290 + 12

    by_model = {t.group: t for t in ledger.totals(by="model")}
    assert list(by_model) == ["gemini-2.5-flash-image", "gemini-3-pro-image-preview"]
    assert by_model["gemini-3-pro-image-preview"].cost_usd == pytest.approx(0.24 + 10 * 2 / 1e6)
    assert by_model["gemini-2.5-flash-image"].requests == 3

    by_day = ledger.totals(by="day")
    assert [(t.group, t.requests) for t in by_day] == [("2026-11-01", 2), ("2026-11-02", 2)]

    k1 = ledger.totals(key_id="k1", by="day")
    assert [(t.group, t.requests, t.errors) for t in k1] == [("2026-11-01", 2, 1), ("2026-11-02", 1, 0)]
    assert [t.requests for t in ledger.totals(since=DAY2)] == [2]
    assert ledger.totals(key_id="nobody") == []
    assert ledger.totals(key_id="nobody", by="model") == []
    assert sum(t.cost_usd for t in by_day) == pytest.approx(total.cost_usd)


def test_concurrent_writers_lose_nothing(ledger: SqlUsageLedger) -> None:
    def write(start: int) -> None:
        for n in range(start, start + 20):
            ledger.record(entry(n))

    threads = [threading.Thread(target=write, args=(i * 100,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ledger.count() == 80
    assert ledger.totals()[0].images == 80
