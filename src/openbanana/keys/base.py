"""Managed API keys: what a key is, how a secret is made and hashed, and the store's interface.

A secret is shown once, at creation; only its SHA-256 is stored (a fast hash is right here: the secret
has 240 random bits, so there is nothing to brute-force), plus a short prefix so an operator can tell
keys apart in ``openbanana keys list``. Secrets never appear in logs or in any stored row.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Protocol

from openbanana.keys.tiers import Limits

SECRET_PREFIX = "ob-"
#: Characters of the secret kept for listings (``ob-`` plus 6 of the random part).
LISTED_PREFIX_CHARS = 9


def new_secret() -> str:
    """``ob-`` + 40 URL-safe characters (240 random bits)."""
    return SECRET_PREFIX + secrets.token_urlsafe(30)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    prefix: str
    tier: str
    #: The effective limits: the tier's, with the key's overrides applied.
    limits: Limits
    #: Only the overrides stored on the key (None: the tier's value).
    overrides: Limits
    created_at: float
    revoked_at: float | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    #: The secret, returned only here; it cannot be recovered later.
    secret: str


class KeyStore(Protocol):
    def create(self, name: str, tier: str, overrides: Limits) -> CreatedKey: ...

    def list(self, *, include_revoked: bool = True) -> list[ApiKey]: ...

    def get(self, key_id: str) -> ApiKey | None: ...

    def revoke(self, key_id: str) -> ApiKey | None:
        """Revoke the key (idempotent); None when no key has that id."""
        ...

    def lookup(self, secret: str) -> ApiKey | None:
        """The active key whose secret this is, or None (unknown or revoked)."""
        ...

    def has_active(self) -> bool:
        """True when at least one key is not revoked (then the server is no longer open)."""
        ...
