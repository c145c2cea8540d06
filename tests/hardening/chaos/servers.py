"""The PostgreSQL and Redis servers the chaos suite owns (embedded, in a temporary folder),
so it can stop and start them under the running stack. URLs stay the same across restarts:
PostgreSQL keeps its socket folder, Redis a fixed socket path."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from autonomos.db.urls import with_database
from infra.embedded import EmbeddedPostgres, EmbeddedRedis, start_postgres, start_redis

DATABASE = "chaos"


@dataclass(frozen=True)
class OwnedServers:
    postgres: EmbeddedPostgres
    redis: EmbeddedRedis
    database_url: str  # the owner's URL of the suite's database
    redis_url: str


@contextmanager
def owned_servers() -> Iterator[OwnedServers]:
    """Start both servers and a fresh database; stop them and delete their data after."""
    root = Path(tempfile.mkdtemp(prefix="autonomos-chaos-"))
    postgres = start_postgres(root, "postgres")
    try:
        admin = create_engine(postgres.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
        admin.dispose()
        redis = start_redis(root / "redis", root / "redis.sock")
        try:
            url = with_database(postgres.url, DATABASE).render_as_string(hide_password=False)
            yield OwnedServers(postgres, redis, str(url), redis.url)
        finally:
            redis.stop()
    finally:
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)
