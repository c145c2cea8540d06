"""Liveness of the platform's dependencies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis
from botocore.exceptions import BotoCoreError, ClientError

from autonomos.cache import ping
from autonomos.config import Settings
from autonomos.db import Database
from autonomos.errors import AppError


class HealthService:
    def __init__(
        self, db: Database, cache: redis.Redis, sqs: Callable[[], Any], settings: Settings
    ) -> None:
        self._db = db
        self._redis = cache
        self._sqs = sqs
        self._settings = settings

    def check(self) -> dict[str, str]:
        """``{"status", "database", "redis", "queue"}``; each part ``ok`` or ``down``."""
        report = {
            "database": self._probe(self._db.ping),
            "redis": self._probe(lambda: ping(self._redis)),
            "queue": self._probe(self._queue),
        }
        report = {"status": "ok" if all(v == "ok" for v in report.values()) else "down", **report}
        return report

    def _queue(self) -> None:
        if not self._settings.tasks_queue_url:
            raise RuntimeError("no tasks queue configured")
        self._sqs().get_queue_attributes(
            QueueUrl=self._settings.tasks_queue_url, AttributeNames=["QueueArn"]
        )

    @staticmethod
    def _probe(check: Callable[[], None]) -> str:
        try:
            check()
        except (AppError, BotoCoreError, ClientError, RuntimeError, OSError):
            return "down"
        return "ok"
