"""The ``marks`` table: which request made the image a watermark's mark id points to.

A row is written for every stamped output, before it is returned. Mark ids are short (they must fit in
the 32-bit watermark next to the check bits), so over a server's life several outputs share an id;
``find`` returns them newest first, and a verifier that has the exact bytes narrows it by SHA-256.
"""

from __future__ import annotations

from sqlalchemy import select

from openbanana.provenance.base import Action, MarkRecord
from openbanana.storage import Database
from openbanana.storage.tables import MarkRow


class SqlMarkStore:
    """Thread- and process-safe: every call is one short transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, record: MarkRecord) -> None:
        with self.database.write() as session:
            session.add(
                MarkRow(
                    mark_id=record.mark_id, usage_id=record.usage_id, model=record.model, action=record.action,
                    sha256=record.sha256, mime_type=record.mime_type, width=record.width, height=record.height,
                    created_at=record.created_at, thumbnail=record.thumbnail,
                )
            )  # fmt: skip

    def find(self, mark_id: int, limit: int = 10) -> list[MarkRecord]:
        with self.database.read() as session:
            rows = session.scalars(
                select(MarkRow).where(MarkRow.mark_id == mark_id).order_by(MarkRow.id.desc()).limit(limit)
            ).all()
        return [_record(row) for row in rows]

    def by_sha256(self, sha256: str) -> MarkRecord | None:
        with self.database.read() as session:
            row = session.scalars(
                select(MarkRow).where(MarkRow.sha256 == sha256).order_by(MarkRow.id.desc()).limit(1)
            ).first()
        return _record(row) if row is not None else None


def _record(row: MarkRow) -> MarkRecord:
    action: Action = "c2pa.edited" if row.action == "c2pa.edited" else "c2pa.created"
    return MarkRecord(
        mark_id=row.mark_id, usage_id=row.usage_id, model=row.model, action=action, sha256=row.sha256,
        mime_type=row.mime_type, width=row.width, height=row.height, created_at=row.created_at,
        thumbnail=row.thumbnail,
    )  # fmt: skip
