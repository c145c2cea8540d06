"""A Redis lock with a fencing token: one holder at a time per key, and a number that grows
with every acquisition so a holder that lost the lock (paused past its TTL) can be refused
when it tries to commit."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from autonomos.errors import ServiceUnavailable

RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class LockTimeout(ServiceUnavailable):
    code = "lock_timeout"


class FencedLock:
    def __init__(self, client: redis.Redis, name: str, ttl_seconds: float) -> None:
        self._redis = client
        self._key = f"lock:{name}"
        self._fence = f"fence:{name}"
        self._ttl_ms = int(ttl_seconds * 1000)
        self._release = client.register_script(RELEASE)

    @contextmanager
    def hold(self, wait_seconds: float) -> Iterator[int]:
        """Hold the lock, yielding this holder's fencing token; waits up to ``wait_seconds``."""
        owner = uuid.uuid4().hex
        deadline = time.monotonic() + wait_seconds
        try:
            while not self._redis.set(self._key, owner, nx=True, px=self._ttl_ms):
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"{self._key} is busy", {"lock": self._key})
                time.sleep(0.05)
            token = int(self._redis.incr(self._fence))
        except redis.RedisError as exc:
            raise ServiceUnavailable("redis unavailable", {"component": "redis"}) from exc
        try:
            yield token
        finally:
            with contextlib.suppress(redis.RedisError):  # else it expires on its own
                self._release(keys=[self._key], args=[owner])
