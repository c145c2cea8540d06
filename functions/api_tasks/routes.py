"""Tasks: submit, batch, read, list, events, deliveries, cancel; dead-letter redrive."""

import uuid
from typing import Any

from autonomos.http import Api, RawRequest, Reply
from autonomos.runtime import runtime
from autonomos.schemas.tasks import (
    DeliveryPage,
    EventPage,
    EventsQuery,
    RedriveOut,
    TaskBatchCreate,
    TaskBatchOut,
    TaskCreate,
    TaskListQuery,
    TaskOut,
    TaskPage,
)
from autonomos.tasks.dead_letters import DeadLetters
from autonomos.tenancy import TenantContext

api = Api(__name__, tag="tasks")


@api.post(
    "/api/v1/tasks",
    status=202,
    response=TaskOut,
    responses={200: "The task submitted earlier with the same idempotency key"},
)
def submit_task(ctx: TenantContext, body: TaskCreate, request: RawRequest) -> Reply:
    """Submit a task; it runs asynchronously (202). A repeated idempotency key returns the
    first task (200)."""
    submitted = runtime().tasks.submit(ctx, body, request.header("x-correlation-id"))
    return Reply(body=submitted.task, status=202 if submitted.created else 200)


@api.post("/api/v1/tasks/batch", status=202)
def submit_batch(ctx: TenantContext, body: TaskBatchCreate, request: RawRequest) -> TaskBatchOut:
    """Submit up to 100 tasks in one transaction."""
    results = runtime().tasks.submit_many(ctx, body.tasks, request.header("x-correlation-id"))
    return TaskBatchOut(items=[r.task for r in results])


@api.get("/api/v1/tasks")
def list_tasks(ctx: TenantContext, query: TaskListQuery) -> TaskPage:
    """The tenant's tasks, newest first, filtered by status and type."""
    return runtime().tasks.list_tasks(ctx, query.limit, query.cursor, query.status, query.type)


@api.get("/api/v1/tasks/{task_id}")
def get_task(ctx: TenantContext, task_id: uuid.UUID) -> TaskOut:
    """One task."""
    return runtime().tasks.get(ctx, task_id)


@api.get("/api/v1/tasks/{task_id}/events")
def task_events(ctx: TenantContext, task_id: uuid.UUID, query: EventsQuery) -> EventPage:
    """The task's narration events after sequence number ``after``."""
    return runtime().tasks.events(ctx, task_id, query.after, query.limit)


@api.get("/api/v1/tasks/{task_id}/deliveries")
def task_deliveries(ctx: TenantContext, task_id: uuid.UUID) -> DeliveryPage:
    """Callback delivery attempts of the task."""
    return runtime().tasks.deliveries(ctx, task_id)


@api.post("/api/v1/tasks/{task_id}/cancel", responses={409: "The task already finished"})
def cancel_task(ctx: TenantContext, task_id: uuid.UUID) -> TaskOut:
    """Cancel a queued task, or ask a running one to stop."""
    return runtime().tasks.cancel(ctx, task_id)


@api.post("/api/v1/admin/dlq/redrive")
def redrive(ctx: TenantContext) -> RedriveOut:
    """Send the tenant's dead-lettered tasks back to the queue (owner)."""
    rt = runtime()
    dead_letters = DeadLetters(rt.sqs(), rt.settings.tasks_dlq_url or "")
    return RedriveOut(redriven=rt.tasks.redrive(ctx, dead_letters))


@api.get("/api/v1/admin/metrics")
def metrics(ctx: TenantContext) -> dict[str, Any]:
    """Task counts by state, queue and DLQ depth, callback failures, DCL stage durations and
    LLM usage (owner)."""
    return runtime().metrics.snapshot(ctx)
