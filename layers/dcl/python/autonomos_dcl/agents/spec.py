"""What each agent reads: the unified entities and fields it needs.

``consumes`` lists the fields an agent cannot run without; ``optional``
lists fields it uses when they are mapped (their columns read as NULL
otherwise). Ids, names and entities come from the DCL agent catalogue
(:data:`autonomos_dcl.ontology.DEFAULT_AGENTS`), so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from autonomos_dcl.errors import UnknownAgentError
from autonomos_dcl.models import Agent
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY, FINOPS_PILOT, REVOPS_PILOT


@dataclass(frozen=True)
class AgentSpec:
    """An agent's id, display name, inputs (``{entity: (required fields, ...)}``, plus
    optional fields it uses when mapped) and the finding kinds it produces, in order."""

    id: str
    name: str
    consumes: Mapping[str, tuple[str, ...]]
    optional: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    finding_kinds: tuple[str, ...] = ()

    @property
    def entities(self) -> tuple[str, ...]:
        """The consumed entities, in declaration order."""
        return tuple(self.consumes)

    def required_fields(self) -> tuple[str, ...]:
        """Every required ``entity.field``, in declaration order."""
        return tuple(f"{e}.{f}" for e, fields in self.consumes.items() for f in fields)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "consumes": {e: list(f) for e, f in self.consumes.items()},
            "optional": {e: list(f) for e, f in self.optional.items()},
            "finding_kinds": list(self.finding_kinds),
        }


def _spec(
    agent: Agent,
    consumes: Mapping[str, tuple[str, ...]],
    optional: Mapping[str, tuple[str, ...]],
    finding_kinds: tuple[str, ...],
) -> AgentSpec:
    if tuple(consumes) != agent.consumes:
        raise AssertionError(f"{agent.id}: spec entities differ from the catalogue")
    for entity, fields in {**consumes, **optional}.items():
        for name in fields:
            if not DEFAULT_ONTOLOGY.has_field(entity, name):
                raise AssertionError(f"{agent.id}: {entity}.{name} is not an ontology field")
    return AgentSpec(
        id=agent.id,
        name=agent.name,
        consumes=MappingProxyType(dict(consumes)),
        optional=MappingProxyType(dict(optional)),
        finding_kinds=finding_kinds,
    )


FINOPS_SPEC = _spec(
    FINOPS_PILOT,
    {
        "aws_resources": (
            "resource_id",
            "instance_type",
            "cpu_utilization",
            "memory_utilization",
            "monthly_cost",
        ),
        "cost_reports": ("report_date", "service_category", "resource_id", "cost"),
    },
    {"aws_resources": ("resource_type", "region")},
    ("spend_trend", "top_cost_drivers", "cost_anomaly", "idle_resource", "oversized_instance"),
)
REVOPS_SPEC = _spec(
    REVOPS_PILOT,
    {
        "account": ("account_id", "account_name", "industry", "revenue"),
        "opportunity": (
            "opportunity_id",
            "account_id",
            "stage",
            "amount",
            "close_date",
            "probability",
        ),
        "health": ("account_id", "health_score"),
        "usage": ("account_id", "last_login_days"),
    },
    {
        "opportunity": ("opportunity_name",),
        "health": ("risk_level", "last_updated"),
        "usage": ("sessions_30d",),
    },
    ("pipeline_by_stage", "win_rate", "deal_at_risk", "account_decline", "account_conflict"),
)
AGENT_SPECS: tuple[AgentSpec, ...] = (FINOPS_SPEC, REVOPS_SPEC)


def agent_spec(agent_id: str) -> AgentSpec:
    """The spec of ``agent_id``; :class:`UnknownAgentError` (404) otherwise."""
    for spec in AGENT_SPECS:
        if spec.id == agent_id:
            return spec
    raise UnknownAgentError(f"unknown agent {agent_id!r}")


def primary_key(entity: str) -> str:
    """The key field of a default-ontology entity (the agents' evidence keys)."""
    found = DEFAULT_ONTOLOGY.entity(entity)
    if found is None:
        raise KeyError(entity)
    return found.primary_key
