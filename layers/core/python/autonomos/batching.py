"""Natural batching of concurrent calls (the "group commit" pattern).

Threads of one process that need the same costly round trip (a ``SendMessageBatch``, a
``DELETE``) hand their items to a :class:`GroupRunner`. When no group is running, the caller
runs one at once with its own items; callers that arrive meanwhile queue up, and the first of
them runs the next group with all their items together, so round trips grow with the load
instead of their number.

A caller may announce its items before it has them (:meth:`GroupRunner.announce`: a request
still in its database transaction). A group about to start waits for announced callers, up
to ``linger_seconds``, so that concurrent requests share one round trip instead of arriving
just after each other's. Nothing else waits: a lone caller (a Lambda invocation serves one
request at a time) is never delayed.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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


class Announcement:
    """A caller's promise to submit soon (see :meth:`GroupRunner.announce`)."""

    __slots__ = ("open",)

    def __init__(self) -> None:
        self.open = True


class GroupRunner(Generic[T, R]):
    """Runs ``run_group`` over the items of concurrent callers, in groups.

    Contract: ``run_group(items)`` returns one result per item, in order. ``submit(items)``
    returns the results of exactly its own items, in order, or raises what ``run_group``
    raised for the group its items were in. A group holds whole callers, at least one, and no
    more items than ``max_items`` unless its first caller alone brings more. A group starts
    at most ``linger_seconds`` after its first caller's turn came.
    """

    def __init__(
        self,
        run_group: Callable[[list[T]], list[R]],
        max_items: int = 100,
        linger_seconds: float = 0.0,
    ) -> None:
        self._run_group = run_group
        self._max_items = max_items
        self._linger = linger_seconds
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._waiting: deque[_Waiter[T, R]] = deque()
        self._running = False
        self._announced = 0

    @contextmanager
    def announce(self) -> Iterator[Announcement]:
        """Announce a :meth:`submit` to come, made inside the block with the announcement
        (or never: leaving the block withdraws it)."""
        announcement = Announcement()
        with self._lock:
            self._announced += 1
        try:
            yield announcement
        finally:
            with self._lock:
                self._close(announcement)

    def submit(self, items: Sequence[T], announcement: Announcement | None = None) -> list[R]:
        waiter: _Waiter[T, R] = _Waiter(list(items))
        with self._lock:
            if announcement is not None:
                self._close(announcement)
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

    def _close(self, announcement: Announcement) -> None:
        """(Under the lock.) The announced caller submitted or gave up."""
        if announcement.open:
            announcement.open = False
            self._announced -= 1
            self._arrived.notify_all()

    def _run_next(self) -> None:
        with self._lock:
            deadline = time.monotonic() + self._linger
            while self._announced and sum(len(w.items) for w in self._waiting) < self._max_items:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._arrived.wait(left)
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


__all__ = ["Announcement", "GroupRunner"]
