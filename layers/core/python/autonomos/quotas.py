"""Per-tenant quotas in Redis: a request rate limit (token bucket) and a cap on tasks running
at once in the workers (a leased semaphore), so one tenant cannot starve the others."""

from __future__ import annotations

import logging
import time
import uuid

import redis

from autonomos.errors import RateLimited

logger = logging.getLogger("autonomos.quotas")

# KEYS[1] bucket; ARGV: capacity, refill per second, now (s), cost. Returns {allowed, wait}.
# A cost of zero or less always succeeds and gives tokens back (a refund), up to the capacity.
TOKEN_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - at) * rate)
local allowed = 0
local wait = 0
if cost <= 0 or tokens >= cost then
  tokens = math.min(capacity, tokens - cost)
  allowed = 1
else
  wait = (cost - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 60)
return {allowed, tostring(wait)}
"""

# KEYS[1] zset of holders; ARGV: limit, now, lease seconds, token. Returns 1 when acquired.
ACQUIRE_SLOT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])) + 60)
  return 1
end
return 0
"""


class Quotas:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client
        self._bucket = client.register_script(TOKEN_BUCKET)
        self._acquire = client.register_script(ACQUIRE_SLOT)

    def check_rate(self, tenant_id: uuid.UUID, per_minute: int, cost: int = 1) -> None:
        """Raise :class:`RateLimited` (429 with ``Retry-After``) when the tenant's bucket is
        empty. Fails open when Redis is unreachable: an outage must not stop the API."""
        wait = self.take(f"quota:rate:{tenant_id}", per_minute, per_minute / 60.0, cost)
        if wait is not None:
            raise RateLimited(
                f"rate limit of {per_minute} requests per minute exceeded",
                retry_after=int(wait) + 1,
                details={"limit_per_minute": per_minute},
            )

    def take(
        self, key: str, capacity: int, refill_per_second: float, cost: int = 1
    ) -> float | None:
        """Take ``cost`` tokens from the bucket ``key`` (``capacity`` tokens, refilled at
        ``refill_per_second``): ``None`` when taken, else the seconds until they would be.
        A ``cost`` of zero or less gives tokens back. Fails open (``None``) when Redis is
        unreachable: an outage must not stop the API."""
        try:
            allowed, wait = self._bucket(
                keys=[key], args=[capacity, refill_per_second, time.time(), cost]
            )
        except redis.RedisError as exc:
            logger.warning("rate limit %s not enforced, Redis unavailable: %s", key, exc)
            return None
        return None if int(allowed) else float(wait)

    def acquire_slot(self, tenant_id: uuid.UUID, limit: int, lease_seconds: float) -> str | None:
        """A token for one running-task slot of the tenant, or ``None`` when all are held.
        Slots expire after ``lease_seconds`` so a dead worker cannot hold one forever."""
        token = uuid.uuid4().hex
        try:
            acquired = self._acquire(
                keys=[f"quota:running:{tenant_id}"],
                args=[limit, time.time(), lease_seconds, token],
            )
        except redis.RedisError as exc:
            logger.warning("fairness slot not enforced, Redis unavailable: %s", exc)
            return token
        return token if int(acquired) else None

    def extend_slot(self, tenant_id: uuid.UUID, token: str, lease_seconds: float) -> None:
        """Hold the slot for ``lease_seconds`` from now (the claimed task's own lease)."""
        try:
            self._redis.zadd(
                f"quota:running:{tenant_id}", {token: time.time() + lease_seconds}, xx=True
            )
        except redis.RedisError as exc:
            logger.warning("slot lease not extended: %s", exc)

    def release_slot(self, tenant_id: uuid.UUID, token: str) -> None:
        try:
            self._redis.zrem(f"quota:running:{tenant_id}", token)
        except redis.RedisError as exc:
            logger.warning("slot release failed (it will expire): %s", exc)
