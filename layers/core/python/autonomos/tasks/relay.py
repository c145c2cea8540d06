"""The outbox relay (scheduled): resend committed messages that were never sent, and
re-enqueue tasks and callbacks whose message was lost (emulator restart, purged queue)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from autonomos.config import Settings
from autonomos.db import Database
from autonomos.queueing import Outgoing
from autonomos.repositories import tasks as repo
from autonomos.tasks.callbacks import FINAL_ERRORS, RETRY_CAP_SECONDS
from autonomos.tasks.outbox import OutboxSender
from autonomos.tasks.signals import SeenMarks
from autonomos.tenancy import TenantContext

logger = logging.getLogger("autonomos.relay")
BATCH = 500


@dataclass(frozen=True)
class RelayReport:
    resent: int
    stalled: int
    callbacks: int = 0


class OutboxRelay:
    def __init__(
        self, db: Database, outbox: OutboxSender, settings: Settings, seen: SeenMarks
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._settings = settings
        self._seen = seen

    def run_once(self) -> RelayReport:
        with self._db.anonymous() as session:
            rows = repo.outbox_pending(session, self._settings.outbox_relay_after_seconds, BATCH)
        sent = self._outbox.send([Outgoing(r.id, r.queue, r.body) for r in rows])
        with self._db.anonymous() as session:
            candidates = repo.stalled(session, self._settings.stalled_task_seconds, BATCH)
        seen = self._seen.seen([str(r.id) for r in candidates])
        stalled = [r for r in candidates if str(r.id) not in seen]
        self._outbox.send(
            [
                Outgoing(
                    None,
                    "tasks",
                    {
                        "task_id": str(r.id),
                        "tenant_id": str(r.tenant_id),
                        "correlation_id": r.correlation_id,
                    },
                )
                for r in stalled
            ]
        )
        callbacks = self._requeue_callbacks()
        if rows or stalled or callbacks:
            logger.info(
                "relay resent %d outbox messages, re-enqueued %d stalled tasks and %d callbacks",
                len(sent),
                len(stalled),
                callbacks,
            )
        return RelayReport(len(sent), len(stalled), callbacks)

    def _requeue_callbacks(self) -> int:
        """Send again the callbacks whose message was lost, with their event id (deliveries
        stay once per event id). A ``callback_requeued`` event restarts their silence first,
        so a send that fails now is tried again after the quiet period, not in a loop."""
        with self._db.anonymous() as session:
            lost = repo.callbacks_stalled(
                session,
                self._settings.stalled_task_seconds,
                self._settings.task_retry_base_seconds,
                RETRY_CAP_SECONDS,
                FINAL_ERRORS,
                BATCH,
            )
        for row in lost:
            with self._db.tenant(TenantContext.system(row.tenant_id)) as session:
                repo.add_event_locked(
                    session,
                    row.task_id,
                    "callback_requeued",
                    "callback message lost; sent again",
                    {"event_id": str(row.event_id)},
                )
        sent = self._outbox.send([Outgoing(None, "callbacks", _callback(r)) for r in lost])
        return len(sent)


def _callback(row: Any) -> dict[str, str]:
    """The callbacks-queue message of a stalled callback row (as the worker first sent it)."""
    return {
        "task_id": str(row.task_id),
        "tenant_id": str(row.tenant_id),
        "event_id": str(row.event_id),
        "status": row.status,
        "correlation_id": row.correlation_id,
    }
