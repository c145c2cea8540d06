"""Real local services for tests: PostgreSQL and Redis from the settings (CI points
``DATABASE_URL`` / ``REDIS_URL`` at the machine's servers) or embedded ones, a fresh
database per test session, and the whole local stack in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from autonomos.config import PROJECT_ROOT, Settings, get_settings, settings_to_env
from autonomos.db.urls import normalise, with_database
from infra.emulator import clients
from infra.ports import free_port

STARTED = re.compile(r"AutonomOS is running")


@contextmanager
def postgres_admin_url() -> Iterator[str]:
    """An admin URL to a brand-new database, dropped afterwards."""
    base = get_settings().database_url
    embedded = None
    if not base:
        from infra.embedded import start_postgres

        embedded = start_postgres(Path(tempfile.mkdtemp(prefix="autonomos-pg-")), "postgres")
        base = embedded.url
    name = f"autonomos_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(with_database(base, "postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield with_database(base, name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
        if embedded is not None:
            embedded.stop()


@contextmanager
def redis_url() -> Iterator[str]:
    url = get_settings().redis_url
    if url:
        yield url
        return
    from infra.embedded import start_redis

    server = start_redis(Path(tempfile.mkdtemp(prefix="autonomos-redis-")))
    try:
        yield server.url
    finally:
        server.stop()


@dataclass
class RunningStack:
    base_url: str
    emulator_url: str
    state_dir: Path
    settings: Settings
    process: subprocess.Popen[str]
    output: list[str]

    def sqs(self) -> Any:
        """A boto3 SQS client on this stack's emulator."""
        return clients(self.emulator_url)[0]

    def s3(self) -> Any:
        """A boto3 S3 client on this stack's emulator."""
        return clients(self.emulator_url)[1]

    def queue_url(self, logical_id: str) -> str:
        """The URL of the stack's queue ``logical_id`` (e.g. ``TasksDeadLetterQueue``)."""
        urls = self.sqs().list_queues()["QueueUrls"]
        return next(u for u in urls if u.endswith(f"-{logical_id}"))

    def log(self, name: str) -> str:
        path = self.state_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _drain(process: subprocess.Popen[str], lines: list[str], ready: threading.Event) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if STARTED.search(line):
            ready.set()
    ready.set()


@contextmanager
def local_stack(
    database_url: str | None,
    redis: str | None,
    *,
    cwd: Path = PROJECT_ROOT,
    extra: dict[str, str] | None = None,
    env_extra: dict[str, str] | None = None,
    argv: list[str] | None = None,
    timeout: float = 120,
) -> Iterator[RunningStack]:
    """``python -m infra.run`` (or ``argv``) on free ports with its own state folder and queue
    names. ``database_url`` / ``redis`` of ``None`` leave the stack to start embedded servers;
    ``extra`` are settings (by variable name), ``env_extra`` other process variables."""
    state = Path(tempfile.mkdtemp(prefix="autonomos-stack-"))
    port, emulator_port = free_port(), free_port()
    overrides = {
        "AUTONOMOS_ENV": "test",
        "GATEWAY_PORT": str(port),
        "EMULATOR_PORT": str(emulator_port),
        "AUTONOMOS_STATE_DIR": str(state),
        "JWT_SECRET": "test-secret-" + uuid.uuid4().hex,
        "DATA_ENCRYPTION_KEY": "test-data-key-" + uuid.uuid4().hex,
        "WORKER_CRASH_BACKOFF_MAX_SECONDS": "1",
        "TASK_RETRY_BASE_SECONDS": "1",
        "LOCAL_SCHEDULE_SECONDS": "1",
        "OUTBOX_RELAY_AFTER_SECONDS": "10",
        "STALLED_TASK_SECONDS": "30",
        "LLM_TIMEOUT_SECONDS": "2",
        "CALLBACK_DEV_ALLOW_HOSTS": "127.0.0.1,localhost",
        **(extra or {}),
    }
    # None means "start embedded servers": it must also win over the caller's environment.
    values: dict[str, str | None] = {**overrides, "DATABASE_URL": database_url, "REDIS_URL": redis}
    settings = Settings(**values)
    env = {k: v for k, v in os.environ.items() if k not in _settings_env_names()}
    env.update(settings_to_env(settings))
    env.update(env_extra or {})
    command = argv or [
        sys.executable,
        "-m",
        "infra.run",
        "--stack",
        f"t{uuid.uuid4().hex[:8]}",
        "--no-dashboard",
        "--no-demo",
    ]
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    ready = threading.Event()
    threading.Thread(target=_drain, args=(process, lines, ready), daemon=True).start()
    ready.wait(timeout)
    try:
        if process.poll() is not None or not any(STARTED.search(line) for line in lines):
            raise RuntimeError("the local stack did not start:\n" + "".join(lines[-40:]))
        yield RunningStack(
            base_url=f"http://127.0.0.1:{port}",
            emulator_url=f"http://127.0.0.1:{emulator_port}",
            state_dir=state,
            settings=settings,
            process=process,
            output=lines,
        )
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        time.sleep(0.1)


def _settings_env_names() -> set[str]:
    return {f.alias for f in Settings.model_fields.values() if f.alias}


def app_role_url(admin_url: str) -> str:
    settings = get_settings()
    return str(
        normalise(admin_url)
        .set(
            username=settings.database_app_role,
            password=settings.database_app_password.get_secret_value(),
        )
        .render_as_string(hide_password=False)
    )
