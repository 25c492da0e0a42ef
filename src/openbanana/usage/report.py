"""Usage reports: one shape for ``openbanana usage --json`` and ``GET /{v}/openbanana/usage``.

``since`` is a UTC date (``2026-11-01``), a UTC date-time (``2026-11-01T12:00``, ``Z``/offset allowed)
or a look-back (``30m``, ``24h``, ``7d``, ``2w``). Rows come grouped by model or by UTC day, plus a
total over all of them.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any

from rich.table import Table

from openbanana.usage.ledger_sql import GroupBy, SqlUsageLedger, UsageTotals

_LOOKBACK = re.compile(r"^(\d{1,6})([mhdw])$")
_UNIT_S = {"m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400}
GROUPINGS: tuple[GroupBy, ...] = ("model", "day")


def parse_since(text: str, *, now: float | None = None) -> float:
    """Epoch seconds for ``text`` (see the module docstring); ValueError with the accepted forms."""
    value = text.strip()
    match = _LOOKBACK.match(value.lower())
    if match:
        return (time.time() if now is None else now) - int(match.group(1)) * _UNIT_S[match.group(2)]
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"invalid since {text!r}: use a UTC date (2026-11-01), a date-time (2026-11-01T12:00Z) "
            "or a look-back such as 30m, 24h, 7d, 2w"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def parse_by(text: str | None) -> GroupBy:
    value = (text or "model").strip().lower()
    if value == "model":
        return "model"
    if value == "day":
        return "day"
    raise ValueError(f"invalid by {text!r}: use 'model' or 'day'")


def _wire(line: UsageTotals) -> dict[str, Any]:
    return {
        "group": line.group, "requests": line.requests, "errors": line.errors, "inputTokens": line.input_tokens,
        "outputTokens": line.output_tokens, "images": line.images, "costUsd": line.cost_usd,
    }  # fmt: skip


def build_report(ledger: SqlUsageLedger, *, key_id: str | None, since: float | None, by: GroupBy) -> dict[str, Any]:
    """The report as JSON-ready data (camelCase, like the rest of the API)."""
    rows = ledger.totals(key_id=key_id, since=since, by=by)
    total = ledger.totals(key_id=key_id, since=since)
    empty = UsageTotals("total", 0, 0, 0, 0, 0, 0.0)
    return {
        "key": key_id,
        "since": datetime.fromtimestamp(since, UTC).isoformat().replace("+00:00", "Z") if since is not None else None,
        "by": by,
        "currency": "USD",
        "prices": ledger.prices.source,
        "rows": [_wire(r) for r in rows],
        "total": _wire(total[0] if total else empty),
    }


def report_table(report: dict[str, Any]) -> Table:
    """The report as a rich table (the CLI's default output)."""
    scope = f"key {report['key']}" if report["key"] else "all keys"
    since = f" since {report['since']}" if report["since"] else ""
    table = Table(title=f"Usage by {report['by']} — {scope}{since}")
    table.add_column(report["by"].capitalize())
    for name in ("Requests", "Errors", "Input tokens", "Output tokens", "Images", "Cost (USD)"):
        table.add_column(name, justify="right")

    def cells(row: dict[str, Any]) -> list[str]:
        return [
            f"{row['requests']:,}", f"{row['errors']:,}", f"{row['inputTokens']:,}", f"{row['outputTokens']:,}",
            f"{row['images']:,}", f"{row['costUsd']:,.4f}",
        ]  # fmt: skip

    for row in report["rows"]:
        table.add_row(row["group"], *cells(row))
    table.add_section()
    table.add_row("Total", *cells(report["total"]), style="bold")
    return table
