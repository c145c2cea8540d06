"""Redis connections (``REDIS_URL``; ``unix://`` sockets included)."""

from __future__ import annotations

import redis

from autonomos.errors import ServiceUnavailable


def connect(url: str) -> redis.Redis:
    """A pooled client with short timeouts, so an outage turns into a 503 quickly."""
    return redis.Redis.from_url(
        url, socket_timeout=3, socket_connect_timeout=3, health_check_interval=30
    )


def ping(client: redis.Redis) -> None:
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ServiceUnavailable("redis unavailable", {"component": "redis"}) from exc
