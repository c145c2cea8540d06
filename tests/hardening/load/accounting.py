"""The fate of every accepted task, read from the task rows once the load has stopped.

A task is *lost* when the API accepted it (202) but, after the drain wait, its row is
missing or still not terminal."""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg

from tests.hardening.load.recorder import Accepted
from tests.support.taskdb import TERMINAL

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class TaskFate:
    """An accepted task and its row at the end: status (``None``: no row), when the row was
    inserted, when a worker last claimed it and when it finished (epoch seconds)."""

    accepted: Accepted
    status: str | None
    created_at: float | None
    started_at: float | None
    finished_at: float | None

    @property
    def lost(self) -> bool:
        return self.status not in TERMINAL

    @property
    def latency(self) -> float | None:
        """Client send → ``finished_at``, in seconds (``None`` while unfinished)."""
        if self.finished_at is None:
            return None
        return self.finished_at - self.accepted.sent_at


def settle(database_url: str, accepted: dict[str, Accepted], timeout: float) -> list[TaskFate]:
    """Poll the accepted tasks' rows until every one is terminal or ``timeout`` s have
    passed; returns the fate of each."""
    ids = list(accepted)
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as conn:
        while True:
            rows = conn.execute(
                "SELECT id::text, status, extract(epoch FROM created_at)::float8,"
                " extract(epoch FROM started_at)::float8, extract(epoch FROM finished_at)::float8"
                " FROM tasks WHERE id = ANY(%s::uuid[])",
                (ids,),
            ).fetchall()
            found = {task_id: tuple(rest) for task_id, *rest in rows}
            missing = (None, None, None, None)
            fates = [TaskFate(a, *found.get(i, missing)) for i, a in accepted.items()]
            if not any(f.lost for f in fates) or time.monotonic() > deadline:
                return fates
            time.sleep(POLL_SECONDS)
