"""The callbacks-queue consumer: one signed POST of the task JSON per terminal state.

A delivery already made for an event id is never repeated. Network errors and non-2xx
answers retry with backoff through the message's visibility; after the queue's
``maxReceiveCount`` the message reaches the dead-letter queue. Every attempt is logged.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import httpx

from autonomos.db.models import CallbackDelivery
from autonomos.net import UrlRefused
from autonomos.net.outbound import request
from autonomos.observability import bound, current
from autonomos.repositories import tasks as repo
from autonomos.schemas.tasks import TaskOut
from autonomos.tasks.signing import signature
from autonomos.tasks.sqs_batch import BatchSqs
from autonomos.tasks.worker import backoff, message_ids
from autonomos.tenancy import TenantContext

if TYPE_CHECKING:
    from autonomos.runtime import Runtime

logger = logging.getLogger("autonomos.callbacks")
_pool = ThreadPoolExecutor(16, thread_name_prefix="callback")
TIMEOUT_SECONDS = 10.0
RETRY_CAP_SECONDS = 300
REFUSED = "refused: "
DEAD_LETTERED = " (last attempt: moved to the dead-letter queue"
# Delivery errors after which an event is never tried again (SQL LIKE patterns).
FINAL_ERRORS = [f"{REFUSED}%", f"%{DEAD_LETTERED}%"]


class CallbackSender:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.sqs = BatchSqs(runtime.sqs(), runtime.settings.callbacks_queue_url or "")

    def handle(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Deliver a batch; failed deliveries come back after their backoff."""
        delays = list(_pool.map(self._safe_deliver, records))
        retry = [(r, d) for r, d in zip(records, delays, strict=True) if d is not None]
        self.sqs.change_visibility([(r["receiptHandle"], d) for r, d in retry])
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r, _ in retry]}

    def _safe_deliver(self, record: dict[str, Any]) -> int | None:
        receive_count = int(record.get("attributes", {}).get("ApproximateReceiveCount", 1))
        with bound(**message_ids(record)):
            try:
                return self._deliver(json.loads(record["body"]), receive_count)
            except Exception:
                logger.exception("callback message %s failed", record.get("messageId"))
                return backoff(receive_count, 1.0, 60)

    def _deliver(self, message: dict[str, Any], receive_count: int) -> int | None:
        """``None`` when done (delivered, refused or gone), else the seconds until a retry."""
        ctx = TenantContext.system(uuid.UUID(message["tenant_id"]))
        event_id = uuid.UUID(message["event_id"])
        with self.rt.db.tenant(ctx) as session:
            if repo.delivered(session, event_id):
                return None
            task = repo.get(session, uuid.UUID(message["task_id"]))
            if task is None or not task.callback_url:
                return None
            attempt = repo.count_deliveries(session, event_id) + 1
            url = task.callback_url
            body = TaskOut.model_validate(task).model_dump_json().encode()
        tenant = self.rt.tenant_settings.get(ctx)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "AutonomOS-Webhooks/1",
            "X-AutonomOS-Event": f"task.{message['status']}",
            "X-AutonomOS-Event-Id": str(event_id),
            "X-AutonomOS-Timestamp": timestamp,
            "X-AutonomOS-Signature": signature(tenant.webhook_secret, timestamp, body),
            "X-Correlation-Id": current("correlation_id") or str(event_id),
        }
        status_code: int | None = None
        error: str | None = None
        try:
            response = request(
                self.rt.tenant_settings.url_policy(ctx),
                "POST",
                url,
                headers=headers,
                content=body,
                timeout=TIMEOUT_SECONDS,
            )
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = f"receiver answered {status_code}"
        except UrlRefused as exc:
            self._log(ctx, task.id, event_id, attempt, None, f"{REFUSED}{exc.message}")
            return None
        except httpx.HTTPError as exc:
            error = f"{exc.__class__.__name__}: {exc}"
        limit = self.sqs.max_receive_count
        if error and limit is not None and receive_count >= limit:
            error += f"{DEAD_LETTERED} after {receive_count})"
        self._log(ctx, task.id, event_id, attempt, status_code, error)
        if error is None:
            return None
        return backoff(attempt, self.rt.settings.task_retry_base_seconds, RETRY_CAP_SECONDS)

    def _log(
        self,
        ctx: TenantContext,
        task_id: uuid.UUID,
        event_id: uuid.UUID,
        attempt: int,
        status_code: int | None,
        error: str | None,
    ) -> None:
        with self.rt.db.tenant(ctx) as session:
            session.add(
                CallbackDelivery(
                    tenant_id=ctx.tenant_id,
                    task_id=task_id,
                    event_id=event_id,
                    attempt=attempt,
                    status_code=status_code,
                    error=error,
                    delivered=error is None,
                )
            )
            kind = "callback_delivered" if error is None else "callback_failed"
            text = f"callback attempt {attempt}: " + (error or f"delivered ({status_code})")
            repo.add_event_locked(session, task_id, kind, text, {"event_id": str(event_id)})
