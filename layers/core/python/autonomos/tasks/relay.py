"""The outbox relay (scheduled): resend committed messages that were never sent, and
re-enqueue tasks whose message was lost (emulator restart, purged queue)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from autonomos.config import Settings
from autonomos.db import Database
from autonomos.queueing import Outgoing, Publisher
from autonomos.repositories import tasks as repo
from autonomos.tasks.signals import SeenMarks

logger = logging.getLogger("autonomos.relay")
BATCH = 500


@dataclass(frozen=True)
class RelayReport:
    resent: int
    stalled: int


class OutboxRelay:
    def __init__(
        self, db: Database, publisher: Publisher, settings: Settings, seen: SeenMarks
    ) -> None:
        self._db = db
        self._publisher = publisher
        self._settings = settings
        self._seen = seen

    def run_once(self) -> RelayReport:
        with self._db.anonymous() as session:
            rows = repo.outbox_pending(session, self._settings.outbox_relay_after_seconds, BATCH)
        sent = self._publisher.send([Outgoing(r.id, r.queue, r.body) for r in rows])
        if sent:
            with self._db.anonymous() as session:
                repo.outbox_done(session, [m.outbox_id for m in sent if m.outbox_id])
        with self._db.anonymous() as session:
            candidates = repo.stalled(session, self._settings.stalled_task_seconds, BATCH)
        seen = self._seen.seen([str(r.id) for r in candidates])
        stalled = [r for r in candidates if str(r.id) not in seen]
        self._publisher.send(
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
        if rows or stalled:
            logger.info(
                "relay resent %d outbox messages, re-enqueued %d stalled tasks",
                len(sent),
                len(stalled),
            )
        return RelayReport(len(sent), len(stalled))
