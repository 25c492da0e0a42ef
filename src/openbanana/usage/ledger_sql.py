"""The usage ledger on the platform database: one ``usage`` row per request, and the report queries.

Entries are priced when written (the price table of the moment is what the request cost), so a later
price change never rewrites history. Reports aggregate in SQL, grouped by model or by UTC day, with
one expression per dialect for the day (SQLite's ``strftime`` / PostgreSQL's ``to_char``), so a large
ledger is never loaded into Python.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from openbanana.storage import Database
from openbanana.storage.tables import UsageRow
from openbanana.usage.base import UsageEntry
from openbanana.usage.prices import PriceTable, image_tokens

GroupBy = Literal["model", "day"]


@dataclass(frozen=True)
class UsageTotals:
    """One report line: ``group`` is the model id, the UTC day (``YYYY-MM-DD``), or ``"total"``."""

    group: str
    requests: int
    errors: int
    input_tokens: int
    output_tokens: int
    images: int
    cost_usd: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SqlUsageLedger:
    """:class:`~openbanana.usage.base.UsageLedger` on the ``usage`` table. Thread-safe: every call uses
    its own session (or the caller's)."""

    def __init__(self, database: Database, prices: PriceTable) -> None:
        self.database = database
        self.prices = prices

    def record(self, entry: UsageEntry) -> None:
        with self.database.write() as session:
            self.record_in(session, entry)

    def record_in(self, session: Session, entry: UsageEntry) -> None:
        session.add(self._row(entry))
        session.flush()

    def get(self, entry_id: str) -> UsageEntry | None:
        """The entry with this id (how a watermark's mark leads back to the request that made an image)."""
        with self.database.read() as session:
            row = session.get(UsageRow, entry_id)
            if row is None:
                return None
            return UsageEntry(**{name: getattr(row, name) for name in UsageEntry.__dataclass_fields__})

    def priced(self, entry: UsageEntry) -> UsageEntry:
        """``entry`` with its id, time, image tokens (Google's per-image count from the catalog, when
        only the images were counted) and cost filled in where they were left empty."""
        changes: dict[str, Any] = {}
        if entry.images and not entry.output_image_tokens:
            entry = replace(entry, output_image_tokens=entry.images * image_tokens(entry.model, entry.image_size))
        if not entry.id:
            changes["id"] = uuid.uuid4().hex
        if not entry.created_at:
            changes["created_at"] = time.time()
        if not entry.cost_usd:
            changes["cost_usd"] = self.prices.cost(entry)
        return replace(entry, **changes) if changes else entry

    def _row(self, entry: UsageEntry) -> UsageRow:
        return UsageRow(**asdict(self.priced(entry)))

    def totals(
        self, *, key_id: str | None = None, since: float | None = None, by: GroupBy | None = None
    ) -> list[UsageTotals]:
        """Totals of the entries of ``key_id`` (all keys when None) at or after ``since`` (epoch s),
        one line per model or UTC day (ordered), or a single ``"total"`` line when ``by`` is None."""
        u = UsageRow.__table__.c
        group: ColumnElement[Any] | None = None
        if by == "model":
            group = u.model
        elif by == "day":
            group = self._day(u.created_at)
        elif by is not None:
            raise ValueError(f"by must be 'model' or 'day', not {by!r}")
        columns = [
            func.count().label("requests"),
            func.coalesce(func.sum(case((u.http_status != 200, 1), else_=0)), 0).label("errors"),
            func.coalesce(func.sum(u.input_text_tokens + u.input_image_tokens), 0).label("input_tokens"),
            func.coalesce(func.sum(u.output_text_tokens + u.output_image_tokens + u.thought_tokens), 0).label(
                "output_tokens"
            ),
            func.coalesce(func.sum(u.images), 0).label("images"),
            func.coalesce(func.sum(u.cost_usd), 0.0).label("cost_usd"),
        ]
        query = select(*([group.label("grp")] if group is not None else []), *columns)
        if key_id is not None:
            query = query.where(u.key_id == key_id)
        if since is not None:
            query = query.where(u.created_at >= since)
        if group is not None:
            query = query.group_by(group).order_by(group)
        with self.database.read() as session:
            rows = session.execute(query).all()
        out = []
        for row in rows:
            m = row._mapping
            if group is None and not m["requests"]:
                continue
            out.append(
                UsageTotals(
                    group=str(m["grp"]) if group is not None else "total",
                    requests=int(m["requests"]),
                    errors=int(m["errors"]),
                    input_tokens=int(m["input_tokens"]),
                    output_tokens=int(m["output_tokens"]),
                    images=int(m["images"]),
                    cost_usd=round(float(m["cost_usd"]), 6),
                )
            )
        return out

    def count(self, *, key_id: str | None = None) -> int:
        """Number of entries (of ``key_id``, or all)."""
        query = select(func.count()).select_from(UsageRow)
        if key_id is not None:
            query = query.where(UsageRow.key_id == key_id)
        with self.database.read() as session:
            return int(session.execute(query).scalar_one())

    def _day(self, created_at: ColumnElement[float]) -> ColumnElement[str]:
        """The UTC calendar day of an epoch-seconds column, as ``YYYY-MM-DD``, computed by the database."""
        if self.database.is_sqlite:
            return func.strftime("%Y-%m-%d", created_at, "unixepoch")
        if self.database.dialect == "postgresql":
            return func.to_char(func.timezone("UTC", func.to_timestamp(created_at)), "YYYY-MM-DD")
        raise NotImplementedError(f"usage by day on {self.database.dialect}")
