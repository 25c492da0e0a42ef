"""The key store: secrets shown once and stored as SHA-256 only, tiers and overrides, revocation."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from openbanana.config import Settings
from openbanana.keys import TIERS, Limits, SqlKeyStore, tier_limits
from openbanana.services import open_database
from openbanana.storage.tables import ApiKeyRow

pytestmark = pytest.mark.platform


@pytest.fixture
def store(tmp_path: Path, database_url: str | None) -> Iterator[SqlKeyStore]:
    database = open_database(Settings(database_url=database_url), tmp_path)
    yield SqlKeyStore(database)
    database.dispose()


def test_tiers_follow_googles_table() -> None:
    assert {name: (t.rpm, t.rpd) for name, t in TIERS.items()} == {
        "free": (60, 1_500), "tier1": (500, 10_000), "tier2": (2_000, 50_000), "tier3": (4_000, 100_000),
    }  # fmt: skip
    assert all(t.tpm and t.concurrency for t in TIERS.values())
    with pytest.raises(ValueError, match="unknown tier"):
        tier_limits("gold")


def test_create_stores_only_the_hash(store: SqlKeyStore) -> None:
    created = store.create("ci", "tier2", Limits(rpm=7, concurrency=3))
    assert re.fullmatch(r"ob-[A-Za-z0-9_-]{40}", created.secret)
    key = created.key
    assert key.limits == Limits(rpm=7, rpd=50_000, tpm=TIERS["tier2"].tpm, concurrency=3)
    assert key.overrides == Limits(rpm=7, concurrency=3)
    assert created.secret.startswith(key.prefix) and len(key.prefix) < 12
    with store.database.read() as session:
        row = session.scalars(select(ApiKeyRow)).one()
    assert row.key_hash == hashlib.sha256(created.secret.encode()).hexdigest()
    assert created.secret not in {str(v) for v in vars(row).values()}
    assert store.lookup(created.secret) == key
    assert store.lookup(created.secret + "x") is None
    assert store.create("other", "free", Limits()).secret != created.secret


def test_revoke_list_and_active(store: SqlKeyStore) -> None:
    assert not store.has_active() and store.list() == []
    a = store.create("a", "free", Limits())
    b = store.create("b", "tier1", Limits())
    assert store.has_active()
    revoked = store.revoke(a.key.id)
    assert revoked is not None and revoked.revoked_at is not None and not revoked.active
    assert store.revoke(a.key.id) == revoked  # idempotent: the first revocation time stays
    assert store.revoke("key_missing") is None
    assert store.lookup(a.secret) is None and store.lookup(b.secret) is not None
    assert [k.name for k in store.list()] == ["a", "b"]
    assert [k.name for k in store.list(include_revoked=False)] == ["b"]
    store.revoke(b.key.id)
    assert not store.has_active()


def test_bad_input(store: SqlKeyStore) -> None:
    with pytest.raises(ValueError, match="unknown tier"):
        store.create("x", "platinum", Limits())
    with pytest.raises(ValueError, match="positive"):
        store.create("x", "free", Limits(rpm=0))
    assert store.list() == []
