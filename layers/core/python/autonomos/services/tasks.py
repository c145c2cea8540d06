"""Submitting, reading and canceling tasks; the dead-letter redrive.

Submit commits the task, its first event and an outbox row in one transaction, then sends the
message; a failed send is left to the outbox relay, so an accepted task is never lost.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from autonomos.config import Settings
from autonomos.db import Database
from autonomos.db.models import Task
from autonomos.errors import Conflict, NotFound, PayloadTooLarge, RateLimited, ValidationFailed
from autonomos.observability import current
from autonomos.pagination import Cursor
from autonomos.queueing import Outgoing
from autonomos.repositories import tasks as repo
from autonomos.schemas.tasks import (
    TERMINAL,
    DeliveryOut,
    DeliveryPage,
    EventOut,
    EventPage,
    NextTask,
    TaskCreate,
    TaskOut,
    TaskPage,
)
from autonomos.services.tenant_settings import TenantSettingsService
from autonomos.services.users import require_role
from autonomos.tasks.outbox import OutboxSender
from autonomos.tasks.registry import TaskRegistry
from autonomos.tenancy import Role, TenantContext

logger = logging.getLogger("autonomos.tasks")

# a task as the submit path reads it: an ORM row, or the columns an insert returned
TaskRecord = Task | Row[Any]

MAX_PAYLOAD_BYTES = 256 * 1024


@dataclass(frozen=True)
class Submitted:
    task: TaskOut
    created: bool


def task_message(task: TaskRecord) -> dict[str, Any]:
    """The tasks-queue message body for ``task``."""
    return _message(task.id, task.tenant_id, task.type, task.correlation_id)


def _message_of(row: dict[str, Any]) -> dict[str, Any]:
    """The tasks-queue message body of a task row about to be inserted."""
    return _message(row["id"], row["tenant_id"], row["type"], row["correlation_id"])


def _message(
    task_id: uuid.UUID, tenant_id: uuid.UUID, task_type: str, correlation_id: str | None
) -> dict[str, Any]:
    return {
        "task_id": str(task_id),
        "tenant_id": str(tenant_id),
        "type": task_type,
        "correlation_id": correlation_id,
    }


class TaskService:
    def __init__(
        self,
        db: Database,
        outbox: OutboxSender,
        registry: TaskRegistry,
        tenant_settings: TenantSettingsService,
        settings: Settings,
        runtime: Any,
        cancel_flags: Any,
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._registry = registry
        self._tenant_settings = tenant_settings
        self._settings = settings
        self._runtime = runtime
        self._cancel_flags = cancel_flags

    # -- submit ------------------------------------------------------------------------

    def validate(self, ctx: TenantContext, request: NextTask, path: str = "") -> None:
        """Type, payload, URLs and size of a task and of its chained successors (400/413)."""
        task_type = self._registry.get(request.type)
        payload = task_type.parse(request.payload)
        if task_type.check is not None:
            task_type.check(ctx, payload, self._runtime)
        if len(json.dumps(request.payload, default=str)) > MAX_PAYLOAD_BYTES:
            raise PayloadTooLarge(f"{path}payload larger than {MAX_PAYLOAD_BYTES} bytes")
        if request.callback_url:
            self._tenant_settings.url_policy(ctx).check(
                request.callback_url, field=f"{path}callback_url"
            )
        if request.on_success_next_task is not None:
            self.validate(ctx, request.on_success_next_task, f"{path}on_success_next_task.")

    def submit(
        self, ctx: TenantContext, request: TaskCreate, correlation_id: str | None = None
    ) -> Submitted:
        """202 with a new task, or 200 with the earlier one of the same idempotency key."""
        return self.submit_many(ctx, [request], correlation_id)[0]

    def submit_many(
        self, ctx: TenantContext, requests: Sequence[TaskCreate], correlation_id: str | None = None
    ) -> list[Submitted]:
        """Validate all, then write all in one transaction and send in batches; any invalid
        task rejects the whole request and nothing is written."""
        for index, request in enumerate(requests):
            try:
                self.validate(ctx, request)
            except ValidationFailed as exc:
                if len(requests) > 1:
                    exc.details = {"index": index, "errors": exc.details}
                raise
        correlation_id = correlation_id or current("correlation_id")
        limit = self._tenant_settings.get(ctx).max_tasks_in_flight
        with self._outbox.announce() as announcement:
            with self._db.tenant(ctx) as session:
                written = self._insert_many(session, ctx, requests, correlation_id, None, limit)
                outgoing = [outgoing for _, _, outgoing in written if outgoing is not None]
                results = [
                    Submitted(TaskOut.model_validate(task), created) for task, created, _ in written
                ]
            self._outbox.send(outgoing, announcement)
        return results

    def _insert_many(
        self,
        session: Session,
        ctx: TenantContext,
        requests: Sequence[NextTask],
        correlation_id: str | None,
        parent: uuid.UUID | None,
        in_flight_limit: int | None = None,
    ) -> list[tuple[TaskRecord, bool, Outgoing | None]]:
        """Per request, in order: its task, whether it is new, and the outbox message of a new
        one. A request whose idempotency key names an earlier task (or an earlier request of
        the same call) gets that task; all new tasks, their first events and outbox rows are
        written in one statement. With an ``in_flight_limit``, :class:`RateLimited` (429)
        when the new tasks would take the tenant's queued and running ones over it."""
        keys = [getattr(request, "idempotency_key", None) for request in requests]
        known: dict[str, TaskRecord] = dict(
            repo.by_idempotency_keys(session, [k for k in keys if k])
        )
        plan: list[dict[str, Any] | None] = []
        planned_keys: set[str] = set()
        for request, key in zip(requests, keys, strict=True):
            if key is not None and (key in known or key in planned_keys):
                plan.append(None)
                continue
            if key is not None:
                planned_keys.add(key)
            plan.append(self._row(ctx, request, key, correlation_id, parent))
        rows = [row for row in plan if row is not None]
        parent_data = {"parent_task_id": str(parent) if parent else None}
        first_events = [
            {
                "task_id": row["id"],
                "kind": "queued",
                "message": f"{row['type']} task accepted",
                "data": parent_data,
            }
            for row in rows
        ]
        messages = {row["id"]: _message_of(row) for row in rows}
        result = repo.insert_tasks(
            session,
            rows,
            first_events,
            "tasks",
            [{"task_id": task_id, "body": body} for task_id, body in messages.items()],
            in_flight_limit,
        )
        if result.refused:
            raise RateLimited(
                f"too many tasks in flight ({result.in_flight} of {in_flight_limit}); "
                "retry when some finish",
                retry_after=5,
                details={"in_flight": result.in_flight, "limit": in_flight_limit},
            )
        inserted = result.tasks
        known.update(  # keys a concurrent submit took first, and those taken in this call
            repo.by_idempotency_keys(
                session, [r["idempotency_key"] for r in rows if r["id"] not in inserted]
            )
        )
        known.update({t.idempotency_key: t for t in inserted.values() if t.idempotency_key})
        outbox = {
            task.id: Outgoing(task.outbox_id, "tasks", messages[task.id])
            for task in inserted.values()
        }
        written: list[tuple[TaskRecord, bool, Outgoing | None]] = []
        for key, row in zip(keys, plan, strict=True):
            new = inserted.get(row["id"]) if row is not None else None
            if new is None:
                assert key is not None  # only a keyed request can be answered by another task
                written.append((known[key], False, None))
            else:
                written.append((new, True, outbox[new.id]))
        return written

    def _row(
        self,
        ctx: TenantContext,
        request: NextTask,
        key: str | None,
        correlation_id: str | None,
        parent: uuid.UUID | None,
    ) -> dict[str, Any]:
        """The ``tasks`` row of a new task, its first event counted."""
        return {
            "id": uuid.uuid4(),
            "tenant_id": ctx.tenant_id,
            "type": request.type,
            "status": "queued",
            "payload": request.payload,
            "max_retries": request.max_retries,
            "timeout_seconds": request.timeout_seconds,
            "callback_url": request.callback_url,
            "idempotency_key": key,
            "on_success_next_task": request.on_success_next_task.model_dump()
            if request.on_success_next_task
            else None,
            "parent_task_id": parent,
            "created_by": ctx.user_id,
            "correlation_id": correlation_id or uuid.uuid4().hex,
            "event_seq": 1,
        }

    def _enqueue(self, session: Session, task: Task) -> Outgoing:
        message = task_message(task)
        (outbox_id,) = repo.insert_outbox(session, task.tenant_id, "tasks", [message])
        return Outgoing(outbox_id, "tasks", message)

    def insert_chained(self, session: Session, ctx: TenantContext, parent: Task) -> Outgoing:
        """Create the successor of ``parent`` inside the caller's transaction."""
        assert parent.on_success_next_task is not None
        request = NextTask.model_validate(parent.on_success_next_task)
        ((task, _, message),) = self._insert_many(
            session, ctx, [request], parent.correlation_id, parent.id
        )
        assert message is not None  # a next task has no idempotency key: it is always new
        parent.next_task_id = task.id
        repo.add_event(
            session,
            parent,
            "next_task",
            f"queued next task {task.type}",
            {"next_task_id": str(task.id)},
        )
        return message

    def flush(self, outgoing: Sequence[Outgoing]) -> None:
        """Send committed outbox messages and drop the rows SQS accepted (the relay resends
        the others)."""
        self._outbox.send(outgoing)

    # -- read --------------------------------------------------------------------------

    def get(self, ctx: TenantContext, task_id: uuid.UUID) -> TaskOut:
        with self._db.tenant(ctx) as session:
            return TaskOut.model_validate(self._require(session, task_id))

    def list_tasks(
        self,
        ctx: TenantContext,
        limit: int,
        cursor: str | None,
        status: str | None,
        task_type: str | None,
    ) -> TaskPage:
        with self._db.tenant(ctx) as session:
            page = repo.list_tasks(
                session, limit, Cursor.decode(cursor) if cursor else None, status, task_type
            )
            return TaskPage(
                items=[TaskOut.model_validate(t) for t in page.items], next_cursor=page.next_cursor
            )

    def events(self, ctx: TenantContext, task_id: uuid.UUID, after: int, limit: int) -> EventPage:
        with self._db.tenant(ctx) as session:
            self._require(session, task_id)
            rows = repo.events_after(session, task_id, after, limit)
            return EventPage(items=[EventOut.model_validate(e) for e in rows])

    def deliveries(self, ctx: TenantContext, task_id: uuid.UUID) -> DeliveryPage:
        with self._db.tenant(ctx) as session:
            self._require(session, task_id)
            return DeliveryPage(
                items=[DeliveryOut.model_validate(d) for d in repo.deliveries(session, task_id)]
            )

    @staticmethod
    def _require(session: Session, task_id: uuid.UUID, for_update: bool = False) -> Task:
        task = repo.get(session, task_id, for_update=for_update)
        if task is None:
            raise NotFound("task not found")
        return task

    # -- cancel ------------------------------------------------------------------------

    def cancel(self, ctx: TenantContext, task_id: uuid.UUID) -> TaskOut:
        """A queued task is canceled at once (it will never run); a running one is asked to
        stop and ends ``canceled`` at its next checkpoint; a finished one is a 409."""
        outgoing: list[Outgoing] = []
        with self._db.tenant(ctx) as session:
            task = self._require(session, task_id, for_update=True)
            if task.status in TERMINAL:
                raise Conflict(f"task already {task.status}", {"status": task.status})
            task.cancel_requested = True
            if task.status == "queued":
                task.status = "canceled"
                task.finished_at = dt.datetime.now(dt.UTC)
                repo.add_event(session, task, "canceled", "canceled before it ran")
                outgoing.extend(self.terminal_callbacks(session, task))
            else:
                repo.add_event(session, task, "cancel_requested", "cancel requested while running")
            out = TaskOut.model_validate(task)
        self._cancel_flags.set(task_id)
        self.flush(outgoing)
        return out

    def terminal_callbacks(self, session: Session, task: Task) -> list[Outgoing]:
        """The callback message of a task that just reached a terminal state (if it has a
        callback URL), as an outbox row in the caller's transaction."""
        if not task.callback_url:
            return []
        event_id = uuid.uuid4()
        body = {
            "task_id": str(task.id),
            "tenant_id": str(task.tenant_id),
            "event_id": str(event_id),
            "status": task.status,
            "correlation_id": task.correlation_id,
        }
        (outbox_id,) = repo.insert_outbox(session, task.tenant_id, "callbacks", [body])
        repo.add_event(
            session, task, "callback_queued", "callback queued", {"event_id": str(event_id)}
        )
        return [Outgoing(outbox_id, "callbacks", body)]

    # -- dead letters ------------------------------------------------------------------

    def redrive(self, ctx: TenantContext, dead_letters: Any) -> int:
        """Send the tenant's dead-lettered task messages back (owner); others' stay put."""
        require_role(ctx, Role.OWNER)
        redriven = 0
        outgoing: list[Outgoing] = []
        for message in dead_letters.drain(ctx.tenant_id):
            with self._db.tenant(ctx) as session:
                task = repo.reset_for_redrive(
                    session, uuid.UUID(message["task_id"]), dt.datetime.now(dt.UTC)
                )
                if task is not None:
                    repo.add_event(
                        session, task, "redriven", "sent back from the dead-letter queue"
                    )
                    outgoing.append(self._enqueue(session, task))
                    redriven += 1
        self.flush(outgoing)
        dead_letters.acknowledge()
        return redriven
