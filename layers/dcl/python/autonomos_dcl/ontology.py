"""The default unified ontology and the agent catalogue.

Every tenant starts with :data:`DEFAULT_ONTOLOGY` (replaceable through
``PUT /api/v1/dcl/ontology``). Fields marked ``unit="percent"`` hold 0-100 in
the unified tables; publish scales sources that store 0-1 fractions.
"""

from __future__ import annotations

from autonomos_dcl.models import Agent, Entity, EntityField, FieldType, Ontology, Unit


def _entity(name: str, primary_key: str, *fields: tuple[str, FieldType]) -> Entity:
    return Entity(
        name=name,
        primary_key=primary_key,
        fields=tuple(EntityField(n, t, _UNITS.get((name, n))) for n, t in fields),
    )


_UNITS: dict[tuple[str, str], Unit] = {
    ("opportunity", "probability"): "percent",
    ("aws_resources", "cpu_utilization"): "percent",
    ("aws_resources", "memory_utilization"): "percent",
}

DEFAULT_ONTOLOGY = Ontology(
    entities=(
        _entity(
            "account",
            "account_id",
            ("account_id", "string"),
            ("account_name", "string"),
            ("industry", "string"),
            ("revenue", "decimal"),
            ("employee_count", "integer"),
            ("created_date", "date"),
        ),
        _entity(
            "opportunity",
            "opportunity_id",
            ("opportunity_id", "string"),
            ("opportunity_name", "string"),
            ("account_id", "string"),
            ("stage", "string"),
            ("amount", "decimal"),
            ("close_date", "date"),
            ("probability", "decimal"),
        ),
        _entity(
            "health",
            "account_id",
            ("account_id", "string"),
            ("health_score", "decimal"),
            ("risk_level", "string"),
            ("last_updated", "timestamp"),
        ),
        _entity(
            "usage",
            "account_id",
            ("account_id", "string"),
            ("last_login_days", "integer"),
            ("sessions_30d", "integer"),
            ("avg_session_duration", "decimal"),
            ("features_used", "integer"),
        ),
        _entity(
            "aws_resources",
            "resource_id",
            ("resource_id", "string"),
            ("resource_type", "string"),
            ("region", "string"),
            ("instance_type", "string"),
            ("vcpus", "integer"),
            ("memory_gb", "decimal"),
            ("storage_gb", "decimal"),
            ("cpu_utilization", "decimal"),
            ("memory_utilization", "decimal"),
            ("network_in", "decimal"),
            ("network_out", "decimal"),
            ("monthly_cost", "decimal"),
            ("created_at", "timestamp"),
        ),
        _entity(
            "cost_reports",
            "cost_id",
            ("cost_id", "string"),
            ("report_date", "date"),
            ("service_category", "string"),
            ("resource_id", "string"),
            ("cost", "decimal"),
            ("usage", "decimal"),
            ("usage_type", "string"),
            ("region", "string"),
        ),
    )
)
"""The default ontology: six entities; every entity's ``fields`` starts with its key."""

FINOPS_PILOT = Agent(
    id="finops_pilot", name="FinOps Pilot", consumes=("aws_resources", "cost_reports")
)
REVOPS_PILOT = Agent(
    id="revops_pilot",
    name="RevOps Pilot",
    consumes=("account", "opportunity", "health", "usage"),
)
DEFAULT_AGENTS: tuple[Agent, ...] = (FINOPS_PILOT, REVOPS_PILOT)
"""The agent catalogue (``GET /api/v1/agents`` without the per-tenant autonomy mode)."""


def agent_by_id(agent_id: str) -> Agent | None:
    """The catalogue agent with this id, or None."""
    return next((a for a in DEFAULT_AGENTS if a.id == agent_id), None)
