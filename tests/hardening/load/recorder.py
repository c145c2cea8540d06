"""What the load run observed: one sample per HTTP request and one per accepted task.

The recorder is shared by every user thread; each method is thread-safe. A request's
outcome is decided when it is recorded:

- ``ok``: 2xx/3xx, or a 4xx the caller said to expect;
- ``throttled``: 429 (the designed per-tenant quota, reported apart from errors);
- ``server_error``: 5xx;
- ``unexpected``: any other 4xx;
- ``transport``: no answer (connection error or timeout).
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"
    UNEXPECTED = "unexpected"
    TRANSPORT = "transport"

    @property
    def is_error(self) -> bool:
        """Errors are 5xx, unexpected 4xx and requests without an answer (not 429s)."""
        return self in (Outcome.SERVER_ERROR, Outcome.UNEXPECTED, Outcome.TRANSPORT)


def classify(status: int | None, expected: Collection[int] = ()) -> Outcome:
    """The outcome of an answer with ``status`` (``None``: no answer)."""
    if status is None:
        return Outcome.TRANSPORT
    if status >= 500:
        return Outcome.SERVER_ERROR
    if status == 429:
        return Outcome.THROTTLED
    if status < 400 or status in expected:
        return Outcome.OK
    return Outcome.UNEXPECTED


@dataclass(frozen=True)
class Sample:
    """One request: its route template (``GET /api/v1/tasks/{task_id}``), the tenant it was
    made for, when it was sent (epoch seconds), how long it took and how it ended."""

    endpoint: str
    tenant: str
    sent_at: float
    seconds: float
    status: int | None
    outcome: Outcome
    detail: str = ""


@dataclass(frozen=True)
class Accepted:
    """A task the API accepted (202): its type, tenant and client send time (epoch s)."""

    task_id: str
    task_type: str
    tenant: str
    sent_at: float


@dataclass
class Recorder:
    """Thread-safe store of samples, accepted tasks and broken invariants (answers that
    came with a good status but contradict the contract, e.g. one idempotency key giving
    two tasks)."""

    samples: list[Sample] = field(default_factory=list)
    accepted: dict[str, Accepted] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    max_details: int = 20
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def request(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)

    def accept(self, tasks: list[Accepted]) -> None:
        with self._lock:
            for task in tasks:
                self.accepted[task.task_id] = task

    def violation(self, message: str) -> None:
        with self._lock:
            self.violations.append(message)

    def snapshot(self) -> tuple[list[Sample], dict[str, Accepted]]:
        """Copies of what was recorded so far (safe to read while threads still record)."""
        with self._lock:
            return list(self.samples), dict(self.accepted)

    def error_details(self) -> list[str]:
        """Up to ``max_details`` descriptions of failed requests, oldest first."""
        with self._lock:
            failed = [s for s in self.samples if s.outcome.is_error]
        return [
            f"{s.endpoint} [{s.tenant[:8]}] -> {s.status or s.outcome.value}: {s.detail}"
            for s in failed[: self.max_details]
        ]
