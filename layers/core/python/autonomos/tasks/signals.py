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


class SeenMarks:
    """Short-lived marks that a worker saw a task's message (set when it defers one), so the
    stalled-task sweep does not re-enqueue tasks whose message is merely waiting its turn."""

    def __init__(self, client: redis.Redis, ttl_seconds: int) -> None:
        self._redis = client
        self._ttl = ttl_seconds

    def mark(self, task_ids: list[str]) -> None:
        if not task_ids:
            return
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                for task_id in task_ids:
                    pipe.set(f"task:seen:{task_id}", 1, ex=self._ttl)
                pipe.execute()
        except redis.RedisError as exc:
            logger.warning("seen marks not set: %s", exc)

    def seen(self, task_ids: list[str]) -> set[str]:
        if not task_ids:
            return set()
        try:
            values = self._redis.mget([f"task:seen:{t}" for t in task_ids])
        except redis.RedisError:
            return set()
        return {t for t, v in zip(task_ids, values, strict=True) if v is not None}
