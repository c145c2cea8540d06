"""Tasks, events, the outbox and callback deliveries (inside a tenant session)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Row, Table, TextClause, func, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from autonomos import emf
from autonomos.db.models import CallbackDelivery, OutboxMessage, Task, TaskEvent
from autonomos.pagination import Cursor, Page

ACTIVE = ("queued", "in_progress")
# Core tables for the hot paths' statements (no ORM unit of work there)
TASKS, OUTBOX = (cast(Table, model.__table__) for model in (Task, OutboxMessage))


@dataclass(frozen=True)
class Inserted:
    tasks: dict[uuid.UUID, Row[Any]]  # by id: every column, and ``outbox_id``
    in_flight: int  # the tenant's tasks in ``ACTIVE`` states before the insert (0: no rows)
    refused: bool = False  # nothing inserted: the in-flight limit would have been exceeded


def insert_tasks(
    session: Session,
    rows: Sequence[dict[str, Any]],
    first_events: Sequence[dict[str, Any]],
    queue: str,
    messages: Sequence[dict[str, Any]],
    in_flight_limit: int | None = None,
) -> Inserted:
    """Insert tasks (each with its ``id``; all rows name the same columns, the others take
    their defaults) in one statement, with the first event (``task_id``, ``kind``,
    ``message``, ``data``) and the ``queue`` outbox message (``task_id``, ``body``) of each
    task inserted. A row whose idempotency key is already taken in this tenant is skipped,
    and its event and message with it. With an ``in_flight_limit``, nothing is inserted
    when the tenant's queued and running tasks plus ``len(rows)`` would exceed it (the
    result is ``refused``). The creation of the tasks inserted is recorded for the
    metrics."""
    if not rows:
        return Inserted({}, 0)
    params = {
        "rows": _json(rows),
        "events": _json(first_events),
        "queue": queue,
        "messages": _json(messages),
        "limit": in_flight_limit,
        "adding": len(rows),
    }
    statement = _insert_tasks_statement(tuple(rows[0]))
    result = list(session.execute(statement, params))
    inserted = {row.id: row for row in result if row.id is not None}
    _record(session, inserted.values(), "queued")
    return Inserted(inserted, result[0].in_flight, refused=not result[0].allowed)


@functools.cache
def _insert_tasks_statement(columns: tuple[str, ...]) -> TextClause:
    unknown = set(columns) - set(TASKS.c.keys())
    if unknown:
        raise ValueError(f"not columns of tasks: {sorted(unknown)}")
    names = ", ".join(columns)
    return text(
        f"""
        WITH counted AS (
            SELECT count(*) AS n FROM tasks WHERE status IN ('queued', 'in_progress')
        ), in_flight AS (
            SELECT n, CAST(:limit AS integer) IS NULL
                      OR n + :adding <= CAST(:limit AS integer) AS allowed
            FROM counted
        ), new AS (
            INSERT INTO tasks ({names})
            SELECT {names} FROM jsonb_populate_recordset(NULL::tasks, CAST(:rows AS jsonb))
            WHERE (SELECT allowed FROM in_flight)
            ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL
            DO NOTHING
            RETURNING *
        ), events AS (
            INSERT INTO task_events (task_id, seq, tenant_id, kind, message, data)
            SELECT new.id, 1, new.tenant_id, e.kind, e.message, e.data
            FROM new JOIN jsonb_to_recordset(CAST(:events AS jsonb))
                AS e(task_id uuid, kind text, message text, data jsonb) ON e.task_id = new.id
        ), outbox_rows AS (
            INSERT INTO outbox (tenant_id, queue, body)
            SELECT new.tenant_id, :queue, m.body
            FROM new JOIN jsonb_to_recordset(CAST(:messages AS jsonb))
                AS m(task_id uuid, body jsonb) ON m.task_id = new.id
            RETURNING id, body ->> 'task_id' AS task_id
        )
        SELECT in_flight.n AS in_flight, in_flight.allowed, new.*, outbox_rows.id AS outbox_id
        FROM in_flight
        LEFT JOIN new ON true
        LEFT JOIN outbox_rows ON outbox_rows.task_id = new.id::text
        """
    )


def _json(items: Sequence[Any]) -> str:
    """A JSON array parameter (one string: cheaper to send than arrays of typed values)."""
    return json.dumps(list(items), default=str)


def insert_outbox(
    session: Session, tenant_id: uuid.UUID, queue: str, bodies: Sequence[dict[str, Any]]
) -> list[int]:
    """Outbox rows for messages to ``queue`` (one statement); their ids, in order."""
    if not bodies:
        return []
    statement = insert(OUTBOX).returning(OUTBOX.c.id, sort_by_parameter_order=True)
    params = [{"tenant_id": tenant_id, "queue": queue, "body": body} for body in bodies]
    return list(session.scalars(statement, params))


_CLAIM_READY = text(
    """
    WITH locked AS MATERIALIZED (
        SELECT id FROM tasks
        WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text(CAST(:ids AS jsonb)))
        ORDER BY id FOR UPDATE
    ), claimed AS (
        UPDATE tasks AS t
        SET status = 'in_progress', attempts = t.attempts + 1, run_after = NULL,
            started_at = coalesce(t.started_at, :now),
            lease_expires_at = :now + make_interval(secs => t.timeout_seconds + :margin),
            event_seq = t.event_seq + 1, updated_at = clock_timestamp()
        FROM locked
        WHERE t.id = locked.id AND t.status = 'queued' AND NOT t.cancel_requested
          AND (t.run_after IS NULL OR t.run_after <= :now) AND t.attempts <= t.max_retries
        RETURNING t.id, t.tenant_id, t.type, t.payload, t.attempts, t.timeout_seconds,
                  t.event_seq, t.correlation_id
    ), started AS (
        INSERT INTO task_events (task_id, seq, tenant_id, kind, message, data)
        SELECT id, event_seq, tenant_id, 'started', 'attempt ' || attempts || ' started',
               jsonb_build_object('attempt', attempts)
        FROM claimed
    )
    SELECT id, tenant_id, type, payload, attempts, timeout_seconds, correlation_id FROM claimed
    """
)
_SUCCEED_PLAIN = text(
    """
    WITH ended AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(CAST(:ended AS jsonb))
            AS e(id uuid, attempt integer, result jsonb)
    ), locked AS MATERIALIZED (
        SELECT id FROM tasks WHERE id IN (SELECT id FROM ended) ORDER BY id FOR UPDATE
    ), succeeded AS (
        UPDATE tasks AS t
        SET status = 'success', result = ended.result, error = NULL, finished_at = :now,
            lease_expires_at = NULL, event_seq = t.event_seq + 1,
            updated_at = clock_timestamp()
        FROM ended JOIN locked USING (id)
        WHERE t.id = ended.id AND t.status = 'in_progress' AND t.attempts = ended.attempt
          AND coalesce(t.on_success_next_task, 'null') = 'null' AND t.callback_url IS NULL
        RETURNING t.id, t.tenant_id, t.type, t.attempts, t.event_seq, t.correlation_id
    ), events AS (
        INSERT INTO task_events (task_id, seq, tenant_id, kind, message)
        SELECT id, event_seq, tenant_id, 'succeeded', 'succeeded on attempt ' || attempts
        FROM succeeded
    )
    SELECT id, tenant_id, type, correlation_id FROM succeeded
    """
)


def claim_ready(
    session: Session, task_ids: Sequence[uuid.UUID], now: dt.datetime, lease_margin: int
) -> dict[uuid.UUID, Row[Any]]:
    """Claim, in one statement, those of the (distinct) tasks that are plainly ready to run:
    queued, not canceled, not waiting for a retry and with attempts left. Each claimed task
    is ``in_progress`` with one more attempt, a lease of its timeout plus ``lease_margin``
    seconds and its ``started`` event; the result maps their ids to (``id``, ``tenant_id``,
    ``type``, ``payload``, ``attempts``, ``timeout_seconds``, ``correlation_id``). The rows
    of all ``task_ids`` stay locked until the transaction ends; the others are unchanged."""
    if not task_ids:
        return {}
    params = {
        "ids": _json([str(task_id) for task_id in task_ids]),
        "now": now,
        "margin": lease_margin,
    }
    claimed = {row.id: row for row in session.execute(_CLAIM_READY, params)}
    _record(session, claimed.values(), "in_progress")
    return claimed


def succeed_plain(
    session: Session, ended: Sequence[tuple[uuid.UUID, int, dict[str, Any]]], now: dt.datetime
) -> set[uuid.UUID]:
    """Record, in one statement, the successes ``(task id, attempt, result)`` (distinct tasks)
    of tasks with nothing to do on success (no chained task, no callback) whose ``attempt``
    still holds them ``in_progress``: ``success`` with the result and a ``succeeded`` event.
    The ids of those recorded; the others are unchanged, their rows locked until the
    transaction ends."""
    if not ended:
        return set()
    params = {
        "ended": _json(
            [
                {"id": task_id, "attempt": attempt, "result": result}
                for task_id, attempt, result in ended
            ]
        ),
        "now": now,
    }
    succeeded = list(session.execute(_SUCCEED_PLAIN, params))
    _record(session, succeeded, "success")
    return {row.id for row in succeeded}


def _record(session: Session, rows: Iterable[Row[Any]], state: str) -> None:
    emf.record(
        session,
        [
            emf.task_transition(row.type, state, row.tenant_id, row.id, row.correlation_id)
            for row in rows
        ],
    )


def by_idempotency_keys(session: Session, keys: Sequence[str]) -> dict[str, Task]:
    if not keys:
        return {}
    rows = session.scalars(select(Task).where(Task.idempotency_key.in_(list(keys))))
    return {row.idempotency_key: row for row in rows if row.idempotency_key}


def get(session: Session, task_id: uuid.UUID, *, for_update: bool = False) -> Task | None:
    query = select(Task).where(Task.id == task_id)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def lock_many(session: Session, task_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Task]:
    rows = session.scalars(
        select(Task).where(Task.id.in_(task_ids)).order_by(Task.id).with_for_update()
    )
    return {row.id: row for row in rows}


def list_tasks(
    session: Session, limit: int, cursor: Cursor | None, status: str | None, task_type: str | None
) -> Page[Task]:
    query = select(Task).order_by(Task.created_at.desc(), Task.id.desc()).limit(limit + 1)
    if status:
        query = query.where(Task.status == status)
    if task_type:
        query = query.where(Task.type == task_type)
    if cursor is not None:
        query = query.where(tuple_(Task.created_at, Task.id) < tuple_(cursor.at, cursor.id))
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = Cursor(rows[-1].created_at, rows[-1].id).encode() if more and rows else None
    return Page(rows, nxt)


def add_event(
    session: Session, task: Task, kind: str, message: str, data: dict[str, Any] | None = None
) -> None:
    """Append the next event of ``task`` (the task row must be locked or freshly created)."""
    task.event_seq += 1
    session.add(
        TaskEvent(
            task_id=task.id,
            seq=task.event_seq,
            tenant_id=task.tenant_id,
            kind=kind,
            message=message,
            data=data,
        )
    )


def add_event_locked(
    session: Session,
    task_id: uuid.UUID,
    kind: str,
    message: str,
    data: dict[str, Any] | None = None,
) -> None:
    """Append an event to a task other code may be updating (takes the row lock briefly)."""
    task = get(session, task_id, for_update=True)
    if task is not None:
        add_event(session, task, kind, message, data)


def events_after(session: Session, task_id: uuid.UUID, after: int, limit: int) -> list[TaskEvent]:
    query = (
        select(TaskEvent)
        .where(TaskEvent.task_id == task_id, TaskEvent.seq > after)
        .order_by(TaskEvent.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def outbox_done(session: Session, ids: Sequence[int]) -> None:
    if ids:
        session.execute(text("SELECT outbox_done(:ids)"), {"ids": list(ids)})


def outbox_pending(session: Session, older_than_seconds: int, limit: int) -> list[Any]:
    return list(
        session.execute(
            text("SELECT * FROM outbox_pending(:age, :limit)"),
            {"age": older_than_seconds, "limit": limit},
        )
    )


def stalled(session: Session, older_than_seconds: int, limit: int) -> list[Any]:
    return list(
        session.execute(
            text("SELECT * FROM tasks_stalled(:age, :limit)"),
            {"age": older_than_seconds, "limit": limit},
        )
    )


def callbacks_stalled(
    session: Session,
    quiet_seconds: int,
    retry_base: float,
    retry_cap: int,
    final_errors: Sequence[str],
    limit: int,
) -> list[Any]:
    """Undelivered callback events whose message was lost (see migration 0005)."""
    return list(
        session.execute(
            text("SELECT * FROM callbacks_stalled(:quiet, :base, :cap, :final, :limit)"),
            {
                "quiet": quiet_seconds,
                "base": retry_base,
                "cap": retry_cap,
                "final": list(final_errors),
                "limit": limit,
            },
        )
    )


def deliveries(session: Session, task_id: uuid.UUID) -> list[CallbackDelivery]:
    query = (
        select(CallbackDelivery)
        .where(CallbackDelivery.task_id == task_id)
        .order_by(CallbackDelivery.id)
    )
    return list(session.scalars(query))


def delivered(session: Session, event_id: uuid.UUID) -> bool:
    query = select(CallbackDelivery.id).where(
        CallbackDelivery.event_id == event_id, CallbackDelivery.delivered.is_(True)
    )
    return session.scalar(query) is not None


def count_deliveries(session: Session, event_id: uuid.UUID) -> int:
    query = (
        select(func.count())
        .select_from(CallbackDelivery)
        .where(CallbackDelivery.event_id == event_id)
    )
    return int(session.scalar(query) or 0)


def reset_for_redrive(session: Session, task_id: uuid.UUID, now: dt.datetime) -> Task | None:
    """Ready a dead-lettered task to run again. ``None`` for a task its dead letter no longer
    describes: finished through another delivery (an outage can dead-letter a message the
    relay then re-sends) — running it again would duplicate it. A task still queued or
    running is returned unchanged: its message is simply sent again."""
    task = get(session, task_id, for_update=True)
    if task is None:
        return None
    if not task.dead_lettered:
        return None if task.status in ("success", "failed", "canceled") else task
    session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(
            status="queued",
            dead_lettered=False,
            attempts=0,
            error=None,
            result=None,
            finished_at=None,
            lease_expires_at=None,
            updated_at=now,
        )
    )
    session.refresh(task)
    return task
