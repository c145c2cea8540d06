"""Agents: analyses that turn a published DCL version into findings.

``run_agent(agent_id, db_path, settings)`` opens the version read-only,
checks that it maps every field the agent requires (else the result says
``missing_inputs`` and lists them) and runs the agent's analyses in DuckDB
SQL. Findings carry evidence (unified rows, the source columns behind
them, figures) and optionally a proposed action (a ``slack.post`` or a
follow-up ``task``); the tenant's autonomy mode decides what happens to it.

Agents: ``finops_pilot`` (:mod:`~autonomos_dcl.agents.finops`) and
``revops_pilot`` (:mod:`~autonomos_dcl.agents.revops`); their thresholds are
:class:`FinOpsSettings` and :class:`RevOpsSettings`.
"""

from autonomos_dcl.agents.inputs import InputStatus, input_status
from autonomos_dcl.agents.model import (
    SEVERITIES,
    ActionKind,
    AgentResult,
    Evidence,
    EvidenceRow,
    Finding,
    ProposedAction,
    RunStatus,
    Severity,
    SourceColumnRef,
)
from autonomos_dcl.agents.names import normalize_company_name
from autonomos_dcl.agents.runner import resolve_settings, run_agent
from autonomos_dcl.agents.settings import (
    AgentSettings,
    FinOpsSettings,
    RevOpsSettings,
    parse_settings,
    settings_type,
)
from autonomos_dcl.agents.sizes import Downsize, InstanceSize, suggest_downsize
from autonomos_dcl.agents.spec import AGENT_SPECS, FINOPS_SPEC, REVOPS_SPEC, AgentSpec, agent_spec

__all__ = [
    "AGENT_SPECS",
    "FINOPS_SPEC",
    "REVOPS_SPEC",
    "SEVERITIES",
    "ActionKind",
    "AgentResult",
    "AgentSettings",
    "AgentSpec",
    "Downsize",
    "Evidence",
    "EvidenceRow",
    "FinOpsSettings",
    "Finding",
    "InputStatus",
    "InstanceSize",
    "ProposedAction",
    "RevOpsSettings",
    "RunStatus",
    "Severity",
    "SourceColumnRef",
    "agent_spec",
    "input_status",
    "normalize_company_name",
    "parse_settings",
    "resolve_settings",
    "run_agent",
    "settings_type",
    "suggest_downsize",
]
