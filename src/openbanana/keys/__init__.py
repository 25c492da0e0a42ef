"""Managed API keys and their rate-limit tiers."""

from openbanana.keys.base import ApiKey, CreatedKey, KeyStore
from openbanana.keys.keys_sql import SqlKeyStore
from openbanana.keys.tiers import TIERS, UNLIMITED, Limits, tier_limits

__all__ = ["TIERS", "UNLIMITED", "ApiKey", "CreatedKey", "KeyStore", "Limits", "SqlKeyStore", "tier_limits"]
