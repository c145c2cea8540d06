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

# KEYS[1] zset of holders; ARGV: limit, now, lease seconds, tokens... Adds as many of the
# tokens, in order, as there are free slots; returns how many it added.
ACQUIRE_SLOTS = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
local taken = 0
for i = 4, #ARGV do
  if taken >= free then break end
  redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[i])
  taken = taken + 1
end
if taken > 0 then
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])) + 60)
end
return taken
"""


LONG_RUNNING_POOL = "long-running"


def tenant_pool(tenant_id: uuid.UUID) -> str:
    """The pool of a tenant's running-task slots."""
    return f"running:{tenant_id}"


class Quotas:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client
        self._bucket = client.register_script(TOKEN_BUCKET)
        self._acquire = client.register_script(ACQUIRE_SLOTS)

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

    def acquire_slots(
        self, pool: str, count: int, limit: int, lease_seconds: float
    ) -> list[str | None]:
        """``count`` requests for slots of ``pool`` (:func:`tenant_pool` or
        :data:`LONG_RUNNING_POOL`; at most ``limit`` held at once), answered in one round
        trip: a token per granted slot, ``None`` for the rest. Slots expire after
        ``lease_seconds`` so a dead worker cannot hold one forever. Fails open (every slot
        granted) when Redis is unreachable."""
        tokens = [uuid.uuid4().hex for _ in range(count)]
        if not tokens:
            return []
        try:
            taken = int(
                self._acquire(
                    keys=[f"quota:{pool}"],
                    args=[limit, time.time(), lease_seconds, *tokens],
                )
            )
        except redis.RedisError as exc:
            logger.warning("fairness slots not enforced, Redis unavailable: %s", exc)
            taken = count
        return [token if i < taken else None for i, token in enumerate(tokens)]

    def extend_slots(self, pool: str, leases: dict[str, float]) -> None:
        """Hold each slot (token → seconds) for its seconds from now (its task's own lease)."""
        if not leases:
            return
        now = time.time()
        try:
            self._redis.zadd(
                f"quota:{pool}",
                {token: now + seconds for token, seconds in leases.items()},
                xx=True,
            )
        except redis.RedisError as exc:
            logger.warning("slot leases not extended: %s", exc)

    def release_slots(self, pool: str, tokens: list[str]) -> None:
        if not tokens:
            return
        try:
            self._redis.zrem(f"quota:{pool}", *tokens)
        except redis.RedisError as exc:
            logger.warning("slot release failed (they will expire): %s", exc)
