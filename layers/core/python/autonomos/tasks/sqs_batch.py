"""What the worker asks of SQS for one batch: visibility changes and re-sends, batched."""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

logger = logging.getLogger("autonomos.tasks")


class BatchSqs:
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs = sqs
        self._url = queue_url

    @functools.cached_property
    def max_receive_count(self) -> int | None:
        """The queue's redrive ``maxReceiveCount`` (None without a dead-letter queue)."""
        try:
            attributes = self._sqs.get_queue_attributes(
                QueueUrl=self._url, AttributeNames=["RedrivePolicy"]
            )["Attributes"]
        except (BotoCoreError, ClientError):
            return None
        policy = attributes.get("RedrivePolicy")
        return int(json.loads(policy)["maxReceiveCount"]) if policy else None

    def change_visibility(self, changes: list[tuple[str, int]]) -> None:
        """``(receipt handle, seconds)`` pairs; failures only cost an earlier redelivery."""
        for start in range(0, len(changes), 10):
            chunk = changes[start : start + 10]
            try:
                self._sqs.change_message_visibility_batch(
                    QueueUrl=self._url,
                    Entries=[
                        {
                            "Id": str(i),
                            "ReceiptHandle": handle,
                            "VisibilityTimeout": max(0, min(43_199, seconds)),
                        }
                        for i, (handle, seconds) in enumerate(chunk)
                    ],
                )
            except (BotoCoreError, ClientError) as exc:
                logger.warning("visibility change failed: %s", exc)
