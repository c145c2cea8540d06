"""The tasks-queue consumer. Same code on Lambda and locally.

For each message of a batch: take one of the tenant's running slots (fairness), claim the
task under its row lock (idempotent: finished, canceled or busy tasks are skipped), run the
task type with its deadline, then record the outcome with a fence (only the attempt that
claimed it may finish it). The database writes are batched: one transaction per tenant for the
claims of a batch, and one per tenant for each group of runs that end together. SQS then
gets: delete (done), a visibility change (retry with exponential backoff and jitter), or a
delayed re-send (deferred). Messages the worker cannot handle at all are left for
redelivery and, after the queue's ``maxReceiveCount``, reach the dead-letter queue; the task
row says so on the last attempt.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from autonomos.db.models import Task
from autonomos.errors import as_app_error
from autonomos.observability import bound, submit
from autonomos.queueing import Outgoing
from autonomos.repositories import tasks as repo
from autonomos.schemas.tasks import TERMINAL
from autonomos.tasks.errors import TaskCanceled, TaskError, TaskTimedOut, WorkerDefect
from autonomos.tasks.registry import TaskRun
from autonomos.tasks.slots import Slot, SlotKeeper
from autonomos.tasks.sqs_batch import BatchSqs
from autonomos.tenancy import TenantContext

if TYPE_CHECKING:
    from autonomos.runtime import Runtime

logger = logging.getLogger("autonomos.worker")
D = TypeVar("D")

LEASE_MARGIN_SECONDS = 15
DEFER_SECONDS = (1, 3)
SLOT_WAIT_SECONDS = 2.0
FINISH_TOGETHER_SECONDS = 0.005
_records_pool = ThreadPoolExecutor(256, thread_name_prefix="task-record")
_run_pool = ThreadPoolExecutor(64, thread_name_prefix="task-run")


class Action(enum.Enum):
    DONE = "done"  # delete the message
    RETRY = "retry"  # leave it, visible again after ``delay``
    DEFER = "defer"  # re-send it with ``delay`` and delete this copy


@dataclass
class Outcome:
    action: Action
    delay: int = 0
    outgoing: list[Outgoing] = field(default_factory=list)


@dataclass(frozen=True)
class Claim:
    task_id: uuid.UUID
    type: str
    payload: dict[str, Any]
    attempt: int
    timeout_seconds: int
    slot: Slot


@dataclass(frozen=True)
class Locked(Generic[D]):
    """Work on one task row under its lock: ``decide(session, row)`` (``row`` is ``None``
    when the task does not exist), as the task's tenant. ``plain`` is what the batch
    statement of the common case needs of this item (see :class:`Plain`); ``None`` means
    row by row only."""

    ctx: TenantContext
    task_id: uuid.UUID
    decide: Callable[[Any, Task | None], D]
    plain: Any = None


# The common case of a batch in one statement: ``(session, items)`` → the answers of the items
# it handled, by position (at most one item per task); the others are decided row by row.
Plain = Callable[[Any, list[Locked[D]]], dict[int, D]]


def backoff(attempt: int, base: float, cap: int) -> int:
    """Exponential backoff with full jitter: a random delay in [base·2^(n-1)/2, base·2^(n-1)]."""
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    return max(1, round(random.uniform(ceiling / 2, ceiling)))


class TaskWorker:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.settings = runtime.settings
        self.sqs = BatchSqs(runtime.sqs(), runtime.settings.tasks_queue_url or "")
        self.slots = SlotKeeper(runtime.quotas, runtime.settings, runtime.registry)

    # -- batch -------------------------------------------------------------------------

    def handle(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Process an SQS batch; returns ``{"batchItemFailures": [...]}``.

        Claims every message (one transaction for the batch) and shortens each claimed
        message's visibility to its task's lease (so a lost worker's task comes back soon);
        runs the claimed tasks concurrently, recording the outcomes of runs that end together
        (within ``FINISH_TOGETHER_SECONDS`` of the first) in one transaction. A message whose
        tenant had no free running slot waits up to ``SLOT_WAIT_SECONDS`` for one to free up
        in this batch, then is re-sent with a delay.
        """
        claims = self._claim_all(records)
        self.sqs.change_visibility(self._leases(records, claims, range(len(records))))
        outcomes = self._run_all(records, claims)
        failures = self._defer(
            [(r, o) for r, o in zip(records, outcomes, strict=True) if o.action is Action.DEFER]
        )
        retry = [(r, o) for r, o in zip(records, outcomes, strict=True) if o.action is Action.RETRY]
        failures += [{"itemIdentifier": r["messageId"]} for r, _ in retry]
        self.sqs.change_visibility([(r["receiptHandle"], o.delay) for r, o in retry])
        self.rt.tasks.flush([m for outcome in outcomes for m in outcome.outgoing])
        return {"batchItemFailures": failures}

    @staticmethod
    def _leases(
        records: list[dict[str, Any]],
        claims: list[tuple[TenantContext | None, Claim | Outcome]],
        indices: Iterable[int],
    ) -> list[tuple[str, int]]:
        """(receipt handle, visibility) of the claimed messages among ``indices``."""
        return [
            (records[i]["receiptHandle"], claim.timeout_seconds + LEASE_MARGIN_SECONDS)
            for i in indices
            if isinstance(claim := claims[i][1], Claim)
        ]

    def _defer(self, deferred: list[tuple[dict[str, Any], Outcome]]) -> list[dict[str, str]]:
        """Re-send deferred messages with their delay (this copy is then deleted); the ones
        that could not be re-sent are reported as failures, visible again after the delay."""
        if not deferred:
            return []
        self.rt.seen_marks.mark([str(json.loads(r["body"]).get("task_id")) for r, _ in deferred])
        resend = [(r, Outgoing(None, "tasks", json.loads(r["body"]), o.delay)) for r, o in deferred]
        accepted = {id(m) for m in self.rt.outbox.send([m for _, m in resend])}
        unsent = [(r, m) for r, m in resend if id(m) not in accepted]
        self.sqs.change_visibility([(r["receiptHandle"], m.delay_seconds) for r, m in unsent])
        return [{"itemIdentifier": r["messageId"]} for r, _ in unsent]

    # -- claims ------------------------------------------------------------------------

    def _claim_all(
        self, records: list[dict[str, Any]]
    ) -> list[tuple[TenantContext | None, Claim | Outcome]]:
        """A claim or an outcome per record, in order."""
        decided: dict[int, tuple[TenantContext | None, Claim | Outcome]] = {}
        groups: dict[uuid.UUID, list[int]] = {}
        for index, record in enumerate(records):
            try:
                tenant_id, _, _ = _delivery(record)
            except Exception as exc:
                with bound(**message_ids(record)):
                    decided[index] = (None, self._crashed(record, exc))
                continue
            groups.setdefault(tenant_id, []).append(index)
        for index, (ctx, decision) in self._claim_groups(records, groups).items():
            decided[index] = (ctx, decision)
        return [decided[i] for i in range(len(records))]

    def _claim_groups(
        self, records: list[dict[str, Any]], groups: dict[uuid.UUID, list[int]]
    ) -> dict[int, tuple[TenantContext, Claim | Outcome]]:
        """Take running slots for each tenant's messages (those of ``groups``, by index;
        deferring the ones without a slot, without touching the database), then claim the
        tasks holding a slot in one transaction under their row locks; a slot is given back
        unless a claim results. A message whose claim failed gets the worker's crash
        outcome (redelivery)."""
        now = dt.datetime.now(dt.UTC)
        contexts = {tenant_id: TenantContext.system(tenant_id) for tenant_id in groups}
        decided: dict[int, tuple[TenantContext, Claim | Outcome]] = {}
        held: dict[int, Slot] = {}
        work: list[Locked[Claim | Outcome]] = []
        for tenant_id, members in groups.items():
            deliveries = [_delivery(records[i]) for i in members]
            slots = self.slots.take(tenant_id, [task_type for _, _, task_type in deliveries])
            for index, (_, task_id, _), slot in zip(members, deliveries, slots, strict=True):
                if slot is None:
                    defer = Outcome(Action.DEFER, random.randint(*DEFER_SECONDS))
                    decided[index] = (contexts[tenant_id], defer)
                    continue
                held[index] = slot
                decide = functools.partial(self._decide_claim, now=now, slot=slot)
                work.append(Locked(contexts[tenant_id], task_id, decide, plain=slot))
        leases: dict[uuid.UUID, list[tuple[Slot, float]]] = {}
        unused: dict[uuid.UUID, list[Slot]] = {}
        answers = self._locked(work, functools.partial(self._claim_ready, now=now))
        for index, item, answer in zip(held, work, answers, strict=True):
            tenant_id = item.ctx.tenant_id
            if isinstance(answer, Exception):
                with bound(**message_ids(records[index])):
                    decision: Claim | Outcome = self._crashed(records[index], answer)
            else:
                decision = answer
            if isinstance(decision, Claim):
                lease = decision.timeout_seconds + LEASE_MARGIN_SECONDS
                leases.setdefault(tenant_id, []).append((held[index], lease))
            else:
                unused.setdefault(tenant_id, []).append(held[index])
            decided[index] = (item.ctx, decision)
        for tenant_id in groups:
            self.slots.hold(tenant_id, leases.get(tenant_id, []))
            self.slots.give_back(tenant_id, unused.get(tenant_id, []))
        return decided

    def _locked(self, work: list[Locked[D]], plain: Plain[D] | None = None) -> list[D | Exception]:
        """Each item's answer in one transaction, tenant after tenant (in a fixed order, so
        concurrent batches cannot deadlock): ``plain``'s for the common case of each tenant's
        items, ``decide(session, row)`` for the others (their task row locked; ``None`` if it
        does not exist). When that transaction fails, each tenant's items get a transaction
        of their own, and a failing tenant's items one each, so one task's error does not
        undo the others'."""
        if not work:
            return []
        by_tenant: dict[uuid.UUID, list[int]] = {}
        for index, item in enumerate(work):
            by_tenant.setdefault(item.ctx.tenant_id, []).append(index)
        try:
            results: dict[int, D] = {}
            with self.rt.db.tenants() as tenants:
                for tenant_id in sorted(by_tenant):
                    members = by_tenant[tenant_id]
                    with bound(tenant_id=tenant_id):
                        session = tenants.use(work[members[0]].ctx)
                        results.update(self._decide_all(session, work, members, plain))
            return [results[i] for i in range(len(work))]
        except Exception as exc:
            if len(work) == 1:
                return [exc]
        parts = list(by_tenant.values()) if len(by_tenant) > 1 else [[i] for i in range(len(work))]
        retried: dict[int, D | Exception] = {}
        for part in parts:
            items: list[Locked[D]] = [work[i] for i in part]
            answers = self._locked(items, plain)
            retried.update(zip(part, answers, strict=True))
        return [retried[i] for i in range(len(work))]

    @staticmethod
    def _decide_all(
        session: Any, work: list[Locked[D]], members: list[int], plain: Plain[D] | None
    ) -> dict[int, D]:
        """The answers of ``work[i]`` for ``i`` in ``members`` (one tenant's): the plain ones
        in one statement, then the rest row by row."""
        answers: dict[int, D] = {}
        if plain is not None:
            first: dict[uuid.UUID, int] = {}  # one item per task: repeats are decided by row
            for i in members:
                if work[i].plain is not None:
                    first.setdefault(work[i].task_id, i)
            candidates = list(first.values())
            handled = plain(session, [work[i] for i in candidates])
            answers = {candidates[position]: answer for position, answer in handled.items()}
        rest = [i for i in members if i not in answers]
        if rest:
            rows = repo.lock_many(session, [work[i].task_id for i in rest])
            for i in rest:
                answers[i] = work[i].decide(session, rows.get(work[i].task_id))
        return answers

    # -- runs and outcomes -------------------------------------------------------------

    def _run_all(
        self,
        records: list[dict[str, Any]],
        claims: list[tuple[TenantContext | None, Claim | Outcome]],
    ) -> list[Outcome]:
        """Run the claimed tasks concurrently; as runs end, record the outcomes of those that
        ended together in one transaction, and claim the messages of their tenants that wait
        for a slot. Waiting stops after ``SLOT_WAIT_SECONDS`` (or when nothing runs): what is
        still without a slot is deferred. Other records keep their outcome."""
        outcomes: dict[int, Outcome] = {}
        running: dict[Future[tuple[dict[str, Any] | None, TaskError | None]], int] = {}
        waiting: dict[uuid.UUID, list[int]] = {}

        def start(index: int) -> None:
            ctx, claim = claims[index]
            assert ctx is not None and isinstance(claim, Claim)
            with bound(**message_ids(records[index])):
                running[submit(_records_pool, self._run, ctx, claim)] = index

        for index, (ctx, decision) in enumerate(claims):
            if isinstance(decision, Claim):
                start(index)
            elif decision.action is Action.DEFER and ctx is not None:
                waiting.setdefault(ctx.tenant_id, []).append(index)
            else:
                outcomes[index] = decision
        patience = time.monotonic() + SLOT_WAIT_SECONDS
        while running or waiting:
            freed: set[uuid.UUID] = set()
            if running:
                timeout = max(0.0, patience - time.monotonic()) if waiting else None
                ended, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                if ended:  # runs that end within moments of each other are recorded together
                    ended, _ = wait(running, timeout=FINISH_TOGETHER_SECONDS)
                finished = [(running.pop(future), future) for future in ended]
                outcomes.update(self._finish(records, claims, finished))
                freed = {_context(claims[index]).tenant_id for index, _ in finished}
            last_try = not running or time.monotonic() >= patience
            retried = {t: waiting.pop(t) for t in list(waiting) if last_try or t in freed}
            if not retried:
                continue
            for index, (ctx, again) in self._claim_groups(records, retried).items():
                if isinstance(again, Claim):
                    claims[index] = (ctx, again)
                elif again.action is Action.DEFER and not last_try:
                    waiting.setdefault(ctx.tenant_id, []).append(index)
                else:
                    outcomes[index] = again
            claimed = [i for members in retried.values() for i in members if _is_claim(claims[i])]
            self.sqs.change_visibility(self._leases(records, claims, claimed))
            for index in claimed:
                start(index)
        return [outcomes[i] for i in range(len(records))]

    def _finish(
        self,
        records: list[dict[str, Any]],
        claims: list[tuple[TenantContext | None, Claim | Outcome]],
        ended: list[tuple[int, Future[tuple[dict[str, Any] | None, TaskError | None]]]],
    ) -> dict[int, Outcome]:
        """Record the ended runs in one transaction and free their slots. A run that broke
        the worker, or a failed transaction, leaves its task for redelivery with the attempt
        given back."""
        outcomes: dict[int, Outcome] = {}
        recorded: list[int] = []
        work: list[Locked[Outcome]] = []
        broken: list[tuple[int, Exception]] = []
        now = dt.datetime.now(dt.UTC)
        for index, future in ended:
            ctx, claim = _context(claims[index]), _claimed(claims[index])
            error = future.exception()
            if error is not None:
                broken.append(
                    (index, error if isinstance(error, Exception) else RuntimeError(repr(error)))
                )
                continue
            result, task_error = future.result()
            decide = functools.partial(
                self._decide_finish, ctx=ctx, claim=claim, now=now, result=result, error=task_error
            )
            recorded.append(index)
            plain = (claim.attempt, result) if task_error is None else None
            work.append(Locked(ctx, claim.task_id, decide, plain=plain))
        answers = self._locked(work, functools.partial(self._succeed_plain, now=now))
        for index, outcome in zip(recorded, answers, strict=True):
            if isinstance(outcome, Exception):
                broken.append((index, outcome))
            else:
                outcomes[index] = outcome
        for index, exc in broken:
            with bound(**message_ids(records[index])):
                self._release_claim(_context(claims[index]), _claimed(claims[index]), exc)
                outcomes[index] = self._crashed(records[index], exc)
        freed: dict[uuid.UUID, list[Slot]] = {}
        for index, _ in ended:
            freed.setdefault(_context(claims[index]).tenant_id, []).append(
                _claimed(claims[index]).slot
            )
        for tenant_id, slots in freed.items():
            self.slots.give_back(tenant_id, slots)
        return outcomes

    def _crashed(self, record: dict[str, Any], exc: Exception) -> Outcome:
        """The worker itself failed on this message: redeliver it later (poison messages
        reach the dead-letter queue after ``maxReceiveCount`` deliveries)."""
        receive_count = int(record.get("attributes", {}).get("ApproximateReceiveCount", 1))
        logger.error(
            "message %s failed in the worker: %s", record.get("messageId"), exc, exc_info=exc
        )
        self._note_if_dead_lettered(record, receive_count, exc)
        return Outcome(
            Action.RETRY,
            backoff(receive_count, 1.0, self.settings.worker_crash_backoff_max_seconds),
        )

    def _release_claim(self, ctx: TenantContext, claim: Claim, exc: Exception) -> None:
        """Undo a claim whose run broke the worker: the attempt does not count."""
        try:
            with self.rt.db.tenant(ctx) as session:
                task = repo.get(session, claim.task_id, for_update=True)
                if task is None or task.status != "in_progress" or task.attempts != claim.attempt:
                    return
                task.status, task.attempts, task.lease_expires_at = (
                    "queued",
                    task.attempts - 1,
                    None,
                )
                repo.add_event(
                    session,
                    task,
                    "worker_error",
                    f"the worker failed: {exc.__class__.__name__}: {exc}",
                )
        except Exception:
            logger.exception("could not release the claim of task %s", claim.task_id)

    def _decide_claim(
        self, session: Any, task: Task | None, *, now: dt.datetime, slot: Slot
    ) -> Claim | Outcome:
        """Claim a locked task row for this attempt, or say what to do with its message."""
        if task is None or task.status in TERMINAL:
            return Outcome(Action.DONE)  # a redelivery of finished work: nothing to do
        if task.status == "queued" and task.cancel_requested:
            task.status, task.finished_at = "canceled", now
            repo.add_event(session, task, "canceled", "canceled before it ran")
            return Outcome(Action.DONE, outgoing=self.rt.tasks.terminal_callbacks(session, task))
        if task.run_after and task.run_after > now:
            return Outcome(Action.RETRY, _seconds_until(task.run_after, now))
        if task.status == "in_progress" and task.lease_expires_at and task.lease_expires_at > now:
            return Outcome(Action.RETRY, _seconds_until(task.lease_expires_at, now) + 1)
        if task.status == "in_progress":
            repo.add_event(
                session,
                task,
                "recovered",
                f"attempt {task.attempts} was lost with its worker; running again",
            )
        if task.attempts > task.max_retries:
            return self._fail(
                session, task, "attempts_exhausted", "no attempts left after worker losses"
            )
        lease = task.timeout_seconds + LEASE_MARGIN_SECONDS
        task.status = "in_progress"
        task.attempts += 1
        task.started_at = task.started_at or now
        task.lease_expires_at = now + dt.timedelta(seconds=lease)
        task.run_after = None
        repo.add_event(
            session,
            task,
            "started",
            f"attempt {task.attempts} started",
            {"attempt": task.attempts},
        )
        return Claim(
            task.id, task.type, dict(task.payload), task.attempts, task.timeout_seconds, slot
        )

    @staticmethod
    def _claim_ready(
        session: Any, items: list[Locked[Claim | Outcome]], *, now: dt.datetime
    ) -> dict[int, Claim | Outcome]:
        """The plain claims (``item.plain`` is the slot): tasks ready to run, in one
        statement."""
        claimed = repo.claim_ready(
            session, [item.task_id for item in items], now, LEASE_MARGIN_SECONDS
        )
        return {
            position: Claim(
                row.id, row.type, dict(row.payload), row.attempts, row.timeout_seconds, item.plain
            )
            for position, item in enumerate(items)
            if (row := claimed.get(item.task_id)) is not None
        }

    @staticmethod
    def _succeed_plain(
        session: Any, items: list[Locked[Outcome]], *, now: dt.datetime
    ) -> dict[int, Outcome]:
        """The plain successes (``item.plain`` is ``(attempt, result)``) of tasks with
        nothing to send on success, in one statement."""
        ended = [(item.task_id, *item.plain) for item in items]
        succeeded = repo.succeed_plain(session, ended, now)
        return {
            position: Outcome(Action.DONE)
            for position, item in enumerate(items)
            if item.task_id in succeeded
        }

    def _run(
        self, ctx: TenantContext, claim: Claim
    ) -> tuple[dict[str, Any] | None, TaskError | None]:
        task_type = self.rt.registry.get(claim.type)
        run = TaskRun(
            ctx=ctx,
            task_id=claim.task_id,
            attempt=claim.attempt,
            deadline=time.monotonic() + claim.timeout_seconds,
            runtime=self.rt,
            record_event=lambda kind, msg, data: self._event(ctx, claim.task_id, kind, msg, data),
            is_canceled=lambda: self.rt.cancel_flags.is_set(claim.task_id),
        )
        future = submit(_run_pool, task_type.run, run, task_type.parse(claim.payload))
        try:
            return future.result(timeout=claim.timeout_seconds) or {}, None
        except FutureTimeout:
            run.abandoned.set()  # cooperative code stops at its next checkpoint
            return None, TaskTimedOut(f"task exceeded its timeout of {claim.timeout_seconds} s")
        except TaskError as exc:
            return None, exc
        except WorkerDefect:
            raise
        except Exception as exc:
            known = as_app_error(exc)
            if known is not None:
                return None, TaskError(known.message, known.details, retryable=known.retryable)
            # a bug in task code: a failed attempt, retried
            logger.exception("task %s raised", claim.task_id)
            return None, TaskError(
                f"{exc.__class__.__name__}: {exc}", {"error_class": exc.__class__.__name__}
            )

    def _decide_finish(
        self,
        session: Any,
        task: Task | None,
        *,
        ctx: TenantContext,
        claim: Claim,
        now: dt.datetime,
        result: dict[str, Any] | None,
        error: TaskError | None,
    ) -> Outcome:
        """Record a run's outcome on its locked task row, fenced by the attempt."""
        if task is None or task.status != "in_progress" or task.attempts != claim.attempt:
            return Outcome(Action.DONE)  # another attempt took over: it owns the outcome
        task.lease_expires_at = None
        if error is None:
            task.status, task.result, task.error, task.finished_at = (
                "success",
                result,
                None,
                now,
            )
            repo.add_event(session, task, "succeeded", f"succeeded on attempt {claim.attempt}")
            outgoing = []
            if task.on_success_next_task:
                outgoing.append(self.rt.tasks.insert_chained(session, ctx, task))
            outgoing += self.rt.tasks.terminal_callbacks(session, task)
            return Outcome(Action.DONE, outgoing=outgoing)
        if isinstance(error, TaskCanceled):
            task.status, task.finished_at = "canceled", now
            repo.add_event(session, task, "canceled", "stopped on request")
            return Outcome(Action.DONE, outgoing=self.rt.tasks.terminal_callbacks(session, task))
        task.error = {
            "type": error.error_type,
            "message": error.message,
            "details": error.details,
        }
        if error.retryable and task.attempts <= task.max_retries:
            delay = backoff(
                task.attempts,
                self.settings.task_retry_base_seconds,
                self.settings.task_retry_max_seconds,
            )
            task.status, task.run_after = "queued", now + dt.timedelta(seconds=delay)
            repo.add_event(
                session,
                task,
                "retry_scheduled",
                f"attempt {task.attempts} failed: {error.message}; retrying in {delay} s",
                {"delay_seconds": delay, "error": task.error},
            )
            return Outcome(Action.RETRY, delay)
        reason = "no retries left" if error.retryable else "not retryable"
        return self._fail(
            session, task, error.error_type, f"{error.message} ({reason})", error.details
        )

    def _fail(
        self, session: Any, task: Any, error_type: str, message: str, details: Any = None
    ) -> Outcome:
        task.status, task.finished_at = "failed", dt.datetime.now(dt.UTC)
        task.lease_expires_at = None
        task.error = {"type": error_type, "message": message, "details": details}
        repo.add_event(session, task, "failed", message, {"error": task.error})
        return Outcome(Action.DONE, outgoing=self.rt.tasks.terminal_callbacks(session, task))

    def _event(
        self,
        ctx: TenantContext,
        task_id: uuid.UUID,
        kind: str,
        message: str,
        data: dict[str, Any] | None,
    ) -> None:
        with self.rt.db.tenant(ctx) as session:
            repo.add_event_locked(session, task_id, kind, message, data)

    def _note_if_dead_lettered(
        self, record: dict[str, Any], receive_count: int, exc: Exception
    ) -> None:
        """On the last delivery before the dead-letter queue, mark the task as failed there."""
        limit = self.sqs.max_receive_count
        if limit is None or receive_count < limit:
            return
        try:
            message = json.loads(record["body"])
            ctx = TenantContext.system(uuid.UUID(message["tenant_id"]))
            with self.rt.db.tenant(ctx) as session:
                task = repo.get(session, uuid.UUID(message["task_id"]), for_update=True)
                if task is None or task.status in TERMINAL:
                    return
                task.status, task.finished_at, task.dead_lettered = (
                    "failed",
                    dt.datetime.now(dt.UTC),
                    True,
                )
                task.lease_expires_at = None
                task.error = {
                    "type": "dead_lettered",
                    "message": f"moved to the dead-letter queue after {receive_count} "
                    f"deliveries: {exc.__class__.__name__}: {exc}",
                }
                repo.add_event(session, task, "dead_lettered", task.error["message"])
                outgoing = self.rt.tasks.terminal_callbacks(session, task)
            self.rt.tasks.flush(outgoing)
        except Exception:
            logger.exception("could not mark a dead-lettered message's task")


