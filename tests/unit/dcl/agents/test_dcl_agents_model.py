"""JSON shapes of findings and results."""

import json

from autonomos_dcl.agents import (
    AgentResult,
    Evidence,
    EvidenceRow,
    Finding,
    ProposedAction,
    SourceColumnRef,
)


def test_finding_json_shape() -> None:
    finding = Finding(
        kind="idle_resource",
        severity="high",
        title="Idle",
        detail="Idle for a month",
        evidence=Evidence(
            rows=(EvidenceRow("aws_resources", "snowflake", "AWS_RESOURCES", 3, "i-1"),),
            source_columns=(
                SourceColumnRef("aws_resources", "cpu_utilization", "snowflake", "M", "CPU"),
            ),
            metrics={"monthly_cost": 12.5},
        ),
        action=ProposedAction("slack.post", "Tell Slack", {"text": "idle"}),
    )
    data = json.loads(json.dumps(finding.to_dict()))
    assert data["evidence"]["rows"][0] == {
        "entity": "aws_resources",
        "_source_system": "snowflake",
        "_source_table": "AWS_RESOURCES",
        "_source_row": 3,
        "key": "i-1",
    }
    assert data["evidence"]["source_columns"][0]["column"] == "CPU"
    assert data["action"] == {
        "kind": "slack.post",
        "title": "Tell Slack",
        "payload": {"text": "idle"},
    }


def test_result_json_shape() -> None:
    result = AgentResult(agent_id="finops_pilot", status="missing_inputs", missing=("a.b",))
    assert result.to_dict() == {
        "agent_id": "finops_pilot",
        "status": "missing_inputs",
        "findings": [],
        "missing": ["a.b"],
        "summary_facts": {},
        "as_of": None,
        "settings": {},
    }
