"""SQS event-source mappings: one receiver per queue hands real SQS batches to the handler,
deletes the messages that succeeded and leaves ``batchItemFailures`` for redelivery."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from infra.events import sqs_event
from infra.handlers import Handler, LambdaContext, load_handler
from infra.template import EventSource

logger = logging.getLogger("autonomos.pollers")


class QueuePoller:
    """Long-polls one queue and invokes its function with up to ``batch_size`` messages.

    Batches run on a small pool (like concurrent Lambda invocations); the single receiver
    avoids duplicate deliveries. A handler that raises leaves the whole batch for redelivery.

    After a receive that found fewer messages than a batch holds, the next one waits
    ``batch_window_seconds`` (or the template's ``MaximumBatchingWindowInSeconds`` when set):
    a sub-second batching window, so that under load the function gets full batches instead
    of a receive, an invocation and a delete per message or two. A receive that fills a batch
    is followed by the next at once, and the first message after a quiet spell is received as
    soon as it arrives (long polling).
    """

    def __init__(
        self,
        source: EventSource,
        queue_url: str,
        sqs: Any,
        *,
        timeout_seconds: float,
        concurrency: int = 4,
        wait_seconds: int = 1,
        batch_window_seconds: float = 0.0,
    ) -> None:
        self.source = source
        self.queue_url = queue_url
        self.sqs = sqs
        self.timeout_seconds = timeout_seconds
        self.wait_seconds = wait_seconds
        self.batch_window_seconds = source.max_batching_window or batch_window_seconds
        self._handler: Handler = load_handler(source.code_uri, source.handler)
        self._arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        self._pool = ThreadPoolExecutor(concurrency, thread_name_prefix=f"fn-{source.function}")
        self._slots = threading.Semaphore(concurrency)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"poll-{source.queue}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(self.wait_seconds + 5)
        self._pool.shutdown(wait=True, cancel_futures=False)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._slots.acquire()
            try:
                messages = self._receive()
            except (BotoCoreError, ClientError) as exc:
                self._slots.release()
                logger.warning("receive from %s failed: %s", self.source.queue, exc)
                self._stop.wait(1.0)
                continue
            if not messages:
                self._slots.release()
                continue
            self._pool.submit(self._invoke, messages)
            if len(messages) < min(self.source.batch_size, 10):
                self._stop.wait(self.batch_window_seconds)

    def _receive(self) -> list[dict[str, Any]]:
        response = self.sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=min(self.source.batch_size, 10),
            WaitTimeSeconds=self.wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        return list(response.get("Messages", []))

    def _invoke(self, messages: list[dict[str, Any]]) -> None:
        try:
            context = LambdaContext(self.source.function, self.timeout_seconds)
            try:
                result = self._handler(sqs_event(messages, self._arn), context) or {}
            except Exception:
                logger.exception("function %s failed a batch", self.source.function)
                return  # nothing deleted: the batch comes back after the visibility timeout
            failed = (
                {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
                if self.source.report_batch_item_failures
                else set()
            )
            done = [m for m in messages if m["MessageId"] not in failed]
            self._delete(done)
        finally:
            self._slots.release()

    def _delete(self, messages: list[dict[str, Any]]) -> None:
        for start in range(0, len(messages), 10):
            chunk = messages[start : start + 10]
            try:
                self.sqs.delete_message_batch(
                    QueueUrl=self.queue_url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                        for i, m in enumerate(chunk)
                    ],
                )
            except (BotoCoreError, ClientError) as exc:
                logger.warning(
                    "delete from %s failed (will be redelivered): %s", self.source.queue, exc
                )
