"""CloudWatch embedded metric format (EMF): metric lines CloudWatch Logs turns into metrics.

In AWS (``AUTONOMOS_ENV=aws``, or ``METRICS_EMF=true``) every committed change the metrics
are about writes one JSON line to stdout, which Lambda ships to CloudWatch Logs:

- ``TaskTransitions`` (Count; by ``State`` and by ``TaskType, State``): a task was created
  (``queued``) or changed state (``in_progress``, ``success``, ``failed``, ``canceled``, or
  ``queued`` again for a retry).
- ``CallbackDeliveries`` (Count; by ``Outcome``: ``delivered`` / ``failed``) and
  ``CallbackFailures`` (Count): a callback attempt was logged.
- ``DclStageSeconds`` (Seconds; by ``Stage``: ``connect``, ``profile``, ``map``,
  ``publish``): a DCL run recorded its stage durations.
- ``LlmCalls`` and ``LlmTokens`` (Count): a DCL run or an agent's summary used an LLM
  (input + output tokens), as added to the tenant's totals.

Queue and dead-letter-queue depths are SQS's own metrics (``AWS/SQS``
``ApproximateNumberOfMessagesVisible``), so they are not repeated here.

The figures come from the ORM (:func:`install` listens to SQLAlchemy sessions): changes are
collected when a session flushes and written only when its transaction commits, so a
rolled-back change is never counted. Core statements are not seen: the repository that
inserts tasks with one (the submit path) hands their creation to :func:`record`, and bulk
``UPDATE`` statements go uncounted (the owner's DLQ redrive back to ``queued``). Tenant,
task and correlation ids go on each line as properties (searchable in Logs Insights), never
as dimensions, which would make one metric per tenant.

:func:`metric_line` is pure (unit-tested); :class:`EmfWriter` does the output.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from autonomos.observability import FIELDS, current

UNITS = frozenset({"Count", "Seconds", "Milliseconds", "None"})
_PENDING = "autonomos_emf_pending"


@dataclass(frozen=True)
class Metric:
    """One metric value: ``name`` with ``unit`` under one or more dimension sets (each a
    tuple of keys of ``dimensions``; ``()`` means no dimensions)."""

    name: str
    value: float
    unit: str = "Count"
    dimensions: Mapping[str, str] = field(default_factory=dict)
    dimension_sets: tuple[tuple[str, ...], ...] = ((),)
    properties: Mapping[str, Any] = field(default_factory=dict)


def metric_line(namespace: str, metric: Metric, timestamp_ms: int, ids: Mapping[str, str]) -> str:
    """The EMF JSON line for ``metric`` (one metric per line, so dimension sets never mix).

    ``ids`` (request, correlation, tenant, task) are added as properties after
    ``metric.properties``; dimension values always win over both. Raises ``ValueError`` on
    an unknown unit or a dimension set naming a key that has no value.
    """
    if metric.unit not in UNITS:
        raise ValueError(f"unknown EMF unit {metric.unit!r}")
    for keys in metric.dimension_sets:
        missing = [k for k in keys if k not in metric.dimensions]
        if missing:
            raise ValueError(f"dimension set {keys} names missing dimensions {missing}")
    line: dict[str, Any] = {
        "_aws": {
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [
                {
                    "Namespace": namespace,
                    "Dimensions": [list(keys) for keys in metric.dimension_sets],
                    "Metrics": [{"Name": metric.name, "Unit": metric.unit}],
                }
            ],
        },
        **{k: str(v) for k, v in metric.properties.items() if v is not None},
        **{k: v for k, v in ids.items() if v is not None},
        **dict(metric.dimensions),
        metric.name: metric.value,
    }
    return json.dumps(line, separators=(",", ":"), default=str)


class EmfWriter:
    """Writes EMF lines, one per metric, with the current log-context ids; thread-safe."""

    def __init__(self, namespace: str, out: Callable[[str], None] | None = None) -> None:
        self.namespace = namespace
        self._out = out or _stdout
        self._lock = threading.Lock()

    def emit(self, metrics: Sequence[Metric]) -> None:
        if not metrics:
            return
        ids = {name: value for name in FIELDS if (value := current(name)) is not None}
        now = int(time.time() * 1000)
        lines = [metric_line(self.namespace, m, now, {**ids, **_ids_of(m)}) for m in metrics]
        with self._lock:
            for line in lines:
                self._out(line)


def _stdout(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _ids_of(metric: Metric) -> dict[str, str]:
    """The ids a metric's own properties carry (they beat the context's: a batch worker's
    context may belong to another task than the row that changed)."""
    return {k: str(metric.properties[k]) for k in FIELDS if metric.properties.get(k) is not None}


# -- what the ORM changes mean ---------------------------------------------------------------


def task_transition(
    task_type: str,
    state: str,
    tenant_id: object,
    task_id: object,
    correlation_id: object = None,
) -> Metric:
    return Metric(
        "TaskTransitions",
        1,
        dimensions={"State": state, "TaskType": task_type},
        dimension_sets=(("State",), ("TaskType", "State")),
        properties={"tenant_id": tenant_id, "task_id": task_id, "correlation_id": correlation_id},
    )


def callback_attempt(delivered: bool, tenant_id: object, task_id: object) -> list[Metric]:
    ids = {"tenant_id": tenant_id, "task_id": task_id}
    outcome = Metric(
        "CallbackDeliveries",
        1,
        dimensions={"Outcome": "delivered" if delivered else "failed"},
        dimension_sets=(("Outcome",),),
        properties=ids,
    )
    return [outcome] if delivered else [outcome, Metric("CallbackFailures", 1, properties=ids)]


def dcl_stages(seconds: Mapping[str, Any], tenant_id: object) -> list[Metric]:
    return [
        Metric(
            "DclStageSeconds",
            float(value),
            "Seconds",
            dimensions={"Stage": str(stage)},
            dimension_sets=(("Stage",),),
            properties={"tenant_id": tenant_id},
        )
        for stage, value in sorted(seconds.items())
        if isinstance(value, int | float)
    ]


def llm_usage(calls: int, tokens: int, tenant_id: object) -> list[Metric]:
    ids = {"tenant_id": tenant_id}
    metrics = []
    if calls > 0:
        metrics.append(Metric("LlmCalls", calls, properties=ids))
    if tokens > 0:
        metrics.append(Metric("LlmTokens", tokens, properties=ids))
    return metrics


def _increase(state: Any, attribute: str) -> int:
    """How much an integer column grew in this flush (0 when it did not, or was not loaded)."""
    history = inspect(state).attrs[attribute].history
    if not history.added:
        return 0
    before = history.deleted[0] if history.deleted else 0
    return max(0, int(history.added[0] or 0) - int(before or 0))


def changes(new: Sequence[Any], dirty: Sequence[Any]) -> list[Metric]:
    """The metrics that the pending ORM objects of a flush stand for: state changes on the
    ``Task.status`` history, callback attempts, DCL stage times and LLM usage."""
    from autonomos.db.models import CallbackDelivery, DclState, Task

    found: list[Metric] = []
    for obj in new:
        if isinstance(obj, CallbackDelivery):
            found += callback_attempt(obj.error is None, obj.tenant_id, obj.task_id)
    for obj in dirty:
        if isinstance(obj, Task):
            history = inspect(obj).attrs.status.history
            if history.added and list(history.added) != list(history.deleted):
                found.append(
                    task_transition(obj.type, obj.status, obj.tenant_id, obj.id, obj.correlation_id)
                )
        elif isinstance(obj, DclState):
            if inspect(obj).attrs.stage_seconds.history.added:
                found += dcl_stages(obj.stage_seconds or {}, obj.tenant_id)
            found += llm_usage(
                _increase(obj, "llm_calls"), _increase(obj, "llm_tokens"), obj.tenant_id
            )
    for obj in new:  # a first DCL state row may carry usage already
        if isinstance(obj, DclState):
            found += dcl_stages(obj.stage_seconds or {}, obj.tenant_id)
            found += llm_usage(obj.llm_calls or 0, obj.llm_tokens or 0, obj.tenant_id)
    return found


# -- session hooks ---------------------------------------------------------------------------

_installed: EmfWriter | None = None
_install_lock = threading.Lock()


def install(writer: EmfWriter) -> None:
    """Emit ``writer`` lines for every committed change of every SQLAlchemy session in this
    process (idempotent: a second call only swaps the writer)."""
    global _installed
    with _install_lock:
        first = _installed is None
        _installed = writer
        if first:
            event.listen(Session, "after_flush", _after_flush)
            event.listen(Session, "after_commit", _after_commit)
            event.listen(Session, "after_rollback", _after_rollback)


def uninstall() -> None:
    """Stop emitting (tests)."""
    global _installed
    with _install_lock:
        if _installed is None:
            return
        _installed = None
        event.remove(Session, "after_flush", _after_flush)
        event.remove(Session, "after_commit", _after_commit)
        event.remove(Session, "after_rollback", _after_rollback)


def record(session: Session, metrics: Sequence[Metric]) -> None:
    """Metrics of changes ``session`` made with Core statements (unseen by the hooks), to be
    written when its transaction commits, like the rest; nothing when EMF is off."""
    if metrics and _installed is not None:
        session.info.setdefault(_PENDING, []).extend(metrics)


def _after_flush(session: Session, _context: Any) -> None:
    # ``new`` and ``dirty`` still hold the pre-flush objects and their attribute history here.
    record(session, changes(list(session.new), list(session.dirty)))


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    writer = _installed
    if pending and writer is not None:
        writer.emit(pending)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
