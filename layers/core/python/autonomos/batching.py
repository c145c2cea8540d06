"""Natural batching of concurrent calls (the "group commit" pattern).

Threads of one process that need the same costly round trip (a ``SendMessageBatch``, a
``DELETE``) hand their items to a :class:`GroupRunner`. When no group is running, the caller
runs one at once with its own items; callers that arrive meanwhile queue up, and the first of
them runs the next group with all their items together. Nobody waits on a timer: a lone
caller (a Lambda invocation serves one request at a time) is never delayed, and under load a
group holds what arrived during the previous one, so round trips grow with the load instead of
their number.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class _Waiter(Generic[T, R]):
    __slots__ = ("done", "error", "items", "ready", "results")

    def __init__(self, items: list[T]) -> None:
        self.items = items
        self.results: list[R] = []
        self.error: BaseException | None = None
        self.done = False
        self.ready = threading.Event()  # set when done, or when it is to run the next group


class GroupRunner(Generic[T, R]):
    """Runs ``run_group`` over the items of concurrent callers, in groups.

    Contract: ``run_group(items)`` returns one result per item, in order. ``submit(items)``
    returns the results of exactly its own items, in order, or raises what ``run_group``
    raised for the group its items were in. A group holds whole callers, at least one, and no
    more items than ``max_items`` unless its first caller alone brings more.
    """

    def __init__(self, run_group: Callable[[list[T]], list[R]], max_items: int = 100) -> None:
        self._run_group = run_group
        self._max_items = max_items
        self._lock = threading.Lock()
        self._waiting: deque[_Waiter[T, R]] = deque()
        self._running = False

    def submit(self, items: Sequence[T]) -> list[R]:
        waiter: _Waiter[T, R] = _Waiter(list(items))
        with self._lock:
            self._waiting.append(waiter)
            leads = not self._running
            self._running = True
        if not leads:
            waiter.ready.wait()
        if not waiter.done:  # first in line: run the group it heads
            self._run_next()
        if waiter.error is not None:
            raise waiter.error
        return waiter.results

    def _run_next(self) -> None:
        with self._lock:
            group = [self._waiting.popleft()]
            count = len(group[0].items)
            while self._waiting and count + len(self._waiting[0].items) <= self._max_items:
                count += len(self._waiting[0].items)
                group.append(self._waiting.popleft())
        try:
            results = self._run_group([item for waiter in group for item in waiter.items])
            if len(results) != count:
                raise RuntimeError(f"run_group returned {len(results)} results for {count}")
            start = 0
            for waiter in group:
                waiter.results = results[start : start + len(waiter.items)]
                start += len(waiter.items)
        except BaseException as exc:  # every caller of the group sees the failure
            for waiter in group:
                waiter.error = exc
        finally:
            with self._lock:
                heir = self._waiting[0] if self._waiting else None
                self._running = heir is not None
            for waiter in group:
                waiter.done = True
                waiter.ready.set()
            if heir is not None:
                heir.ready.set()


__all__ = ["GroupRunner"]
