"""Reading the tasks dead-letter queue for one tenant's redrive."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

MAX_ROUNDS = 20


class DeadLetters:
    """Drains the tenant's messages from the DLQ; other tenants' go straight back."""

    def __init__(self, sqs: Any, dlq_url: str) -> None:
        self._sqs = sqs
        self._url = dlq_url
        self._taken: list[str] = []

    def drain(self, tenant_id: uuid.UUID) -> Iterator[dict[str, Any]]:
        for _ in range(MAX_ROUNDS):
            messages = self._sqs.receive_message(
                QueueUrl=self._url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=60
            ).get("Messages", [])
            if not messages:
                return
            others = []
            for message in messages:
                try:
                    body = json.loads(message["Body"])
                    mine = body.get("tenant_id") == str(tenant_id) and "task_id" in body
                except ValueError:
                    mine = False
                if mine:
                    self._taken.append(message["ReceiptHandle"])
                    yield body
                else:
                    others.append(message["ReceiptHandle"])
            self._release(others)

    def _release(self, handles: list[str]) -> None:
        for start in range(0, len(handles), 10):
            self._sqs.change_message_visibility_batch(
                QueueUrl=self._url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": h, "VisibilityTimeout": 0}
                    for i, h in enumerate(handles[start : start + 10])
                ],
            )

    def acknowledge(self) -> None:
        """Delete the drained messages (their tasks are back on the tasks queue)."""
        for start in range(0, len(self._taken), 10):
            self._sqs.delete_message_batch(
                QueueUrl=self._url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": h}
                    for i, h in enumerate(self._taken[start : start + 10])
                ],
            )
        self._taken.clear()
