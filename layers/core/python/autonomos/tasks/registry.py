"""Task types, registered in one place with typed payload models.

A type is a function ``run(run: TaskRun, payload: Model) -> dict | None``. Submitting an
unknown type or an invalid payload is a 400 at submit time; the worker never discovers it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from autonomos.errors import ValidationFailed
from autonomos.tasks.errors import TaskCanceled, TaskTimedOut
from autonomos.tenancy import TenantContext

if TYPE_CHECKING:
    from autonomos.runtime import Runtime

RunFunction = Callable[["TaskRun", Any], dict[str, Any] | None]
SubmitCheck = Callable[[TenantContext, Any, "Runtime"], None]


@dataclass(frozen=True)
class TaskType:
    name: str
    payload_model: type[BaseModel]
    run: RunFunction
    description: str
    check: SubmitCheck | None = None
    long_running: bool = False  # counts against ``MAX_LONG_RUNNING_TASKS``

    def parse(self, payload: Any) -> BaseModel:
        """The validated payload; :class:`ValidationFailed` naming ``payload.<field>``."""
        try:
            return self.payload_model.model_validate(payload)
        except ValidationError as exc:
            details = [
                {"field": ".".join(["payload", *map(str, e["loc"])]), "message": e["msg"]}
                for e in exc.errors(include_url=False, include_input=False)
            ]
            raise ValidationFailed(f"invalid payload for task type {self.name}", details) from exc


class TaskRegistry:
    def __init__(self) -> None:
        self._types: dict[str, TaskType] = {}

    def register(self, task: TaskType) -> None:
        if task.name in self._types:
            raise ValueError(f"task type {task.name} registered twice")
        self._types[task.name] = task

    def get(self, name: str) -> TaskType:
        try:
            return self._types[name]
        except KeyError:
            raise ValidationFailed(
                f"unknown task type {name!r}",
                [{"field": "type", "allowed": sorted(self._types)}],
            ) from None

    def names(self) -> list[str]:
        return sorted(self._types)

    def is_long_running(self, name: str | None) -> bool:
        """Whether ``name`` is a registered long-running type (unknown names are not)."""
        task = self._types.get(name or "")
        return task is not None and task.long_running


registry = TaskRegistry()


def task_type(
    name: str,
    payload: type[BaseModel],
    *,
    check: SubmitCheck | None = None,
    long_running: bool = False,
) -> Callable[[RunFunction], RunFunction]:
    """Register the decorated function as task type ``name``; ``long_running`` types (runs of
    many seconds) share a platform-wide cap so they cannot occupy every worker."""

    def decorate(fn: RunFunction) -> RunFunction:
        doc = (fn.__doc__ or name).strip().splitlines()[0]
        registry.register(TaskType(name, payload, fn, doc, check, long_running))
        return fn

    return decorate


@dataclass
class TaskRun:
    """What task code may use while it runs: its tenant, its deadline, cancellation checks,
    narration events and the process runtime."""

    ctx: TenantContext
    task_id: Any
    attempt: int
    deadline: float
    runtime: Runtime
    record_event: Callable[[str, str, dict[str, Any] | None], None]
    is_canceled: Callable[[], bool]
    abandoned: threading.Event = field(default_factory=threading.Event)

    def checkpoint(self) -> None:
        """Raise if the run must stop: canceled, past its deadline, or abandoned."""
        if self.abandoned.is_set() or time.monotonic() >= self.deadline:
            raise TaskTimedOut("task exceeded its timeout")
        if self.is_canceled():
            raise TaskCanceled("task canceled")

    def sleep(self, seconds: float) -> None:
        """Sleep in short slices, checking for cancellation and the deadline between them."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.checkpoint()
            time.sleep(min(0.05, left))
        self.checkpoint()

    def narrate(self, kind: str, message: str, data: dict[str, Any] | None = None) -> None:
        """A stage boundary: stop here if canceled or late, else record the event."""
        self.checkpoint()
        self.event(kind, message, data)

    def event(self, kind: str, message: str, data: dict[str, Any] | None = None) -> None:
        """Append a narration event to the task (visible in ``/tasks/{id}/events``)."""
        self.record_event(kind, message, data)

    @property
    def remaining_seconds(self) -> float:
        return max(0.0, self.deadline - time.monotonic())
