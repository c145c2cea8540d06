"""Agent specs agree with the DCL catalogue and ontology; input checks."""

import pytest

from autonomos_dcl.agents import AGENT_SPECS, agent_spec
from autonomos_dcl.agents.inputs import VersionInputs
from autonomos_dcl.errors import UnknownAgentError
from autonomos_dcl.models import LineageRecord
from autonomos_dcl.ontology import DEFAULT_AGENTS, DEFAULT_ONTOLOGY


def test_specs_mirror_the_catalogue() -> None:
    assert [(s.id, s.name, s.entities) for s in AGENT_SPECS] == [
        (a.id, a.name, a.consumes) for a in DEFAULT_AGENTS
    ]


def test_every_field_a_spec_names_is_in_the_ontology() -> None:
    for spec in AGENT_SPECS:
        for entity, fields in {**spec.consumes, **spec.optional}.items():
            for name in fields:
                assert DEFAULT_ONTOLOGY.has_field(entity, name), f"{entity}.{name}"


def test_required_fields_and_json_shape() -> None:
    finops = agent_spec("finops_pilot")
    assert "cost_reports.cost" in finops.required_fields()
    assert finops.to_dict()["consumes"]["cost_reports"][-1] == "cost"
    with pytest.raises(UnknownAgentError):
        agent_spec("nobody")


def _record(entity: str, field: str) -> LineageRecord:
    return LineageRecord(entity, field, "src", "src", "t", field, "human", 1.0, "cast")


def test_missing_lists_unmapped_and_absent_fields_sorted() -> None:
    spec = agent_spec("finops_pilot")
    mapped = [_record(e, f) for e, fields in spec.consumes.items() for f in fields]
    columns = {
        "entity_aws_resources": frozenset(spec.consumes["aws_resources"]),
        "entity_cost_reports": frozenset(spec.consumes["cost_reports"]),
    }
    assert VersionInputs(tuple(mapped), columns).missing(spec) == ()
    without_cost = tuple(r for r in mapped if (r.entity, r.field) != ("cost_reports", "cost"))
    assert VersionInputs(without_cost, columns).missing(spec) == ("cost_reports.cost",)
    no_table = {"entity_aws_resources": columns["entity_aws_resources"]}
    assert VersionInputs(tuple(mapped), no_table).missing(spec) == tuple(
        sorted(f"cost_reports.{f}" for f in spec.consumes["cost_reports"])
    )


def test_finding_kinds_are_listed_once_per_agent() -> None:
    kinds = [k for spec in AGENT_SPECS for k in spec.finding_kinds]
    assert len(kinds) == len(set(kinds)) == 10
    assert agent_spec("revops_pilot").to_dict()["finding_kinds"][0] == "pipeline_by_stage"