def message_ids(record: dict[str, Any]) -> dict[str, str | None]:
    """The ids a queue message carries, for the log context (empty for unreadable ones)."""
    try:
        body = json.loads(record.get("body") or "{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    return {
        "task_id": body.get("task_id"),
        "tenant_id": body.get("tenant_id"),
        "correlation_id": body.get("correlation_id"),
        "request_id": record.get("messageId"),
    }


def _delivery(record: dict[str, Any]) -> tuple[uuid.UUID, uuid.UUID, str | None]:
    """Tenant id, task id and task type (absent from older messages) of a tasks message."""
    message = json.loads(record["body"])
    return uuid.UUID(message["tenant_id"]), uuid.UUID(message["task_id"]), message.get("type")


def _context(decided: tuple[TenantContext | None, Claim | Outcome]) -> TenantContext:
    ctx = decided[0]
    assert ctx is not None
    return ctx


def _is_claim(decided: tuple[TenantContext | None, Claim | Outcome]) -> bool:
    return isinstance(decided[1], Claim)


def _claimed(decided: tuple[TenantContext | None, Claim | Outcome]) -> Claim:
    claim = decided[1]
    assert isinstance(claim, Claim)
    return claim


def _seconds_until(moment: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((moment - now).total_seconds() + 0.999))
