"""The RQ job: the same database writes per task as our worker — claim (``in_progress``,
``started_at``, attempt, lease, ``started`` event) in one transaction, run ``echo``, then
finish (``success``, ``result``, ``finished_at``, ``succeeded`` event) in another. Runs in
the forked work horse, so it opens its own connection (the parent's cannot be shared)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from rq_baseline.settings import BaselineEnv

CLAIM = """
UPDATE tasks SET status = 'in_progress', attempts = attempts + 1,
    started_at = coalesce(started_at, clock_timestamp()),
    lease_expires_at = clock_timestamp() + make_interval(secs => timeout_seconds + 15),
    event_seq = event_seq + 1, updated_at = clock_timestamp()
WHERE id = %s
RETURNING tenant_id, type, payload, attempts, event_seq
"""
FINISH = """
UPDATE tasks SET status = 'success', result = %s, error = NULL, finished_at = clock_timestamp(),
    lease_expires_at = NULL, event_seq = event_seq + 1, updated_at = clock_timestamp()
WHERE id = %s
RETURNING event_seq
"""
EVENT = (
    "INSERT INTO task_events (task_id, seq, tenant_id, kind, message, data)"
    " VALUES (%s, %s, %s, %s, %s, %s)"
)


def run_task(task_id: str) -> dict[str, Any] | None:
    """Run one task to ``success``; a task that is missing or already finished is skipped."""
    env = BaselineEnv.from_env()
    with psycopg.connect(env.database_url) as conn:
        with conn.transaction():
            status = conn.execute(
                "SELECT status FROM tasks WHERE id = %s FOR UPDATE", (task_id,)
            ).fetchone()
            if status is None or status[0] not in ("queued", "in_progress"):
                return None
            row = conn.execute(CLAIM, (task_id,)).fetchone()
            assert row is not None
            tenant_id, _type, payload, attempt, seq = row
            conn.execute(
                EVENT,
                (
                    task_id,
                    seq,
                    tenant_id,
                    "started",
                    f"attempt {attempt} started",
                    Jsonb({"attempt": attempt}),
                ),
            )
        result: dict[str, Any] = dict(payload)  # echo
        with conn.transaction():
            conn.execute("SELECT 1 FROM tasks WHERE id = %s FOR UPDATE", (task_id,))
            done = conn.execute(FINISH, (Jsonb(result), task_id)).fetchone()
            assert done is not None
            conn.execute(
                EVENT,
                (
                    task_id,
                    done[0],
                    tenant_id,
                    "succeeded",
                    f"succeeded on attempt {attempt}",
                    None,
                ),
            )
    return result
