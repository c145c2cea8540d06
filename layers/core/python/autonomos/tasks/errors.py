"""Errors raised while running a task. ``retryable`` decides whether another attempt runs."""

from __future__ import annotations

from typing import Any

from autonomos.errors import AppError


class TaskError(AppError):
    """A task attempt failed. Instances may override the class's ``retryable``."""

    status = 500
    code = "task_error"
    retryable = True

    def __init__(self, message: str, details: Any = None, *, retryable: bool | None = None):
        super().__init__(message, details)
        if retryable is not None:
            self.retryable = retryable  # type: ignore[misc]

    @property
    def error_type(self) -> str:
        return self.code


class TerminalTaskError(TaskError):
    """Retrying cannot help (bad input discovered at run time, refused URL, 4xx answers)."""

    code = "task_failed"
    retryable = False


class TaskTimedOut(TaskError):
    code = "timeout"
    retryable = True


class TaskCanceled(TaskError):
    code = "canceled"
    retryable = False


class WorkerDefect(Exception):
    """A failure of the worker itself rather than of the task's work: the attempt does not
    count and the message is redelivered (after ``maxReceiveCount``, dead-lettered)."""
