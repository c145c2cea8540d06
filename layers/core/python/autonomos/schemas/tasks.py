"""Tasks."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

TaskStatus = Literal["queued", "in_progress", "success", "failed", "canceled"]
TERMINAL = ("success", "failed", "canceled")


class NextTask(BaseModel):
    """A task to enqueue when this one succeeds (may itself chain further)."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict)
    callback_url: str | None = Field(None, max_length=2048)
    max_retries: int = Field(3, ge=0, le=6)
    timeout_seconds: int = Field(30, ge=1, le=600)
    on_success_next_task: NextTask | None = None


class TaskCreate(NextTask):
    idempotency_key: str | None = Field(None, min_length=1, max_length=200)


class TaskBatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tasks: list[TaskCreate] = Field(min_length=1, max_length=100)


class TaskError(BaseModel):
    type: str
    message: str
    details: Any | None = None


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: str
    status: TaskStatus
    payload: dict[str, Any]
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    attempts: int
    max_retries: int
    timeout_seconds: int
    callback_url: str | None = None
    idempotency_key: str | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    next_task_id: uuid.UUID | None = None
    parent_task_id: uuid.UUID | None = None
    cancel_requested: bool = False
    dead_lettered: bool = False


class TaskPage(BaseModel):
    items: list[TaskOut]
    next_cursor: str | None = None


class TaskBatchOut(BaseModel):
    items: list[TaskOut]


class TaskListQuery(BaseModel):
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = None
    status: TaskStatus | None = None
    type: str | None = Field(None, max_length=64)


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: dt.datetime
    kind: str
    message: str
    data: dict[str, Any] | None = None


class EventsQuery(BaseModel):
    after: int = Field(0, ge=0)
    limit: int = Field(200, ge=1, le=1000)


class EventPage(BaseModel):
    items: list[EventOut]


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    attempt: int
    at: dt.datetime
    status_code: int | None = None
    error: str | None = None
    delivered: bool
    event_id: uuid.UUID


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]


class RedriveOut(BaseModel):
    redriven: int
