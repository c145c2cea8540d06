"""The tasks user: submits echo tasks one at a time, in batches and twice at once with one
idempotency key; polls the status and events of its tasks, lists them, cancels some."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable

import httpx

from tests.hardening.load.context import UserContext, backoff


def echo(rng: random.Random) -> dict[str, object]:
    """An echo task body: some sleep a little, a few fail once and succeed on the retry."""
    payload: dict[str, object] = {"load": True, "n": rng.randrange(1_000_000)}
    if rng.random() < 0.2:
        payload["sleep_ms"] = rng.randrange(10, 200)
    if rng.random() < 0.02:
        payload["fail_times"] = 1
    return {"type": "echo", "payload": payload, "max_retries": 2}


def submit_one(ctx: UserContext) -> None:
    sent_at = time.time()
    r = ctx.client.call("POST /api/v1/tasks", "/api/v1/tasks", json=echo(ctx.rng))
    if r is not None and r.status_code == 202:
        ctx.accepted([r.json()], sent_at)
    backoff(r)


def submit_batch(ctx: UserContext) -> None:
    body = {"tasks": [echo(ctx.rng) for _ in range(ctx.config.batch_size)]}
    sent_at = time.time()
    r = ctx.client.call("POST /api/v1/tasks/batch", "/api/v1/tasks/batch", json=body)
    if r is not None and r.status_code == 202:
        ctx.accepted(r.json()["items"], sent_at)
    backoff(r)


def submit_twice(ctx: UserContext) -> None:
    """Two concurrent submits with one idempotency key: one 202 and one 200, same task."""
    body = {**echo(ctx.rng), "idempotency_key": f"load-{uuid.uuid4().hex}"}
    answers: list[httpx.Response | None] = [None, None]
    sent_at = time.time()

    def send(i: int) -> None:
        answers[i] = ctx.client.call("POST /api/v1/tasks", "/api/v1/tasks", json=body)

    other = threading.Thread(target=send, args=(1,))
    other.start()
    send(0)
    other.join()
    ok = [a for a in answers if a is not None and a.status_code in (200, 202)]
    tasks = {a.json()["id"]: a.json() for a in ok}
    ctx.accepted(list(tasks.values()), sent_at)
    statuses = sorted(a.status_code for a in ok)
    if len(ok) == 2 and (len(tasks) != 1 or statuses != [200, 202]):
        ctx.recorder.violation(
            f"one idempotency key gave statuses {statuses} and tasks {sorted(tasks)} "
            f"(tenant {ctx.state.tenant[:8]})"
        )
    for answer in answers:
        backoff(answer)


def poll_status(ctx: UserContext) -> None:
    task_id = ctx.recent_task()
    if task_id:
        backoff(ctx.client.call("GET /api/v1/tasks/{task_id}", f"/api/v1/tasks/{task_id}"))


def poll_events(ctx: UserContext) -> None:
    task_id = ctx.recent_task()
    if task_id:
        path = f"/api/v1/tasks/{task_id}/events"
        backoff(ctx.client.call("GET /api/v1/tasks/{task_id}/events", path))


def cancel_recent(ctx: UserContext) -> None:
    """Cancel one of the tenant's recent tasks; 409 when it already finished."""
    task_id = ctx.recent_task()
    if task_id:
        path = f"/api/v1/tasks/{task_id}/cancel"
        backoff(ctx.client.call("POST /api/v1/tasks/{task_id}/cancel", path, expected=(409,)))


def list_tasks(ctx: UserContext) -> None:
    params: dict[str, str | int] = {"limit": 20}
    if ctx.rng.random() < 0.3:
        params["status"] = "success"
    backoff(ctx.client.call("GET /api/v1/tasks", "/api/v1/tasks", params=params))


ACTIONS: list[tuple[Callable[[UserContext], None], int]] = [
    (submit_one, 10),
    (submit_batch, 2),
    (submit_twice, 1),
    (poll_status, 8),
    (poll_events, 2),
    (list_tasks, 2),
    (cancel_recent, 1),
]
