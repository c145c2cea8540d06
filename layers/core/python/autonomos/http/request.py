"""The current request of this thread, captured by a Chalice middleware.

Chalice keeps ``app.current_request`` on the shared app object; with concurrent calls in one
process (the local gateway) that is racy, so the edge reads the per-call request from here.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from chalice.app import Request

_current: ContextVar[Request | None] = ContextVar("autonomos_request", default=None)


def capture_request(event: Request, get_response: Callable[[Request], Any]) -> Any:
    """Chalice ``http`` middleware: remember the request for the duration of the call."""
    token = _current.set(event)
    try:
        return get_response(event)
    finally:
        _current.reset(token)


def current_request() -> Request:
    request = _current.get()
    if request is None:
        raise RuntimeError("no request in progress")
    return request
