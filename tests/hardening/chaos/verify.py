"""After the storm: the checks, read straight from PostgreSQL (as the owner, which RLS does not
filter) and from the receiver's log of requests.

- lost: an accepted task id that is not in the database, or any task still not terminal
  when the drain deadline passes;
- duplicated: a task with more than one terminal event, two tasks for one idempotency key,
  an idempotency key answered with two ids, or an ``http.call`` that reached the receiver
  more often than the worker started attempts of it (work done without a claim);
- callbacks: a terminal task with a ``callback_url`` queues exactly one callback event;
  each queued event id reaches the receiver (missing otherwise); a second event for one
  terminal state, or an event id the database never queued, is a duplicate. The same event
  id arriving twice is a redelivery the receiver dedups by ``X-AutonomOS-Event-Id``
  (reported, not a failure: delivery is at least once);
- failed unexpectedly: a task that ended ``failed`` although only the echo tasks with
  ``fail_terminal`` are meant to (an outage must delay tasks, not fail them);
- anomalies: attempts outside ``1..max_retries+1`` for a task that ran, or more attempts
  than ``started`` events.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import create_engine, text

from tests.hardening.chaos.ledger import Ledger
from tests.support.receiver import Receiver

TERMINAL = {"success", "failed", "canceled"}
TERMINAL_EVENTS = {"succeeded", "failed", "canceled", "dead_lettered"}
EVENT_HEADER = "x-autonomos-event-id"


@dataclass
class Verdict:
    accepted: int = 0
    completed: int = 0  # terminal: success, failed or canceled
    succeeded: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    callbacks_expected: int = 0
    callbacks_missing: list[str] = field(default_factory=list)
    callbacks_duplicated: list[str] = field(default_factory=list)
    callback_redeliveries: int = 0
    recovered_tasks: int = 0  # tasks run again after their worker was lost
    anomalies: list[str] = field(default_factory=list)
    failed_unexpectedly: list[str] = field(default_factory=list)  # by a fault, not by design

    @property
    def settled(self) -> bool:
        return not self.lost and not self.callbacks_missing


class TaskRow(NamedTuple):
    id: str
    status: str
    attempts: int
    max_retries: int
    type: str
    has_callback: bool
    key: str | None
    meant_to_fail: bool  # an echo with fail_terminal
    error_type: str | None


@dataclass
class _Snapshot:
    tasks: dict[str, TaskRow]
    events: dict[str, Counter[str]]
    callback_events: dict[str, list[str]]  # task id → queued event ids
    keys: Counter[tuple[str, str]]


def _snapshot(database_url: str) -> _Snapshot:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            tasks = {
                r.id: r
                for r in (
                    TaskRow(*row)
                    for row in conn.execute(
                        text(
                            "SELECT id::text, status, attempts, max_retries, type,"
                            " callback_url IS NOT NULL, idempotency_key,"
                            " coalesce(payload->>'fail_terminal', '') = 'true',"
                            " error->>'type' FROM tasks"
                        )
                    )
                )
            }
            events: dict[str, Counter[str]] = defaultdict(Counter)
            for task_id, kind, n in conn.execute(
                text("SELECT task_id::text, kind, count(*) FROM task_events GROUP BY 1, 2")
            ):
                events[task_id][kind] = n
            callbacks: dict[str, list[str]] = defaultdict(list)
            for task_id, event_id in conn.execute(
                text(
                    "SELECT task_id::text, data->>'event_id' FROM task_events"
                    " WHERE kind = 'callback_queued'"
                )
            ):
                callbacks[task_id].append(event_id)
            keys = Counter(
                {
                    (r[0], r[1]): r[2]
                    for r in conn.execute(
                        text(
                            "SELECT tenant_id::text, idempotency_key, count(*) FROM tasks"
                            " WHERE idempotency_key IS NOT NULL GROUP BY 1, 2"
                        )
                    )
                }
            )
    finally:
        engine.dispose()
    return _Snapshot(tasks, events, callbacks, keys)


def verify(database_url: str, ledger: Ledger, receiver: Receiver) -> Verdict:
    """One evaluation of every check against the current state."""
    snap = _snapshot(database_url)
    verdict = Verdict(accepted=len(ledger))
    accepted = ledger.all()
    verdict.lost += [
        f"{a.key}: {a.task_id} not in the database" for a in accepted if a.task_id not in snap.tasks
    ]
    verdict.duplicated += [f"key {k} answered with {a} and {b}" for k, a, b in ledger.conflicts]
    verdict.duplicated += [f"{n} tasks for key {key}" for (_, key), n in snap.keys.items() if n > 1]
    calls = Counter(r.path.rsplit("/", 1)[-1] for r in receiver.matching_prefix("/call/"))
    received = Counter(
        r.headers.get(EVENT_HEADER, "")
        for r in receiver.matching("/callback")
        if 200 <= r.status < 300
    )
    queued_ids: set[str] = set()
    for task_id, row in snap.tasks.items():
        status, attempts, max_retries, key = row.status, row.attempts, row.max_retries, row.key
        events = snap.events.get(task_id, Counter())
        if status == "failed" and not row.meant_to_fail:
            verdict.failed_unexpectedly.append(f"{key or task_id}: failed ({row.error_type})")
        if status not in TERMINAL:
            verdict.lost.append(f"{key or task_id}: still {status}")
            continue
        verdict.completed += 1
        verdict.succeeded += status == "success"
        verdict.recovered_tasks += events["recovered"] > 0
        terminal_events = sum(events[k] for k in TERMINAL_EVENTS)
        if terminal_events != 1:
            verdict.duplicated.append(f"{key or task_id}: {terminal_events} terminal events")
        started = events["started"]
        if started and not 1 <= attempts <= max_retries + 1:
            verdict.anomalies.append(f"{key}: {attempts} attempts of max {max_retries + 1}")
        if attempts > started:
            verdict.anomalies.append(f"{key}: {attempts} attempts but {started} started events")
        if row.type == "http.call" and key and calls[key] > started:
            verdict.duplicated.append(f"{key}: {calls[key]} calls for {started} attempts")
        if row.has_callback:
            verdict.callbacks_expected += 1
            ids = snap.callback_events.get(task_id, [])
            if len(ids) > 1:
                verdict.callbacks_duplicated.append(f"{key}: {len(ids)} callback events")
            if not ids:
                verdict.callbacks_missing.append(f"{key}: no callback queued")
            queued_ids.update(ids)
            verdict.callbacks_missing += [
                f"{key}: event {e} never delivered" for e in ids if received[e] == 0
            ]
    verdict.callbacks_duplicated += [
        f"event {e} never queued" for e in received if e not in queued_ids
    ]
    verdict.callback_redeliveries = sum(n - 1 for n in received.values() if n > 1)
    return verdict


def drain(database_url: str, ledger: Ledger, receiver: Receiver, timeout: float) -> Verdict:
    """Re-evaluate every few seconds until nothing is lost or missing, or ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        verdict = verify(database_url, ledger, receiver)
        if verdict.settled or time.monotonic() > deadline:
            return verdict
        time.sleep(2)
