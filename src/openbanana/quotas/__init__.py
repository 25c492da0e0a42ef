"""Per-key rate limits (requests per minute and per day, input tokens per minute, concurrency)."""

from __future__ import annotations

from openbanana.config import Settings
from openbanana.quotas.base import Admission, QuotaDenied, QuotaLimiter, RateState, Violation
from openbanana.quotas.quotas_sql import SqlQuotaLimiter
from openbanana.storage import Database

__all__ = [
    "Admission", "QuotaDenied", "QuotaLimiter", "RateState", "SqlQuotaLimiter", "Violation", "create_quota_limiter",
]  # fmt: skip


def create_quota_limiter(settings: Settings, database: Database) -> QuotaLimiter:
    """Redis when ``OPENBANANA_REDIS_URL`` is set (windows shared by every process using that Redis),
    else the platform database."""
    if settings.redis_url:
        from openbanana.quotas.quotas_redis import RedisQuotaLimiter

        return RedisQuotaLimiter(settings.redis_url)
    return SqlQuotaLimiter(database)
