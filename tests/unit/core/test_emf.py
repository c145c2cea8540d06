"""The EMF line format and what each metric builder produces (pure, no I/O)."""

import json
import uuid

import pytest
from sqlalchemy.orm import Session, make_transient_to_detached

from autonomos.db.models import CallbackDelivery, DclState, Task, TaskEvent
from autonomos.emf import (
    EmfWriter,
    Metric,
    callback_attempt,
    changes,
    dcl_stages,
    llm_usage,
    metric_line,
    task_transition,
)
from autonomos.observability import bound


def _parse(line: str) -> dict[str, object]:
    return json.loads(line)  # type: ignore[no-any-return]


def test_line_declares_the_metric_under_each_dimension_set() -> None:
    metric = task_transition("echo", "success", "t1", "k1")
    line = _parse(metric_line("AutonomOS", metric, 1700000000000, {"correlation_id": "c1"}))
    assert line["_aws"] == {
        "Timestamp": 1700000000000,
        "CloudWatchMetrics": [
            {
                "Namespace": "AutonomOS",
                "Dimensions": [["State"], ["TaskType", "State"]],
                "Metrics": [{"Name": "TaskTransitions", "Unit": "Count"}],
            }
        ],
    }
    assert line["TaskTransitions"] == 1
    assert line["State"] == "success" and line["TaskType"] == "echo"
    assert line["tenant_id"] == "t1" and line["task_id"] == "k1"
    assert line["correlation_id"] == "c1"


def test_dimensionless_metric_has_one_empty_dimension_set() -> None:
    line = _parse(metric_line("N", Metric("LlmCalls", 3), 1, {}))
    assert line["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [[]]  # type: ignore[index]
    assert line["LlmCalls"] == 3


def test_dimension_values_win_over_properties_and_ids() -> None:
    metric = Metric(
        "X",
        1,
        dimensions={"State": "ok"},
        dimension_sets=(("State",),),
        properties={"State": "shadowed"},
    )
    assert _parse(metric_line("N", metric, 1, {"State": "also"}))["State"] == "ok"


@pytest.mark.parametrize(
    "metric",
    [
        Metric("X", 1, unit="Bytes/Fortnight"),
        Metric("X", 1, dimensions={}, dimension_sets=(("State",),)),
    ],
)
def test_invalid_metrics_are_refused(metric: Metric) -> None:
    with pytest.raises(ValueError):
        metric_line("N", metric, 1, {})


def test_callback_failures_count_twice_and_successes_once() -> None:
    ok = callback_attempt(True, "t", "k")
    failed = callback_attempt(False, "t", "k")
    assert [(m.name, dict(m.dimensions)) for m in ok] == [
        ("CallbackDeliveries", {"Outcome": "delivered"})
    ]
    assert [m.name for m in failed] == ["CallbackDeliveries", "CallbackFailures"]
    assert failed[0].dimensions == {"Outcome": "failed"}


def test_dcl_stages_are_seconds_by_stage_and_skip_non_numbers() -> None:
    metrics = dcl_stages({"map": 1.5, "connect": 0.25, "note": "x"}, "t")
    assert [(m.name, m.unit, m.dimensions["Stage"], m.value) for m in metrics] == [
        ("DclStageSeconds", "Seconds", "connect", 0.25),
        ("DclStageSeconds", "Seconds", "map", 1.5),
    ]


def test_llm_usage_emits_only_what_was_used() -> None:
    assert llm_usage(0, 0, "t") == []
    assert [(m.name, m.value) for m in llm_usage(2, 350, "t")] == [
        ("LlmCalls", 2),
        ("LlmTokens", 350),
    ]


def test_writer_adds_context_ids_but_a_metric_names_its_own_task() -> None:
    lines: list[str] = []
    writer = EmfWriter("AutonomOS", lines.append)
    own = str(uuid.uuid4())
    with bound(request_id="r1", tenant_id="ctx-tenant", task_id="ctx-task"):
        writer.emit([task_transition("echo", "queued", None, own), Metric("LlmCalls", 1)])
    first, second = (_parse(line) for line in lines)
    assert first["task_id"] == own and first["tenant_id"] == "ctx-tenant"
    assert first["request_id"] == "r1"
    assert second["task_id"] == "ctx-task"
    writer.emit([])
    assert len(lines) == 2


def _persistent(session: Session, obj: object) -> object:
    """Attach ``obj`` as if loaded from the database (no I/O: the session has no bind)."""
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


def test_orm_changes_become_metrics() -> None:
    tenant, task_id = uuid.uuid4(), uuid.uuid4()
    session = Session()
    task = Task(id=task_id, tenant_id=tenant, type="echo", status="queued", correlation_id="c")
    state = DclState(tenant_id=tenant, llm_calls=3, llm_tokens=100, stage_seconds={})
    _persistent(session, task)
    _persistent(session, state)
    task.status = "in_progress"
    state.llm_calls += 2
    state.llm_tokens += 50
    state.stage_seconds = {"map": 0.5}
    session.add(TaskEvent(task_id=task_id, tenant_id=tenant, seq=2, kind="started", message="m"))
    session.add(
        CallbackDelivery(
            tenant_id=tenant, task_id=task_id, attempt=1, error="receiver answered 500"
        )
    )
    found = changes(list(session.new), list(session.dirty))
    named = sorted(
        (m.name, m.value, m.dimensions.get("State") or m.dimensions.get("Stage") or "")
        for m in found
    )
    assert named == [
        ("CallbackDeliveries", 1, ""),
        ("CallbackFailures", 1, ""),
        ("DclStageSeconds", 0.5, "map"),
        ("LlmCalls", 2, ""),
        ("LlmTokens", 50, ""),
        ("TaskTransitions", 1, "in_progress"),
    ]
    assert all(str(m.properties["tenant_id"]) == str(tenant) for m in found)
    transitions = [m for m in found if m.name == "TaskTransitions"]
    assert all(
        m.properties["correlation_id"] == "c" and m.dimensions["TaskType"] == "echo"
        for m in transitions
    )


def test_unchanged_rows_emit_nothing() -> None:
    session = Session()
    task = Task(id=uuid.uuid4(), tenant_id=uuid.uuid4(), type="echo", status="queued")
    _persistent(session, task)
    task.event_seq = 4  # touched, but its state is the same
    task.status = "queued"
    assert changes(list(session.new), list(session.dirty)) == []
