"""The ledger of accepted tasks: every task the API acknowledged (202, or 200 for an earlier
submit of the same idempotency key), whoever submitted it (the stream, the probe, a recovery
sentinel). Verification checks exactly these ids against PostgreSQL."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Accepted:
    """One accepted task: its id, idempotency key, type, and what it should cause outside."""

    task_id: str
    key: str
    type: str
    callback: bool
    accepted_at: float


class Ledger:
    """Thread-safe record of accepted tasks, keyed by idempotency key.

    Contract: ``add`` is idempotent per key; a key answered with two different task ids is
    recorded in :attr:`conflicts` (the API broke its idempotency promise).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, Accepted] = {}
        self.conflicts: list[tuple[str, str, str]] = []

    def add(self, task_id: str, key: str, task_type: str, callback: bool) -> None:
        with self._lock:
            known = self._by_key.get(key)
            if known is None:
                self._by_key[key] = Accepted(task_id, key, task_type, callback, time.monotonic())
            elif known.task_id != task_id:
                self.conflicts.append((key, known.task_id, task_id))

    def all(self) -> list[Accepted]:
        with self._lock:
            return list(self._by_key.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_key)
