"""Recovery measurement: after a fault ends, a fresh task is submitted and followed until it
has finished end to end (API → outbox → queue → worker → PostgreSQL). The time that takes is
the fault's recovery time; a slow one logs the task's event timeline, to show where it
waited."""

from __future__ import annotations

import logging
import time
import uuid

import httpx

from tests.hardening.chaos.client import Answers, submit_tasks
from tests.hardening.chaos.ledger import Ledger
from tests.support.api import TERMINAL, Account

logger = logging.getLogger("chaos.recovery")
SLOW_SECONDS = 5.0


def _wait_terminal(client: httpx.Client, account: Account, task_id: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            response = client.get(f"/api/v1/tasks/{task_id}", headers=account.headers)
            if response.status_code == 200 and response.json()["status"] in TERMINAL:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"task {task_id} not finished within {timeout:.0f} s")


class Sentinel:
    """Callable: submit a fresh ``echo`` task (recorded in the ledger) and return once it
    has finished; raises when it was not accepted or did not finish in time."""

    def __init__(self, base_url: str, account: Account, ledger: Ledger, answers: Answers) -> None:
        self._base_url, self._account = base_url, account
        self._ledger, self._answers = ledger, answers

    def __call__(self, label: str) -> None:
        spec = {
            "type": "echo",
            "payload": {"sentinel": label},
            "timeout_seconds": 5,
            "idempotency_key": f"sentinel-{label}-{uuid.uuid4().hex[:6]}",
        }
        started = time.monotonic()
        with httpx.Client(base_url=self._base_url, timeout=15) as client:
            [task_id] = submit_tasks(
                client, self._account, [spec], self._ledger, self._answers, deadline_seconds=120
            )
            _wait_terminal(client, self._account, task_id, 180)
            if time.monotonic() - started > SLOW_SECONDS:
                self._log_timeline(client, label, task_id)

    def _log_timeline(self, client: httpx.Client, label: str, task_id: str) -> None:
        response = client.get(f"/api/v1/tasks/{task_id}/events", headers=self._account.headers)
        if response.status_code == 200:
            steps = [f"{e['at'][11:23]} {e['kind']}" for e in response.json()["items"]]
            logger.info("slow recovery after %s: %s", label, "; ".join(steps))
