"""The current request of this thread, captured by a Chalice middleware.

Chalice keeps ``app.current_request`` on the shared app object; with concurrent calls in one
process (the local gateway) that is racy, so the edge reads the per-call request from here.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from chalice.app import Request

from autonomos.observability import bound

_current: ContextVar[Request | None] = ContextVar("autonomos_request", default=None)


def capture_request(event: Request, get_response: Callable[[Request], Any]) -> Any:
    """Chalice ``http`` middleware: remember the request for the duration of the call."""
    token = _current.set(event)
    request_id = (event.context or {}).get("requestId")
    correlation = event.headers.get("x-correlation-id") or request_id
    try:
        with bound(request_id=request_id, correlation_id=correlation, tenant_id=None, task_id=None):
            response = get_response(event)
            response.headers["X-Request-Id"] = str(request_id)
            response.headers["X-Correlation-Id"] = str(correlation)
            return response
    finally:
        _current.reset(token)


def current_request() -> Request:
    request = _current.get()
    if request is None:
        raise RuntimeError("no request in progress")
    return request
