"""Rate limits kept in Redis (``OPENBANANA_REDIS_URL``): one Lua script per admission.

A Lua script runs atomically on the Redis server, so check-and-record is exact for every process that
uses that Redis, with no database round trips on the hot path. Per key, a sorted set of admitted
requests (score: admission time; member: ``<random>:<tokens>``) serves both the minute and the day
window, and a sorted set of leases (score: expiry) counts requests in flight. Times come from the Redis
server's clock (``TIME``), so servers on several hosts agree on the windows; both sets expire on their
own when a key goes quiet.
"""

from __future__ import annotations

import secrets
from typing import Any

from openbanana.keys.tiers import Limits
from openbanana.quotas.base import (
    CONCURRENCY_RETRY,
    LEASE_TTL,
    NO_LIMITS,
    Admission,
    QuotaDenied,
    Violation,
    rate_state,
)

PREFIX = "openbanana:quota:"

# KEYS: events, leases. ARGV: now ('' = Redis TIME), rpm, rpd, tpm, concurrency (-1 = none), tokens,
# member id, lease id, lease ttl. Returns {admitted, count, used, oldest, violations...} (floats as strings).
_ADMIT = """
local events, leases = KEYS[1], KEYS[2]
local now = tonumber(ARGV[1])
if not now then local t = redis.call('TIME'); now = tonumber(t[1]) + tonumber(t[2]) / 1000000 end
local rpm, rpd, tpm, conc = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local tokens, ttl = tonumber(ARGV[6]), tonumber(ARGV[9])
redis.call('ZREMRANGEBYSCORE', events, '-inf', now - 86400)
redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
local minute = redis.call('ZRANGEBYSCORE', events, '(' .. (now - 60), '+inf', 'WITHSCORES')
local count, used, oldest = #minute / 2, 0, nil
for i = 1, #minute, 2 do
  used = used + tonumber(string.match(minute[i], ':(%d+)$'))
  if not oldest then oldest = tonumber(minute[i + 1]) end
end
local out = {}
if rpm >= 0 and count + 1 > rpm then
  table.insert(out, 'rpm'); table.insert(out, tostring(tonumber(minute[2 * (count - rpm) + 2]) + 60 - now))
end
if tpm >= 0 and used + tokens > tpm then
  local retry = 60
  if tokens <= tpm then
    local freed, excess = 0, used + tokens - tpm
    for i = 1, #minute, 2 do
      freed = freed + tonumber(string.match(minute[i], ':(%d+)$'))
      if freed >= excess then retry = tonumber(minute[i + 1]) + 60 - now; break end
    end
  end
  table.insert(out, 'tpm'); table.insert(out, tostring(retry))
end
if rpd >= 0 then
  local day = redis.call('ZCOUNT', events, '(' .. (now - 86400), '+inf')
  if day + 1 > rpd then
    local row = redis.call('ZRANGEBYSCORE', events, '(' .. (now - 86400), '+inf', 'WITHSCORES', 'LIMIT', day - rpd, 1)
    table.insert(out, 'rpd'); table.insert(out, tostring(tonumber(row[2]) + 86400 - now))
  end
end
if conc >= 0 and redis.call('ZCARD', leases) + 1 > conc then
  table.insert(out, 'concurrency'); table.insert(out, ARGV[10])
end
local head = {0, count, used, tostring(oldest or -1), tostring(now)}
if #out > 0 then
  for _, v in ipairs(out) do table.insert(head, v) end
  return head
end
redis.call('ZADD', events, now, ARGV[7] .. ':' .. tokens)
redis.call('EXPIRE', events, 86400 + 60)
if conc >= 0 then
  redis.call('ZADD', leases, now + ttl, ARGV[8])
  redis.call('EXPIRE', leases, math.ceil(ttl) + 60)
end
return {1, count + 1, used + tokens, tostring(oldest or now), tostring(now)}
"""


class RedisQuotaLimiter:
    def __init__(self, url: str, *, lease_ttl: float = LEASE_TTL) -> None:
        import redis

        self.client: Any = redis.Redis.from_url(url)
        self.lease_ttl = lease_ttl
        self._admit = self.client.register_script(_ADMIT)

    def admit(self, key_id: str, limits: Limits, tokens: int, now: float | None = None) -> Admission:
        if limits.unlimited:
            return Admission(key_id, None, NO_LIMITS)
        lease_id = secrets.token_hex(12)
        args: list[str | int | float] = [
            "" if now is None else repr(now), *(-1 if v is None else v for v in (limits.rpm, limits.rpd, limits.tpm)),
            -1 if limits.concurrency is None else limits.concurrency, max(0, tokens), secrets.token_hex(8), lease_id,
            self.lease_ttl, CONCURRENCY_RETRY,
        ]  # fmt: skip
        reply = self._admit(keys=[PREFIX + key_id + ":events", PREFIX + key_id + ":leases"], args=args)
        admitted, count, used = (int(value) for value in reply[:3])
        oldest, at = float(reply[3]), float(reply[4])
        state = rate_state(limits, at, count, used, None if oldest < 0 else oldest)
        if not admitted:
            raw = [item.decode() if isinstance(item, bytes) else str(item) for item in reply[5:]]
            values = {"rpm": limits.rpm, "rpd": limits.rpd, "tpm": limits.tpm, "concurrency": limits.concurrency}
            violations = [
                Violation(name, values[name] or 0, float(raw[i + 1])) for i, name in enumerate(raw) if i % 2 == 0
            ]
            raise QuotaDenied(key_id, violations, state)
        return Admission(key_id, lease_id if limits.concurrency is not None else None, state)

    def release(self, admission: Admission) -> None:
        if admission.lease_id is not None:
            self.client.zrem(PREFIX + admission.key_id + ":leases", admission.lease_id)
