"""Running agents: missing inputs, determinism, evidence integrity, settings, scale."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from autonomos_dcl.agents import (
    AgentResult,
    FinOpsSettings,
    RevOpsSettings,
    agent_spec,
    input_status,
    run_agent,
)
from autonomos_dcl.errors import InvalidAgentSettingsError, PublishError, UnknownAgentError
from autonomos_dcl.models import FieldMapping, Ontology
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.publish import build_version
from autonomos_dcl.sources.demo import expected_field_mappings, generate_demo
from tests.functional.dcl.agents.demo_versions import publish_demo

COST_FIELDS = ["cost", "report_date", "resource_id", "service_category"]


def test_a_version_without_cost_reports_gives_missing_inputs(tmp_path: Path) -> None:
    version = publish_demo(tmp_path, 0.2, skip_entities=frozenset({"cost_reports"}))
    result = run_agent("finops_pilot", version)
    assert result.status == "missing_inputs"
    assert result.missing == tuple(f"cost_reports.{f}" for f in COST_FIELDS)
    assert result.findings == ()
    assert json.loads(json.dumps(result.to_dict()))["missing"][0] == "cost_reports.cost"
    status = input_status("finops_pilot", version)
    assert not status.available and status.missing == result.missing
    assert run_agent("revops_pilot", version).status == "completed"


def test_one_unmapped_field_is_named(tmp_path: Path) -> None:
    mappings = [
        m
        for m in expected_field_mappings()
        if (m.entity, m.field) != ("aws_resources", "cpu_utilization")
    ]
    info = build_version(tmp_path, 1, generate_demo(0.2), DEFAULT_ONTOLOGY, mappings)
    result = run_agent("finops_pilot", info.path)
    assert (result.status, result.missing) == (
        "missing_inputs",
        ("aws_resources.cpu_utilization",),
    )


def test_findings_come_in_the_specs_kind_order(finops: AgentResult, revops: AgentResult) -> None:
    for result in (finops, revops):
        order = agent_spec(result.agent_id).finding_kinds
        positions = [order.index(f.kind) for f in result.findings]
        assert positions == sorted(positions)
        assert set(positions) == set(range(len(order)))  # every kind appears


def test_runs_are_deterministic_and_leave_the_version_untouched(demo_version: Path) -> None:
    before = hashlib.sha256(demo_version.read_bytes()).hexdigest()
    for agent in ("finops_pilot", "revops_pilot"):
        first, second = run_agent(agent, demo_version), run_agent(agent, demo_version)
        assert first.findings  # something to compare
        assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())
    assert hashlib.sha256(demo_version.read_bytes()).hexdigest() == before


def _unified_rows(db: Path) -> dict[tuple[str, str, str, int], str | None]:
    keys = {
        "cost_reports": "cost_id",
        "aws_resources": "resource_id",
        "opportunity": "opportunity_id",
        "account": "account_id",
        "health": "account_id",
        "usage": "account_id",
    }
    found: dict[tuple[str, str, str, int], str | None] = {}
    with duckdb.connect(str(db), read_only=True) as connection:
        for entity, key in keys.items():
            rows = connection.execute(
                f"SELECT _source_system, _source_table, _source_row, CAST({key} AS VARCHAR) "
                f"FROM entity_{entity}"
            ).fetchall()
            found.update({(entity, s, t, int(r)): k for s, t, r, k in rows})
    return found


def test_evidence_names_real_rows_and_their_source_columns(
    demo_version: Path, finops: AgentResult, revops: AgentResult
) -> None:
    rows = _unified_rows(demo_version)
    with duckdb.connect(str(demo_version), read_only=True) as connection:
        lineage = set(
            connection.execute(
                "SELECT entity, field, source_system, source_table, source_column FROM _lineage"
            ).fetchall()
        )
    for finding in (*finops.findings, *revops.findings):
        evidence = finding.evidence
        assert evidence.rows, finding.title
        assert len(evidence.rows) <= FinOpsSettings().max_evidence_rows
        assert evidence.metrics["evidence_row_count"] >= len(evidence.rows)
        tables = {(c.entity, c.system, c.table) for c in evidence.source_columns}
        for row in evidence.rows:
            assert (
                rows[(row.entity, row.source_system, row.source_table, row.source_row)] == row.key
            )
            assert (row.entity, row.source_system, row.source_table) in tables, finding.title
        for column in evidence.source_columns:
            assert (
                column.entity,
                column.field,
                column.system,
                column.table,
                column.column,
            ) in lineage
        assert finding.severity in ("info", "low", "medium", "high", "critical")
        if finding.action is not None and finding.action.kind == "slack.post":
            assert 0 < len(finding.action.payload["text"]) <= 4000
    json.dumps([f.to_dict() for f in (*finops.findings, *revops.findings)])


def test_settings_cap_findings_and_evidence_but_not_the_facts(
    demo_version: Path, finops: AgentResult
) -> None:
    capped = run_agent(
        "finops_pilot", demo_version, {"max_findings_per_kind": 3, "max_evidence_rows": 2}
    )
    for kind in ("cost_anomaly", "idle_resource", "oversized_instance"):
        assert sum(f.kind == kind for f in capped.findings) == 3
    assert all(len(f.evidence.rows) <= 2 for f in capped.findings)
    for fact in ("idle_resources", "oversized_instances", "cost_anomalies", "total_spend"):
        assert capped.summary_facts[fact] == finops.summary_facts[fact]
    assert capped.settings["max_findings_per_kind"] == 3


def test_thresholds_change_the_findings(demo_version: Path, finops: AgentResult) -> None:
    stricter = run_agent("finops_pilot", demo_version, FinOpsSettings(idle_cpu_pct=1.0))
    assert 0 < stricter.summary_facts["idle_resources"] < finops.summary_facts["idle_resources"]
    earlier = run_agent("revops_pilot", demo_version, RevOpsSettings(as_of=date(2025, 1, 1)))
    assert earlier.as_of == "2025-01-01"
    later = run_agent("revops_pilot", demo_version)
    assert earlier.summary_facts["deals_overdue"] < later.summary_facts["deals_overdue"]


def test_caller_errors_raise_typed_errors(demo_version: Path, tmp_path: Path) -> None:
    with pytest.raises(UnknownAgentError):
        run_agent("nobody", demo_version)
    with pytest.raises(InvalidAgentSettingsError):
        run_agent("revops_pilot", demo_version, FinOpsSettings())
    with pytest.raises(InvalidAgentSettingsError):
        run_agent("finops_pilot", demo_version, {"no_such_threshold": 1})
    with pytest.raises(PublishError):
        run_agent("finops_pilot", tmp_path / "v000009.duckdb")


def _crm_version(tmp_path: Path, ontology: Ontology) -> Path:
    """A tiny hand-made CRM: one account whose two dated health scores fell 85 -> 60."""
    tables = {
        "accounts": pa.table(
            {"id": ["A1"], "name": ["Acme Corp"], "industry": ["Tech"], "revenue": [1e6]}
        ),
        "deals": pa.table(
            {
                "id": ["D1"],
                "title": ["Acme renewal"],
                "account": ["A1"],
                "stage": ["Negotiation"],
                "amount": [1000.0],
                "close": [date(2025, 6, 1)],
                "probability": [70.0],
            }
        ),
        "health": pa.table(
            {
                "account": ["A1", "A1"],
                "score": [85.0, 60.0],
                "risk": ["low", "medium"],
                "at": [datetime(2025, 1, 1), datetime(2025, 3, 1)],
            }
        ),
        "usage": pa.table({"account": ["A1"], "login_days": [2], "sessions": [40]}),
    }
    pairs = {
        "accounts": {"id": "account.account_id", "name": "account.account_name",
                     "industry": "account.industry", "revenue": "account.revenue"},
        "deals": {"id": "opportunity.opportunity_id", "title": "opportunity.opportunity_name",
                  "account": "opportunity.account_id", "stage": "opportunity.stage",
                  "amount": "opportunity.amount", "close": "opportunity.close_date",
                  "probability": "opportunity.probability"},
        "health": {"account": "health.account_id", "score": "health.health_score",
                   "risk": "health.risk_level", "at": "health.last_updated"},
        "usage": {"account": "usage.account_id", "login_days": "usage.last_login_days",
                  "sessions": "usage.sessions_30d"},
    }  # fmt: skip
    mappings = []
    for table, columns in pairs.items():
        for column, target in columns.items():
            entity, field = target.split(".")
            if ontology.has_field(entity, field):
                mappings.append(
                    FieldMapping("crm", "crm", table, column, entity, field, 1.0, "human")
                )
    return build_version(tmp_path, 1, {"crm": tables}, ontology, mappings).path


def test_a_falling_health_score_is_a_decline_signal(tmp_path: Path) -> None:
    result = run_agent("revops_pilot", _crm_version(tmp_path, DEFAULT_ONTOLOGY))
    assert result.as_of == "2025-03-01"
    [decline] = [f for f in result.findings if f.kind == "account_decline"]
    metrics = decline.evidence.metrics
    assert metrics["signals"] == ["health_falling"]
    assert (metrics["previous_health_score"], metrics["latest_health_score"]) == (85.0, 60.0)
    assert metrics["health_score"] == 72.5
    assert metrics["open_amount"] == 1000.0
    assert not [f for f in result.findings if f.kind == "deal_at_risk"]


def test_optional_fields_may_be_absent_from_the_ontology(tmp_path: Path) -> None:
    data = DEFAULT_ONTOLOGY.to_dict()
    optional = {("health", "risk_level"), ("health", "last_updated"), ("usage", "sessions_30d"),
                ("opportunity", "opportunity_name")}  # fmt: skip
    for entity in data["entities"]:
        entity["fields"] = [
            f for f in entity["fields"] if (entity["name"], f["name"]) not in optional
        ]
    result = run_agent("revops_pilot", _crm_version(tmp_path, Ontology.from_dict(data)))
    assert result.status == "completed"
    assert result.as_of == date.today().isoformat()  # no dated health rows
    [deal] = [f for f in result.findings if f.kind == "deal_at_risk"]
    assert deal.evidence.metrics["opportunity_name"] is None
    assert deal.evidence.metrics["reasons"] == ["close_date_passed"]


@pytest.mark.slow
def test_a_larger_scale_completes(tmp_path: Path) -> None:
    version = publish_demo(tmp_path, 20.0)
    for agent in ("finops_pilot", "revops_pilot"):
        result = run_agent(agent, version)
        assert result.status == "completed"
        assert result.summary_facts["findings"] == len(result.findings) > 0
