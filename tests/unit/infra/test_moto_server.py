"""The emulator's speed-ups keep moto's SQS answers (in-process moto models, no server)."""

import json

import pytest
from moto.sqs import models
from moto.sqs.exceptions import ReceiptHandleIsInvalid

from infra import moto_server

ORIGINAL_ATTRIBUTES = models.Queue.attributes
ORIGINAL_MESSAGES = models.Queue.messages


@pytest.fixture
def backend() -> models.SQSBackend:
    moto_server.apply()
    backend = models.sqs_backends["123456789012"]["us-east-1"]
    backend.reset()
    return backend


def test_attributes_match_moto_and_count_messages(backend: models.SQSBackend) -> None:
    backend.create_queue("dlq")
    queue = backend.create_queue(
        "work",
        RedrivePolicy=json.dumps(
            {"deadLetterTargetArn": backend.get_queue("dlq").queue_arn, "maxReceiveCount": 3}
        ),
    )
    for n in range(3):
        backend.send_message("work", f"m{n}")
    backend.send_message("work", "later", delay_seconds=60)
    backend.receive_message("work", 1, 0, 30)

    patched = dict(queue.attributes)
    assert patched == ORIGINAL_ATTRIBUTES.fget(queue)
    assert patched["ApproximateNumberOfMessages"] == 2
    assert patched["ApproximateNumberOfMessagesNotVisible"] == 1
    assert patched["ApproximateNumberOfMessagesDelayed"] == 1
    assert json.loads(patched["RedrivePolicy"])["maxReceiveCount"] == 3
    assert "FifoQueue" not in patched and queue.attributes.get("FifoQueue") is None
    assert queue.messages == ORIGINAL_MESSAGES.fget(queue)


def test_delete_by_receipt_handle(backend: models.SQSBackend) -> None:
    backend.create_queue("work")
    for n in range(3):
        backend.send_message("work", f"m{n}")
    received = backend.receive_message("work", 2, 0, 30)
    handle = received[0].receipt_handle
    assert handle is not None

    backend.delete_message("work", handle)
    backend.delete_message("work", handle)  # again: accepted, as SQS does

    queue = backend.get_queue("work")
    assert [m.body for m in queue._messages] == ["m1", "m2"]
    with pytest.raises(ReceiptHandleIsInvalid):
        backend.delete_message("work", "not-a-handle")


def test_messages_past_retention_are_not_returned(backend: models.SQSBackend) -> None:
    backend.create_queue("work", MessageRetentionPeriod="60")
    message = backend.send_message("work", "old")
    message.sent_timestamp -= 61_000
    assert backend.receive_message("work", 1, 0, 30) == []
    backend.send_message("work", "fresh")
    assert [m.body for m in backend.receive_message("work", 10, 0, 30)] == ["fresh"]
