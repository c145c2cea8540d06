"""Submitting tasks through the API the way a careful client does: every task carries an
idempotency key and a request is repeated with the same keys while the answer says "try
again" (503, 429, a timeout, a dropped connection), so an outage never makes a task's fate
ambiguous. Every answer is also recorded for the probe statistics."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.hardening.chaos.ledger import Ledger
from tests.support.api import Account

RETRYABLE = {429, 502, 503, 504}


@dataclass
class Answers:
    """Statuses the API gave (``None`` for a timeout or transport error), by status."""

    counts: dict[int | None, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)  # 5xx other than 503

    def note(self, status: int | None, what: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        if status is not None and status >= 500 and status not in (502, 503, 504):
            self.server_errors.append(f"{what}: {status}")


class GiveUp(RuntimeError):
    """The API did not accept a request within the deadline."""


def submit_tasks(
    client: httpx.Client,
    account: Account,
    specs: list[dict[str, Any]],
    ledger: Ledger,
    answers: Answers,
    *,
    deadline_seconds: float = 180,
) -> list[str]:
    """Submit ``specs`` (each with an ``idempotency_key``) as one single or batch request,
    repeating it until accepted; records the accepted tasks in ``ledger``; returns the ids.

    Raises :class:`GiveUp` after ``deadline_seconds`` of retryable answers, or at once on an
    answer that is neither accepted nor retryable (a bug to report, not to paper over).
    """
    single = len(specs) == 1
    path, body = (
        ("/api/v1/tasks", specs[0]) if single else ("/api/v1/tasks/batch", {"tasks": specs})
    )
    deadline = time.monotonic() + deadline_seconds
    pause = 0.2
    while True:
        status: int | None
        try:
            response = client.post(path, headers=account.headers, json=body)
            status = response.status_code
        except httpx.HTTPError:
            status, response = None, None
        answers.note(status, f"POST {path}")
        if response is not None and status in (200, 202):
            items = [response.json()] if single else response.json()["items"]
            for spec, item in zip(specs, items, strict=True):
                ledger.add(
                    item["id"], spec["idempotency_key"], spec["type"], "callback_url" in spec
                )
            return [item["id"] for item in items]
        if status is not None and status not in RETRYABLE and status < 500:
            raise GiveUp(f"POST {path} answered {status}: {response.text if response else ''}")
        if time.monotonic() > deadline:
            raise GiveUp(
                f"POST {path} not accepted within {deadline_seconds:.0f} s (last {status})"
            )
        time.sleep(pause)
        pause = min(pause * 2, 2.0)
