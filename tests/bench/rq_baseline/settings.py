"""What the baseline's processes read from their environment (set by the launcher)."""

from __future__ import annotations

import os
from dataclasses import dataclass

PREFIX = "RQB_"


@dataclass(frozen=True)
class BaselineEnv:
    database_url: str
    redis_url: str
    jwt_secret: str
    queue: str
    pool_size: int

    def to_env(self) -> dict[str, str]:
        return {
            f"{PREFIX}DATABASE_URL": self.database_url,
            f"{PREFIX}REDIS_URL": self.redis_url,
            f"{PREFIX}JWT_SECRET": self.jwt_secret,
            f"{PREFIX}QUEUE": self.queue,
            f"{PREFIX}POOL_SIZE": str(self.pool_size),
        }

    @classmethod
    def from_env(cls) -> BaselineEnv:
        return cls(
            database_url=os.environ[f"{PREFIX}DATABASE_URL"],
            redis_url=os.environ[f"{PREFIX}REDIS_URL"],
            jwt_secret=os.environ[f"{PREFIX}JWT_SECRET"],
            queue=os.environ[f"{PREFIX}QUEUE"],
            pool_size=int(os.environ.get(f"{PREFIX}POOL_SIZE", "8")),
        )
