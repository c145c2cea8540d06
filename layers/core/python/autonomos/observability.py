"""Structured JSON logs with the request, tenant, task and correlation ids on every line.

The ids live in context variables: the HTTP edge binds the request and correlation ids (and
the tenant once the token is verified); the worker and the callback sender bind the task's.
The correlation id travels from the API through the queue message to the worker and into
callbacks (``X-Correlation-Id``), so one search finds a request's whole story.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

FIELDS = ("request_id", "correlation_id", "tenant_id", "task_id")
_context: dict[str, ContextVar[str | None]] = {
    name: ContextVar(f"autonomos_{name}", default=None) for name in FIELDS
}
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


def current(name: str) -> str | None:
    return _context[name].get()


def bind_value(name: str, value: object) -> None:
    """Set one id for the rest of the current context (the request or task)."""
    _context[name].set(None if value is None else str(value))


@contextmanager
def bound(**values: object) -> Iterator[None]:
    """Set ids for the duration of a block, restoring the previous ones afterwards."""
    tokens = [
        (_context[k], _context[k].set(None if v is None else str(v))) for k, v in values.items()
    ]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def submit(executor: Executor, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
    """``executor.submit`` that carries the caller's ids into the pool's thread (threads do
    not inherit context variables), so lines the task logs there still name its task."""
    context = contextvars.copy_context()

    def call() -> R:
        return context.run(fn, *args, **kwargs)

    return executor.submit(call)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, bound ids and extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = _context[name].get()
            if value is not None:
                line[name] = value
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure_logging(level: int = logging.INFO) -> None:
    """Send every log line as JSON to stderr (CloudWatch on Lambda); idempotent."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter())
    root.handlers = [handler]
    root.setLevel(level)
    for noisy in ("botocore", "urllib3", "boto3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
