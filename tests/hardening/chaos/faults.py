"""The faults, injected on a running local stack and the servers the suite owns.

Each fault returns once the broken part is back (the dependency restarted, or the
supervisor has started a new process); the time between injection and that moment is the
outage. Faults never wait for the platform to recover: that is measured separately (see
:class:`FaultRunner`).

- ``kill_workers``: SIGKILL the queue-workers process (mid-batch); the supervisor restarts it.
- ``postgres``: stop PostgreSQL (fast shutdown drops every connection) and start it again.
- ``redis``: stop Redis and start it again on the same socket.
- ``emulator``: SIGKILL the AWS emulator; the supervisor restarts it and recreates the
  template's queues (empty: what was queued is gone, the outbox relay re-enqueues it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import psutil

from infra import emulator
from tests.hardening.chaos.servers import OwnedServers
from tests.support.services import RunningStack

logger = logging.getLogger("chaos.faults")
FAULTS = ("kill_workers", "postgres", "redis", "emulator")


def _child(stack: RunningStack, matches: Callable[[list[str]], bool]) -> psutil.Process | None:
    for child in psutil.Process(stack.process.pid).children(recursive=True):
        try:
            if matches(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                return child
        except psutil.Error:
            continue
    return None


def _listener(stack: RunningStack, port: int) -> psutil.Process | None:
    """The stack's child process listening on ``port`` (the emulator, whatever its command)."""
    for child in psutil.Process(stack.process.pid).children(recursive=True):
        try:
            if any(
                c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port
                for c in child.net_connections(kind="tcp")
            ):
                return child
        except psutil.Error:
            continue
    return None


def _is_workers(argv: list[str]) -> bool:
    return "infra.serve" in argv and "workers" in argv


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(0.1)


@dataclass
class Injector:
    """Knows how to break each part; ``down_seconds`` is how long a server stays stopped."""

    stack: RunningStack
    servers: OwnedServers
    down_seconds: float = 4.0

    def inject(self, name: str) -> None:
        getattr(self, name)()

    def kill_workers(self) -> None:
        victim = _child(self.stack, _is_workers)
        if victim is None:
            raise RuntimeError("no workers process to kill")
        victim.kill()
        victim.wait(10)

        def replaced() -> bool:
            new = _child(self.stack, _is_workers)
            return new is not None and new.pid != victim.pid

        _wait(replaced, 30, "a new workers process")

    def postgres(self) -> None:
        self.servers.postgres.halt()
        time.sleep(self.down_seconds)
        self.servers.postgres.resume()

    def redis(self) -> None:
        self.servers.redis.halt()
        time.sleep(self.down_seconds)
        self.servers.redis.resume()

    def emulator(self) -> None:
        port = int(self.stack.emulator_url.rsplit(":", 1)[1])
        victim = _listener(self.stack, port)
        if victim is None:
            raise RuntimeError(f"no child process listens on the emulator's port {port}")
        victim.kill()
        victim.wait(10)
        sqs, _ = emulator.clients(self.stack.emulator_url)

        def provisioned() -> bool:
            try:
                return len(sqs.list_queues().get("QueueUrls", [])) >= 2
            except Exception:
                return False

        _wait(provisioned, 60, "the emulator's restart with its queues")


@dataclass
class FaultRecord:
    """One injected fault: when it started and ended (monotonic) and how long until a fresh
    task completed end to end after it ended (``None``: not within the deadline)."""

    name: str
    label: str  # "<n>:<name>", what the probe tags its answers with
    started: float
    ended: float
    recovery_seconds: float | None = None
    error: str = ""


@dataclass
class FaultRunner:
    """Runs ``plan`` in a thread: waits ``warmup``, then every ``interval`` seconds injects
    the next fault inside a probe window and measures recovery with ``recover`` (a callable
    that returns once a task submitted after the fault has completed)."""

    injector: Injector
    plan: list[str]
    probe_window: Callable[[str], AbstractContextManager[object]]
    recover: Callable[[str], None]
    warmup: float
    interval: float
    records: list[FaultRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, name="chaos-faults", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        next_at = time.monotonic() + self.warmup
        for index, name in enumerate(self.plan):
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at = time.monotonic() + self.interval
            started = time.monotonic()
            record = FaultRecord(name, f"{index + 1}:{name}", started, started)
            logger.info("fault %d/%d: %s", index + 1, len(self.plan), name)
            try:
                with self.probe_window(record.label):
                    self.injector.inject(name)
            except Exception as exc:
                logger.exception("fault %s could not be injected", name)
                record.error = f"{exc.__class__.__name__}: {exc}"
            record.ended = time.monotonic()
            try:
                self.recover(f"{name}-{index}")
                record.recovery_seconds = time.monotonic() - record.ended
            except Exception as exc:
                record.error = record.error or f"no recovery: {exc}"
            logger.info(
                "fault %s: outage %.1f s, recovery %s s",
                name,
                record.ended - started,
                record.recovery_seconds,
            )
            self.records.append(record)
