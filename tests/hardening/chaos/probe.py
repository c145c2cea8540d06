"""The outage probe: while a fault is active it calls the API in a loop and records what it
answered. The contract under test: with a dependency down, the API answers 503 (or succeeds,
when it can do without that dependency) — never another 5xx, never a hang.

A hang is a request that got no answer within ``timeout`` seconds (the client gives up).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from tests.hardening.chaos.ledger import Ledger
from tests.support.api import Account

logger = logging.getLogger("chaos.probe")


@dataclass(frozen=True)
class ProbeAnswer:
    fault: str
    request: str
    status: int | None  # None: no answer (timeout or dropped connection)
    seconds: float
    error: str = ""

    @property
    def bad(self) -> bool:
        """No answer, a 5xx other than 503, or a 4xx other than 429 (a request that is fine
        when everything is up must not turn into a client error because something is down)."""
        return self.status is None or (self.status >= 400 and self.status not in (429, 503))


@dataclass
class Probe:
    """Call :meth:`during` around each outage; :attr:`answers` collects every answer."""

    base_url: str
    account: Account
    ledger: Ledger
    known_task_id: str
    timeout: float = 10.0
    answers: list[ProbeAnswer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def during(self, fault: str) -> ProbeWindow:
        return ProbeWindow(self, fault)

    def round(self, client: httpx.Client, fault: str) -> None:
        """One call of each kind: health, log in, who am I, read one task, list, submit,
        metrics (queue depths), DCL state."""
        h = self.account.headers
        n = next(self._counter)
        login = {"email": self.account.email, "password": self.account.password}
        self._call(fault, "GET /health", lambda: client.get("/health"))
        self._call(fault, "POST /auth/login", lambda: client.post("/api/v1/auth/login", json=login))
        self._call(fault, "GET /users/me", lambda: client.get("/api/v1/users/me", headers=h))
        self._call(
            fault, "GET /admin/metrics", lambda: client.get("/api/v1/admin/metrics", headers=h)
        )
        self._call(fault, "GET /dcl/state", lambda: client.get("/api/v1/dcl/state", headers=h))
        self._call(
            fault,
            "GET /tasks/{id}",
            lambda: client.get(f"/api/v1/tasks/{self.known_task_id}", headers=h),
        )
        self._call(
            fault,
            "GET /tasks",
            lambda: client.get("/api/v1/tasks", params={"limit": 5}, headers=h),
        )
        key = f"probe-{fault}-{n}"
        spec = {
            "type": "echo",
            "payload": {"probe": n},
            "idempotency_key": key,
            "timeout_seconds": 5,
        }
        response = self._call(
            fault, "POST /tasks", lambda: client.post("/api/v1/tasks", json=spec, headers=h)
        )
        if response is not None and response.status_code in (200, 202):
            self.ledger.add(response.json()["id"], key, "echo", False)

    def _call(
        self, fault: str, name: str, send: Callable[[], httpx.Response]
    ) -> httpx.Response | None:
        started = time.monotonic()
        response: httpx.Response | None = None
        error = ""
        try:
            response = send()
        except httpx.HTTPError as exc:
            error = f"{exc.__class__.__name__}: {exc}"
        answer = ProbeAnswer(
            fault,
            name,
            response.status_code if response is not None else None,
            time.monotonic() - started,
            error,
        )
        with self._lock:
            self.answers.append(answer)
        return response


class ProbeWindow:
    """A context manager: probes in a background thread from enter until exit."""

    def __init__(self, probe: Probe, fault: str) -> None:
        self._probe, self._fault = probe, fault
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"probe-{fault}", daemon=True)

    def __enter__(self) -> ProbeWindow:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(self._probe.timeout * 5)
        seen = Counter((a.request, a.status) for a in self._probe.answers if a.fault == self._fault)
        logger.info("probe during %s: %s", self._fault, dict(seen))

    def _run(self) -> None:
        with httpx.Client(base_url=self._probe.base_url, timeout=self._probe.timeout) as client:
            while True:  # at least one round, however short the outage
                self._probe.round(client, self._fault)
                if self._stop.wait(0.3):
                    return
