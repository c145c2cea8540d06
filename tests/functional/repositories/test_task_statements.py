"""The hot paths' one-statement writes (submit's insert, the worker's claims and successes),
against PostgreSQL as the app role."""

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from autonomos.db import Database
from autonomos.repositories import tasks as repo
from autonomos.tenancy import TenantContext
from tests.support.api import register
from tests.support.services import RunningStack, app_role_url

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def db(stack: RunningStack, admin_database_url: str) -> Iterator[Database]:
    database = Database(app_role_url(admin_database_url), pool_size=2)
    yield database
    database.dispose()


def tenant(api: httpx.Client) -> TenantContext:
    return TenantContext.system(uuid.UUID(register(api).tenant_id))


def add_tasks(db: Database, ctx: TenantContext, **variants: dict[str, Any]) -> dict[str, uuid.UUID]:
    """One echo task per keyword (its column values), inserted without a queue message
    (every row names the same columns: one statement inserts them all)."""
    rows = {
        name: {
            "id": uuid.uuid4(),
            "tenant_id": ctx.tenant_id,
            "type": "echo",
            "status": "queued",
            "payload": {"name": name},
            "max_retries": 3,
            "timeout_seconds": 30,
            "correlation_id": name,
            "event_seq": 1,
            "attempts": 0,
            "run_after": None,
            "cancel_requested": False,
            "callback_url": None,
            "on_success_next_task": None,
            **columns,
        }
        for name, columns in variants.items()
    }
    with db.tenant(ctx) as session:
        repo.insert_tasks(session, list(rows.values()), [], "tasks", [])
    return {name: row["id"] for name, row in rows.items()}


def states(db: Database, ctx: TenantContext, ids: dict[str, uuid.UUID]) -> dict[str, Any]:
    with db.tenant(ctx) as session:
        rows = session.execute(
            text("SELECT id, status, attempts, event_seq, result FROM tasks WHERE id = ANY(:ids)"),
            {"ids": list(ids.values())},
        )
        by_id = {row.id: row for row in rows}
    return {name: by_id[task_id] for name, task_id in ids.items()}


def events(db: Database, ctx: TenantContext, task_id: uuid.UUID) -> list[tuple[Any, ...]]:
    with db.tenant(ctx) as session:
        return [
            (e.seq, e.kind, e.message, e.data) for e in repo.events_after(session, task_id, 0, 10)
        ]


def test_claim_ready_claims_only_plainly_ready_tasks(db: Database, api: httpx.Client) -> None:
    ctx = tenant(api)
    ids = add_tasks(
        db,
        ctx,
        ready={},
        retried_before={"attempts": 1, "run_after": NOW - dt.timedelta(seconds=1)},
        canceled={"cancel_requested": True},
        waiting={"run_after": NOW + dt.timedelta(minutes=5)},
        exhausted={"attempts": 4},
        running={"status": "in_progress", "attempts": 1},
    )
    with db.tenant(ctx) as session:
        claimed = repo.claim_ready(session, list(ids.values()), NOW, 15)

    assert set(claimed) == {ids["ready"], ids["retried_before"]}
    ready = claimed[ids["ready"]]
    assert (ready.type, ready.payload, ready.attempts, ready.timeout_seconds) == (
        "echo",
        {"name": "ready"},
        1,
        30,
    )
    assert claimed[ids["retried_before"]].attempts == 2
    after = states(db, ctx, ids)
    assert {name: row.status for name, row in after.items()} == {
        "ready": "in_progress",
        "retried_before": "in_progress",
        "canceled": "queued",
        "waiting": "queued",
        "exhausted": "queued",
        "running": "in_progress",
    }
    assert after["running"].event_seq == 1 and after["canceled"].event_seq == 1
    assert events(db, ctx, ids["ready"])[-1] == (2, "started", "attempt 1 started", {"attempt": 1})
    with db.tenant(ctx) as session:
        lease = session.scalar(
            text("SELECT lease_expires_at FROM tasks WHERE id = :id"), {"id": ids["ready"]}
        )
    assert lease == NOW + dt.timedelta(seconds=45)


