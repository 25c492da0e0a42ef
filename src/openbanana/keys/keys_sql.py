"""Managed API keys in the platform database (table ``api_keys``)."""

from __future__ import annotations

import secrets
import time

from sqlalchemy import select

from openbanana.keys.base import LISTED_PREFIX_CHARS, ApiKey, CreatedKey, hash_secret, new_secret
from openbanana.keys.tiers import Limits, tier_limits
from openbanana.storage import Database
from openbanana.storage.tables import ApiKeyRow


def _to_key(row: ApiKeyRow) -> ApiKey:
    overrides = Limits(rpm=row.rpm, rpd=row.rpd, tpm=row.tpm, concurrency=row.concurrency)
    limits = tier_limits(row.tier).with_overrides(rpm=row.rpm, rpd=row.rpd, tpm=row.tpm, concurrency=row.concurrency)
    return ApiKey(
        id=row.id, name=row.name, prefix=row.prefix, tier=row.tier, limits=limits, overrides=overrides,
        created_at=row.created_at, revoked_at=row.revoked_at,
    )  # fmt: skip


class SqlKeyStore:
    """Thread-safe: every call is its own short transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def create(self, name: str, tier: str, overrides: Limits) -> CreatedKey:
        tier_limits(tier)  # ValueError for an unknown tier, before anything is written
        for value in (overrides.rpm, overrides.rpd, overrides.tpm, overrides.concurrency):
            if value is not None and value < 1:
                raise ValueError("limits must be positive integers")
        secret = new_secret()
        row = ApiKeyRow(
            id="key_" + secrets.token_hex(8), name=name, prefix=secret[:LISTED_PREFIX_CHARS],
            key_hash=hash_secret(secret), tier=tier, rpm=overrides.rpm, rpd=overrides.rpd, tpm=overrides.tpm,
            concurrency=overrides.concurrency, created_at=time.time(), revoked_at=None,
        )  # fmt: skip
        with self.database.write() as session:
            session.add(row)
        return CreatedKey(_to_key(row), secret)

    def list(self, *, include_revoked: bool = True) -> list[ApiKey]:
        query = select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.id)
        if not include_revoked:
            query = query.where(ApiKeyRow.revoked_at.is_(None))
        with self.database.read() as session:
            return [_to_key(row) for row in session.scalars(query)]

    def get(self, key_id: str) -> ApiKey | None:
        with self.database.read() as session:
            row = session.get(ApiKeyRow, key_id)
            return _to_key(row) if row is not None else None

    def revoke(self, key_id: str) -> ApiKey | None:
        with self.database.write() as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None:
                return None
            if row.revoked_at is None:
                row.revoked_at = time.time()
            return _to_key(row)

    def lookup(self, secret: str) -> ApiKey | None:
        # The hash is the lookup key, so no secret is ever compared character by character.
        with self.database.read() as session:
            row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_secret(secret))).first()
            return _to_key(row) if row is not None and row.revoked_at is None else None

    def has_active(self) -> bool:
        with self.database.read() as session:
            query = select(ApiKeyRow.id).where(ApiKeyRow.revoked_at.is_(None)).limit(1)
            return session.scalars(query).first() is not None
