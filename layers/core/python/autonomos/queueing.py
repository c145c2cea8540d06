"""Sending queue messages: batched ``SendMessageBatch`` calls, and the transactional outbox
rows they come from (deleted once SQS accepted them; the relay resends the rest)."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

logger = logging.getLogger("autonomos.queueing")


@dataclass(frozen=True)
class Outgoing:
    """One message to send: its outbox row id (if any), queue name and JSON body."""

    outbox_id: int | None
    queue: str
    body: dict[str, Any]
    delay_seconds: int = 0


class Publisher:
    """Sends messages to the named queues (``tasks``, ``callbacks``) in batches of ten."""

    def __init__(self, sqs: Any, queue_urls: dict[str, str | None]) -> None:
        self._sqs = sqs
        self._urls = queue_urls

    def url(self, queue: str) -> str:
        url = self._urls.get(queue)
        if not url:
            raise RuntimeError(f"no URL configured for the {queue} queue")
        return url

    def send(self, messages: Sequence[Outgoing]) -> list[Outgoing]:
        """Send what it can; returns the messages SQS accepted. Never raises for SQS errors
        (the outbox keeps the others for the relay)."""
        accepted: list[Outgoing] = []
        by_queue: dict[str, list[Outgoing]] = {}
        for message in messages:
            by_queue.setdefault(message.queue, []).append(message)
        for queue, items in by_queue.items():
            for start in range(0, len(items), 10):
                chunk = items[start : start + 10]
                entries = [
                    {
                        "Id": str(i),
                        "MessageBody": json.dumps(m.body, default=str),
                        "DelaySeconds": min(900, max(0, m.delay_seconds)),
                    }
                    for i, m in enumerate(chunk)
                ]
                try:
                    response = self._sqs.send_message_batch(
                        QueueUrl=self.url(queue), Entries=entries
                    )
                except (BotoCoreError, ClientError, RuntimeError) as exc:
                    logger.warning("send to %s failed, outbox keeps %d: %s", queue, len(chunk), exc)
                    continue
                ok = {int(item["Id"]) for item in response.get("Successful", [])}
                accepted.extend(chunk[i] for i in sorted(ok))
        return accepted
