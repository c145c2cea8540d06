"""Sending committed outbox messages: the SQS send, then the deletion of the rows SQS
accepted. Concurrent callers of one process share the round trips (a
:class:`~autonomos.batching.GroupRunner`): their messages go out in common
``SendMessageBatch`` calls and their rows in one ``DELETE`` (a statement of its own, outside
any transaction). A request announces its messages while its transaction runs, so that a
group about to go waits a moment (``LINGER_SECONDS`` at most) to take them too."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager

from autonomos.batching import Announcement, GroupRunner
from autonomos.db import Database
from autonomos.queueing import Outgoing, Publisher
from autonomos.repositories import tasks as repo

logger = logging.getLogger("autonomos.outbox")

MAX_GROUP_MESSAGES = 100
LINGER_SECONDS = 0.005  # how long a group waits for announced messages, at most


class OutboxSender:
    def __init__(self, db: Database, publisher: Publisher) -> None:
        self._db = db
        self._publisher = publisher
        self._groups: GroupRunner[Outgoing, bool] = GroupRunner(
            self._send, MAX_GROUP_MESSAGES, LINGER_SECONDS
        )

    def announce(self) -> AbstractContextManager[Announcement]:
        """Announce messages to come (a request's, while its transaction runs): pass the
        announcement to :meth:`send` inside the block."""
        return self._groups.announce()

    def send(
        self, messages: Sequence[Outgoing], announcement: Announcement | None = None
    ) -> list[Outgoing]:
        """Send ``messages`` (committed outbox rows, or messages without a row) and drop the
        rows SQS accepted; returns the accepted messages. Never raises for SQS or database
        errors: unsent rows, and sent rows that could not be dropped, stay for the relay
        (a duplicate message is a no-op in its consumer)."""
        if not messages:
            return []
        accepted = self._groups.submit(messages, announcement)
        return [m for m, ok in zip(messages, accepted, strict=True) if ok]

    def _send(self, messages: list[Outgoing]) -> list[bool]:
        sent = {id(m) for m in self._publisher.send(messages)}
        done = [m.outbox_id for m in messages if m.outbox_id is not None and id(m) in sent]
        if done:
            try:
                with self._db.autocommit() as session:
                    repo.outbox_done(session, done)
            except Exception:
                logger.warning("could not clear %d sent outbox rows", len(done))
        return [id(m) in sent for m in messages]


__all__ = ["OutboxSender"]
