"""Cancel flags in Redis: set by the API, checked by running tasks between steps."""

from __future__ import annotations

import logging
import uuid

import redis

logger = logging.getLogger("autonomos.tasks")
TTL_SECONDS = 86_400


class CancelFlags:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    def set(self, task_id: uuid.UUID) -> None:
        try:
            self._redis.set(f"task:cancel:{task_id}", 1, ex=TTL_SECONDS)
        except redis.RedisError as exc:  # the DB flag still stops it at its next claim
            logger.warning("cancel flag not set in Redis: %s", exc)

    def is_set(self, task_id: uuid.UUID) -> bool:
        try:
            return bool(self._redis.exists(f"task:cancel:{task_id}"))
        except redis.RedisError:
            return False
