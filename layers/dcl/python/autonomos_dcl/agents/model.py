"""Typed results of an agent run: findings, their evidence, proposed actions.

All values are frozen dataclasses with a ``to_dict`` giving their JSON shape
(the shape stored with a finding and served by ``GET
/api/v1/agents/{id}/findings``, minus the ``id``/``created_at`` the core
adds). Every number inside is a plain ``int``/``float`` (already rounded),
every date an ISO string, so ``json.dumps(result.to_dict())`` always works.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
"""From least to most severe."""

ActionKind = Literal["slack.post", "task"]
RunStatus = Literal["completed", "missing_inputs"]


@dataclass(frozen=True)
class EvidenceRow:
    """One unified row a finding rests on: its entity, provenance and primary-key value."""

    entity: str
    source_system: str
    source_table: str
    source_row: int
    key: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "_source_system": self.source_system,
            "_source_table": self.source_table,
            "_source_row": self.source_row,
            "key": self.key,
        }


@dataclass(frozen=True)
class SourceColumnRef:
    """A source column that feeds a unified field the finding used (from ``_lineage``)."""

    entity: str
    field: str
    system: str
    table: str
    column: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "field": self.field,
            "system": self.system,
            "table": self.table,
            "column": self.column,
        }


@dataclass(frozen=True)
class Evidence:
    """What a finding rests on.

    - ``rows``: the most relevant unified rows (at most the run's
      ``max_evidence_rows``); ``metrics["evidence_row_count"]`` says how many
      rows the finding covers in all when that is more.
    - ``source_columns``: the source columns feeding the fields the finding
      used, restricted to the source tables its rows came from.
    - ``metrics``: the finding's figures (kind-specific, JSON values only).
    """

    rows: tuple[EvidenceRow, ...] = ()
    source_columns: tuple[SourceColumnRef, ...] = ()
    metrics: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": [r.to_dict() for r in self.rows],
            "source_columns": [c.to_dict() for c in self.source_columns],
            "metrics": dict(self.metrics),
        }


@dataclass(frozen=True)
class ProposedAction:
    """An action the agent proposes; the tenant's autonomy mode decides whether it runs.

    - ``slack.post``: ``payload`` is the ``slack.post`` task payload ``{"text": ...}``.
    - ``task``: a follow-up task; ``payload`` is ``{"action": <snake_case verb>, ...
      parameters}`` (for example ``{"action": "downsize_instance", "resource_id": ...}``).
    """

    kind: ActionKind
    title: str
    payload: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "payload": dict(self.payload)}


@dataclass(frozen=True)
class Finding:
    """One thing an agent found; ``kind`` names the analysis (see the agents' docs)."""

    kind: str
    severity: Severity
    title: str
    detail: str
    evidence: Evidence
    action: ProposedAction | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "title": self.title,
            "detail": self.detail,
            "evidence": self.evidence.to_dict(),
            "action": self.action.to_dict() if self.action is not None else None,
        }


@dataclass(frozen=True)
class AgentResult:
    """The outcome of one agent run.

    - ``status``: ``completed``, or ``missing_inputs`` when the version lacks
      consumed entities or fields; then ``missing`` lists them as
      ``entity.field`` (sorted) and ``findings`` is empty.
    - ``summary_facts``: headline figures of the run (kind counts, totals), JSON values.
    - ``as_of``: the ISO date the analysis treated as "today" (None when not run).
    - ``settings``: the settings the run used, as JSON.
    """

    agent_id: str
    status: RunStatus
    findings: tuple[Finding, ...] = ()
    missing: tuple[str, ...] = ()
    summary_facts: Mapping[str, Any] = field(default_factory=dict)
    as_of: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "agent_id": self.agent_id,
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
            "missing": list(self.missing),
            "summary_facts": dict(self.summary_facts),
            "as_of": self.as_of,
            "settings": dict(self.settings),
        }
