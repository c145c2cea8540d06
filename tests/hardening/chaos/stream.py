"""The task stream: a client thread submitting a mixed stream of tasks at a steady pace.

Mix (seeded, so a run can be repeated): ``echo`` with short cooperative sleeps, some failing
their first attempt (retried) and a few failing terminally; ``http.call`` to the local
receiver (``/call/<key>``, so executions are counted per task); and about a fifth of all
tasks with a ``callback_url`` on the receiver (``/callback``). Requests alternate between
single submits and batches of 2-12. Every task carries an idempotency key, so retries
during outages can never create a task twice.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.hardening.chaos.client import Answers, GiveUp, submit_tasks
from tests.hardening.chaos.ledger import Ledger
from tests.support.api import Account

logger = logging.getLogger("chaos.stream")
TASK_TIMEOUT_SECONDS = 5  # short, so a task lost with a killed worker comes back soon


def task_spec(rng: random.Random, key: str, receiver_url: str) -> dict[str, Any]:
    """One task of the mix, with idempotency key ``key``."""
    roll = rng.random()
    spec: dict[str, Any]
    if roll < 0.35:
        spec = {
            "type": "http.call",
            "payload": {
                "method": "POST",
                "url": f"{receiver_url}/call/{key}",
                "body": {"key": key},
                "timeout_seconds": 3,
            },
        }
    else:
        payload: dict[str, Any] = {"key": key, "sleep_ms": rng.choice([0, 50, 200, 600])}
        if payload["sleep_ms"] >= 200:
            payload["steps"] = 2
        if rng.random() < 0.15:
            payload["fail_times"] = 1
        elif rng.random() < 0.03:
            payload["fail_terminal"] = True
        spec = {"type": "echo", "payload": payload}
    spec.update(idempotency_key=key, max_retries=6, timeout_seconds=TASK_TIMEOUT_SECONDS)
    if rng.random() < 0.2:
        spec["callback_url"] = f"{receiver_url}/callback"
    return spec


@dataclass
class TaskStream:
    """Submits ``total`` tasks over about ``duration`` seconds, round-robin over ``accounts``.

    Contract: after :meth:`join`, every task it submitted is either in ``ledger`` or listed in
    :attr:`refused` (the API never accepted it within the client deadline — reported, and
    counted as a failure of the run, since the client was told to keep retrying).
    """

    base_url: str
    accounts: list[Account]
    receiver_url: str
    ledger: Ledger
    answers: Answers
    total: int
    duration: float
    seed: int = 7
    run_id: str = "chaos"
    refused: list[str] = field(default_factory=list)
    submitted: int = 0  # tasks the stream got through (accepted or refused)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, name="chaos-stream", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        rng = random.Random(self.seed)
        started = time.monotonic()
        sent = 0
        request_no = 0
        with httpx.Client(base_url=self.base_url, timeout=15) as client:
            while sent < self.total:
                size = 1 if request_no % 2 == 0 else min(rng.randint(2, 12), self.total - sent)
                specs = [
                    task_spec(rng, f"{self.run_id}-{sent + i}", self.receiver_url)
                    for i in range(size)
                ]
                account = self.accounts[request_no % len(self.accounts)]
                try:
                    submit_tasks(client, account, specs, self.ledger, self.answers)
                except GiveUp as exc:
                    logger.error("stream gave up on %d tasks: %s", size, exc)
                    self.refused += [s["idempotency_key"] for s in specs]
                sent += size
                self.submitted = sent
                request_no += 1
                due = started + self.duration * sent / self.total  # keep the pace
                time.sleep(max(0.0, due - time.monotonic()))
