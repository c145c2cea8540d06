"""The embedded moto server with its SQS hot paths made independent of the queue's length.

moto 5 recomputes every queue attribute — including the three ``ApproximateNumberOf*``
counts, each a scan of all messages with two clock reads per message — whenever it reads one
attribute: on every ``SendMessage`` (the content-based deduplication flag) and for every
message a ``ReceiveMessage`` returns (the retention period). A backlog of a few thousand
messages made each call cost tens of milliseconds, so the emulator, not the platform, set the
local stack's throughput. The patches below keep moto's behaviour and answers; they only read
the one attribute asked for, use one clock read per call, and delete by receipt handle in one
pass. Applied in the emulator's own process only (``python -m infra.moto_server``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from moto.core.utils import camelcase_to_underscores
from moto.sqs import models
from moto.sqs.exceptions import ReceiptHandleIsInvalid


class QueueAttributes(Mapping[str, Any]):
    """A queue's attributes as moto reports them, each computed when it is read."""

    def __init__(self, queue: models.Queue) -> None:
        self._queue = queue
        names = list(queue.BASE_ATTRIBUTES)
        if queue.fifo_queue:
            names += queue.FIFO_ATTRIBUTES
        if queue.kms_master_key_id:  # type: ignore[attr-defined]
            names += queue.KMS_ATTRIBUTES
        if queue.policy:
            names.append("Policy")
        if queue.redrive_policy:
            names.append("RedrivePolicy")
        self._names = names

    def __getitem__(self, name: str) -> Any:
        if name not in self._names:
            raise KeyError(name)
        if name == "Policy":
            return self._queue.policy
        if name == "RedrivePolicy":
            return json.dumps(self._queue.redrive_policy)
        value = getattr(self._queue, camelcase_to_underscores(name))
        return str(value).lower() if isinstance(value, bool) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


_moto_unix_time_millis = models.unix_time_millis


def _now_millis(moment: datetime | None = None) -> float:
    """moto's ``unix_time_millis`` without its datetime arithmetic for "now"."""
    return time.time() * 1000 if moment is None else _moto_unix_time_millis(moment)


def _messages(queue: models.Queue) -> list[models.Message]:
    """Visible, undelayed messages, reading the clock once."""
    now = _now_millis()
    return [m for m in queue._messages if m.visible_at < now and m.delayed_until <= now]


def _delete_message(queue: models.Queue, receipt_handle: str) -> None:
    if receipt_handle in queue.deleted_messages:
        return
    for index, message in enumerate(queue._messages):
        if message.had_receipt_handle(receipt_handle):
            queue.pending_messages.discard(message)
            queue.deleted_messages.update(message.all_receipt_handles)  # type: ignore[arg-type]
            del queue._messages[index]
            return
    raise ReceiptHandleIsInvalid()


def _retention_ok(backend: models.SQSBackend, queue_name: str, message: models.Message) -> bool:
    retention = int(backend.get_queue(queue_name).message_retention_period)  # type: ignore[attr-defined]
    return bool(retention + message.sent_timestamp / 1000 > time.time())  # type: ignore[operator]


def apply() -> None:
    """Patch moto's SQS model in this process (idempotent)."""
    sqs: Any = models  # patched dynamically: moto's own annotations do not apply
    sqs.Queue.attributes = property(QueueAttributes)
    sqs.Queue.messages = property(_messages)
    sqs.Queue.delete_message = _delete_message
    sqs.SQSBackend.is_message_valid_based_on_retention_period = _retention_ok
    sqs.unix_time_millis = _now_millis


def main() -> None:
    apply()
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
