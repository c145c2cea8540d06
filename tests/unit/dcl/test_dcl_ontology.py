"""The default ontology and agent catalogue match the product definition."""

from autonomos_dcl.models import FIELD_TYPES
from autonomos_dcl.ontology import DEFAULT_AGENTS, DEFAULT_ONTOLOGY, agent_by_id

SPEC = {
    "account": ("account_id", ["account_name", "industry", "revenue", "employee_count",
                               "created_date"]),
    "opportunity": ("opportunity_id", ["opportunity_name", "account_id", "stage", "amount",
                                       "close_date", "probability"]),
    "health": ("account_id", ["health_score", "risk_level", "last_updated"]),
    "usage": ("account_id", ["last_login_days", "sessions_30d", "avg_session_duration",
                             "features_used"]),
    "aws_resources": ("resource_id", ["resource_type", "region", "instance_type", "vcpus",
                                      "memory_gb", "storage_gb", "cpu_utilization",
                                      "memory_utilization", "network_in", "network_out",
                                      "monthly_cost", "created_at"]),
    "cost_reports": ("cost_id", ["report_date", "service_category", "resource_id", "cost",
                                 "usage", "usage_type", "region"]),
}  # fmt: skip


def test_entities_keys_and_fields_are_the_specified_ones() -> None:
    assert [e.name for e in DEFAULT_ONTOLOGY.entities] == list(SPEC)
    for entity in DEFAULT_ONTOLOGY.entities:
        key, fields = SPEC[entity.name]
        assert entity.primary_key == key
        assert [f.name for f in entity.fields] == [key, *fields]


def test_every_field_has_a_vocabulary_type_and_numbers_where_expected() -> None:
    types = {(e.name, f.name): f.type for e in DEFAULT_ONTOLOGY.entities for f in e.fields}
    assert set(types.values()) <= set(FIELD_TYPES)
    assert types[("account", "revenue")] == "decimal"
    assert types[("account", "employee_count")] == "integer"
    assert types[("account", "created_date")] == "date"
    assert types[("health", "last_updated")] == "timestamp"
    assert types[("cost_reports", "report_date")] == "date"


def test_percent_fields_are_marked_for_scaling() -> None:
    marked = {(e.name, f.name) for e in DEFAULT_ONTOLOGY.entities for f in e.fields if f.unit}
    assert marked == {
        ("opportunity", "probability"),
        ("aws_resources", "cpu_utilization"),
        ("aws_resources", "memory_utilization"),
    }


def test_agents_consume_existing_entities() -> None:
    assert agent_by_id("finops_pilot") is not None
    finops = agent_by_id("finops_pilot")
    revops = agent_by_id("revops_pilot")
    assert finops is not None and revops is not None
    assert finops.consumes == ("aws_resources", "cost_reports")
    assert revops.consumes == ("account", "opportunity", "health", "usage")
    assert agent_by_id("nobody") is None
    for agent in DEFAULT_AGENTS:
        assert all(DEFAULT_ONTOLOGY.entity(e) is not None for e in agent.consumes)
