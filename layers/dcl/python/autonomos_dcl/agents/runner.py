"""Run an agent over a published version: check its inputs, analyse, assemble the result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from autonomos_dcl.agents.context import Analysis, RunContext
from autonomos_dcl.agents.finops import finops_as_of, run_finops
from autonomos_dcl.agents.inputs import read_inputs
from autonomos_dcl.agents.model import SEVERITIES, AgentResult
from autonomos_dcl.agents.revops import revops_as_of, run_revops
from autonomos_dcl.agents.settings import AgentSettings, parse_settings, settings_type
from autonomos_dcl.agents.spec import FINOPS_SPEC, REVOPS_SPEC, AgentSpec, agent_spec
from autonomos_dcl.errors import AgentError, InvalidAgentSettingsError
from autonomos_dcl.publish import open_readonly


@dataclass(frozen=True)
class _Implementation:
    spec: AgentSpec
    default_as_of: Callable[[RunContext], date | None]
    analyse: Callable[[RunContext], Analysis]


_IMPLEMENTATIONS: dict[str, _Implementation] = {
    FINOPS_SPEC.id: _Implementation(FINOPS_SPEC, finops_as_of, run_finops),
    REVOPS_SPEC.id: _Implementation(REVOPS_SPEC, revops_as_of, run_revops),
}


def resolve_settings(
    agent_id: str, settings: AgentSettings | Mapping[str, Any] | None
) -> AgentSettings:
    """``settings`` as the agent's settings class: None gives the defaults, a
    mapping is parsed (see :func:`~autonomos_dcl.agents.settings.parse_settings`),
    an instance of another agent's class raises :class:`InvalidAgentSettingsError`."""
    expected = settings_type(agent_id)
    if settings is None or isinstance(settings, Mapping):
        return parse_settings(agent_id, settings)
    if not isinstance(settings, expected):
        raise InvalidAgentSettingsError(
            f"{agent_id} takes {expected.__name__}, not {type(settings).__name__}"
        )
    return settings


def run_agent(
    agent_id: str,
    db_path: Path | str,
    settings: AgentSettings | Mapping[str, Any] | None = None,
) -> AgentResult:
    """Run ``agent_id`` over the published version file ``db_path`` (opened read-only).

    Returns ``status="missing_inputs"`` with the missing ``entity.field``
    names when the version lacks fields the agent requires (unmapped, or
    absent from the unified table); otherwise ``completed`` with its
    findings and summary facts. The same version and settings always give
    an equal result (one DuckDB thread, total orders, rounded numbers).

    Raises :class:`~autonomos_dcl.errors.UnknownAgentError` (404),
    :class:`InvalidAgentSettingsError` (400),
    :class:`~autonomos_dcl.errors.PublishError` when the file cannot be
    opened, and :class:`AgentError` (500) when DuckDB fails mid-analysis.
    """
    spec = agent_spec(agent_id)
    implementation = _IMPLEMENTATIONS[spec.id]
    resolved = resolve_settings(agent_id, settings)
    settings_json = resolved.model_dump(mode="json")
    with open_readonly(db_path, threads=1) as connection:
        try:
            inputs = read_inputs(connection)
            missing = inputs.missing(spec)
            if missing:
                return AgentResult(
                    agent_id=spec.id,
                    status="missing_inputs",
                    missing=missing,
                    summary_facts={"missing_fields": len(missing)},
                    settings=settings_json,
                )
            context = RunContext(connection=connection, inputs=inputs, settings=resolved)
            context.as_of = resolved.as_of or implementation.default_as_of(context) or date.today()
            analysis = implementation.analyse(context)
        except duckdb.Error as exc:
            raise AgentError(f"{spec.name} failed on {Path(db_path).name}: {exc}") from exc
    return AgentResult(
        agent_id=spec.id,
        status="completed",
        findings=tuple(analysis.findings),
        summary_facts=_summary_facts(analysis),
        as_of=context.as_of.isoformat(),
        settings=settings_json,
    )


def _summary_facts(analysis: Analysis) -> dict[str, Any]:
    kinds = Counter(f.kind for f in analysis.findings)
    severities = Counter(f.severity for f in analysis.findings)
    return {
        "findings": len(analysis.findings),
        "findings_by_kind": dict(sorted(kinds.items())),
        "findings_by_severity": {s: severities[s] for s in reversed(SEVERITIES) if severities[s]},
        **analysis.facts,
    }
