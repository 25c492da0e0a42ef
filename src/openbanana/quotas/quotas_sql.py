"""Rate limits kept in the platform database (tables ``quota_events`` and ``quota_leases``).

Check and record happen in one write transaction, so the limit is exact however many threads and server
processes share the database: on SQLite the transaction starts with ``BEGIN IMMEDIATE`` and holds the
database's write lock; on PostgreSQL it locks the key's ``api_keys`` row (``SELECT ... FOR UPDATE``;
a transaction-scoped advisory lock for ids without a row), so admissions for one key queue up while
other keys proceed. Counting uses aggregates over the ``(key_id, at)`` index; rows are fetched one by
one only to compute a refusal's retry delay. Events older than a day and expired leases are pruned
inside the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from openbanana.keys.tiers import Limits
from openbanana.quotas.base import (
    CONCURRENCY_RETRY,
    DAY,
    LEASE_TTL,
    MINUTE,
    NO_LIMITS,
    Admission,
    QuotaDenied,
    Violation,
    rate_state,
)
from openbanana.storage import Database
from openbanana.storage.tables import ApiKeyRow, QuotaEventRow, QuotaLeaseRow


class SqlQuotaLimiter:
    def __init__(self, database: Database, *, lease_ttl: float = LEASE_TTL) -> None:
        self.database = database
        self.lease_ttl = lease_ttl

    def admit(self, key_id: str, limits: Limits, tokens: int, now: float | None = None) -> Admission:
        if limits.unlimited:
            return Admission(key_id, None, NO_LIMITS)
        tokens = max(0, tokens)
        with self.database.write() as session:
            now = time.time() if now is None else now
            self._lock(session, key_id)
            session.execute(delete(QuotaEventRow).where(QuotaEventRow.key_id == key_id, QuotaEventRow.at <= now - DAY))
            session.execute(
                delete(QuotaLeaseRow).where(QuotaLeaseRow.key_id == key_id, QuotaLeaseRow.expires_at <= now)
            )
            in_minute = QuotaEventRow.key_id == key_id, QuotaEventRow.at > now - MINUTE
            count, used, oldest = session.execute(
                select(func.count(), func.coalesce(func.sum(QuotaEventRow.tokens), 0), func.min(QuotaEventRow.at))
                .where(*in_minute)
            ).one()  # fmt: skip
            violations: list[Violation] = []
            if limits.rpm is not None and count + 1 > limits.rpm:
                retry = self._nth_expiry(session, key_id, now, MINUTE, count - limits.rpm)
                violations.append(Violation("rpm", limits.rpm, retry))
            if limits.tpm is not None and used + tokens > limits.tpm:
                excess = used + tokens - limits.tpm
                retry = MINUTE if tokens > limits.tpm else self._tokens_expiry(session, key_id, now, excess)
                violations.append(Violation("tpm", limits.tpm, retry))
            if limits.rpd is not None:
                day_count = session.scalar(
                    select(func.count()).where(QuotaEventRow.key_id == key_id, QuotaEventRow.at > now - DAY)
                ) or 0  # fmt: skip
                if day_count + 1 > limits.rpd:
                    retry = self._nth_expiry(session, key_id, now, DAY, day_count - limits.rpd)
                    violations.append(Violation("rpd", limits.rpd, retry))
            if limits.concurrency is not None:
                leases = session.scalar(select(func.count()).where(QuotaLeaseRow.key_id == key_id)) or 0
                if leases + 1 > limits.concurrency:
                    violations.append(Violation("concurrency", limits.concurrency, CONCURRENCY_RETRY))
            if violations:
                raise QuotaDenied(key_id, violations, rate_state(limits, now, count, used, oldest))
            session.add(QuotaEventRow(key_id=key_id, at=now, tokens=tokens))
            lease_id = None
            if limits.concurrency is not None:
                lease_id = secrets.token_hex(12)
                session.add(QuotaLeaseRow(id=lease_id, key_id=key_id, acquired_at=now, expires_at=now + self.lease_ttl))
            return Admission(key_id, lease_id, rate_state(limits, now, count + 1, used + tokens, oldest or now))

    def release(self, admission: Admission) -> None:
        if admission.lease_id is None:
            return
        with self.database.write() as session:
            session.execute(delete(QuotaLeaseRow).where(QuotaLeaseRow.id == admission.lease_id))

    def _lock(self, session: Session, key_id: str) -> None:
        """Serialise admissions for one key. SQLite's BEGIN IMMEDIATE already serialises every writer."""
        if self.database.is_sqlite:
            return
        locked = session.scalar(select(ApiKeyRow.id).where(ApiKeyRow.id == key_id).with_for_update())
        if locked is None:
            number = int.from_bytes(hashlib.sha256(key_id.encode()).digest()[:8], "big", signed=True)
            session.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": number})

    @staticmethod
    def _nth_expiry(session: Session, key_id: str, now: float, span: float, offset: int) -> float:
        """Seconds until the ``offset``-th oldest event of the window (0-based) leaves it."""
        at = session.scalar(
            select(QuotaEventRow.at).where(QuotaEventRow.key_id == key_id, QuotaEventRow.at > now - span)
            .order_by(QuotaEventRow.at).offset(max(0, offset)).limit(1)
        )  # fmt: skip
        return span if at is None else at + span - now

    @staticmethod
    def _tokens_expiry(session: Session, key_id: str, now: float, excess: int) -> float:
        """Seconds until at least ``excess`` tokens have left the minute window."""
        rows = session.execute(
            select(QuotaEventRow.at, QuotaEventRow.tokens)
            .where(QuotaEventRow.key_id == key_id, QuotaEventRow.at > now - MINUTE).order_by(QuotaEventRow.at)
        )  # fmt: skip
        freed = 0
        for at, spent in rows:
            freed += spent
            if freed >= excess:
                return float(at + MINUTE - now)
        return MINUTE