def test_succeed_plain_records_only_successes_with_nothing_to_send(
    db: Database, api: httpx.Client
) -> None:
    ctx = tenant(api)
    running = {"status": "in_progress", "attempts": 1}
    ids = add_tasks(
        db,
        ctx,
        plain=running,
        callback={**running, "callback_url": "https://example.com/hook"},
        chained={**running, "on_success_next_task": {"type": "echo", "payload": {}}},
        other_attempt={**running, "attempts": 2},
        queued={},
    )
    ended = [(task_id, 1, {"echo": name}) for name, task_id in ids.items()]
    with db.tenant(ctx) as session:
        succeeded = repo.succeed_plain(session, ended, NOW)

    assert succeeded == {ids["plain"]}
    after = states(db, ctx, ids)
    assert (after["plain"].status, after["plain"].result) == ("success", {"echo": "plain"})
    assert {name: row.status for name, row in after.items() if name != "plain"} == {
        "callback": "in_progress",
        "chained": "in_progress",
        "other_attempt": "in_progress",
        "queued": "queued",
    }
    assert events(db, ctx, ids["plain"])[-1] == (2, "succeeded", "succeeded on attempt 1", None)


def test_statements_see_only_the_tenants_own_tasks(db: Database, api: httpx.Client) -> None:
    owner, other = tenant(api), tenant(api)
    ids = add_tasks(db, owner, queued={}, running={"status": "in_progress", "attempts": 1})

    with db.tenant(other) as session:
        assert repo.claim_ready(session, [ids["queued"]], NOW, 15) == {}
        assert repo.succeed_plain(session, [(ids["running"], 1, {})], NOW) == set()

    after = states(db, owner, ids)
    assert (after["queued"].status, after["running"].status) == ("queued", "in_progress")


def test_insert_tasks_writes_events_and_messages_of_inserted_tasks_only(
    db: Database, api: httpx.Client
) -> None:
    ctx = tenant(api)

    def submit(key: str) -> tuple[uuid.UUID, dict[uuid.UUID, Any]]:
        row = {
            "id": uuid.uuid4(),
            "tenant_id": ctx.tenant_id,
            "type": "echo",
            "status": "queued",
            "payload": {},
            "idempotency_key": key,
            "event_seq": 1,
        }
        event = {"task_id": row["id"], "kind": "queued", "message": "accepted", "data": None}
        message = {"task_id": row["id"], "body": {"task_id": str(row["id"])}}
        with db.tenant(ctx) as session:
            inserted = repo.insert_tasks(session, [row], [event], "tasks", [message])
            return row["id"], inserted.tasks

    first, inserted = submit("same-key")
    second, again = submit("same-key")

    assert set(inserted) == {first} and again == {}
    assert inserted[first].attempts == 0 and inserted[first].dead_lettered is False
    with db.tenant(ctx) as session:
        outbox = session.execute(text("SELECT id, queue, body FROM outbox")).all()
    assert events(db, ctx, second) == []
    assert [(o.id, o.queue, o.body) for o in outbox] == [
        (inserted[first].outbox_id, "tasks", {"task_id": str(first)})
    ]
    assert [kind for _, kind, _, _ in events(db, ctx, first)] == ["queued"]


def test_insert_tasks_inserts_nothing_past_the_in_flight_limit(
    db: Database, api: httpx.Client
) -> None:
    ctx = tenant(api)
    add_tasks(db, ctx, queued={}, running={"status": "in_progress", "attempts": 1})
    add_tasks(db, ctx, done={"status": "success"})
    rows = [
        {"id": uuid.uuid4(), "tenant_id": ctx.tenant_id, "type": "echo", "status": "queued"}
        for _ in range(2)
    ]

    with db.tenant(ctx) as session:
        refused = repo.insert_tasks(session, rows, [], "tasks", [], in_flight_limit=3)
    with db.tenant(ctx) as session:
        accepted = repo.insert_tasks(session, rows, [], "tasks", [], in_flight_limit=4)

    assert (refused.refused, refused.tasks, refused.in_flight) == (True, {}, 2)
    assert not accepted.refused and accepted.in_flight == 2
    assert set(accepted.tasks) == {row["id"] for row in rows}
