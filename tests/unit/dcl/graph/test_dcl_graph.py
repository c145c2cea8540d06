"""The layered graph and the ontology/universe views."""

from autonomos_dcl.graph import build_graph, ontology_view, universe_view
from autonomos_dcl.models import FieldMapping, Source, SourceColumn, SourceTable
from autonomos_dcl.ontology import DEFAULT_AGENTS, DEFAULT_ONTOLOGY, agent_by_id
from autonomos_dcl.publish.feeds import table_feeds
from autonomos_dcl.sources.catalog import demo_catalog
from autonomos_dcl.sources.demo import expected_field_mappings

CRM = Source(
    key="crm",
    name="Dynamics CRM",
    kind="demo",
    system="dynamics",
    tables=(
        SourceTable("crm", "dynamics", "accounts",
                    (SourceColumn("accountid", "string"), SourceColumn("name", "string"),
                     SourceColumn("phone", "string")), 10),
        SourceTable("crm", "dynamics", "opportunities",
                    (SourceColumn("parentaccountid", "string"),), 20),
    ),
)  # fmt: skip


def _m(table: str, column: str, entity: str, field: str, confidence: float) -> FieldMapping:
    return FieldMapping("crm", "dynamics", table, column, entity, field, confidence, "heuristic")


MAPPINGS = [
    _m("accounts", "accountid", "account", "account_id", 0.9),
    _m("accounts", "name", "account", "account_name", 0.7),
    _m("opportunities", "parentaccountid", "account", "account_id", 0.5),
]


def test_nodes_have_a_fixed_layer_per_type_and_plain_labels() -> None:
    revops = agent_by_id("revops_pilot")
    assert revops is not None
    graph = build_graph([CRM], DEFAULT_ONTOLOGY, MAPPINGS, [revops]).to_dict()
    layers = {n["type"]: n["layer"] for n in graph["nodes"]}
    assert layers == {"source_parent": 0, "source": 1, "ontology": 2, "agent": 3}
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    assert labels["source_parent:crm"] == "Dynamics CRM"
    assert labels["source:crm:accounts"] == "accounts"
    assert labels["ontology:account"] == "Account"
    assert labels["agent:revops_pilot"] == "RevOps Pilot"
    assert {n["id"] for n in graph["nodes"] if n["type"] == "ontology"} == {
        "ontology:account", "ontology:opportunity", "ontology:health", "ontology:usage",
    }  # fmt: skip


def test_edges_follow_the_feeds_with_their_field_mappings() -> None:
    graph = build_graph([CRM], DEFAULT_ONTOLOGY, MAPPINGS, []).to_dict()
    hierarchy = {(e["source"], e["target"]): e["value"] for e in graph["edges"]
                 if e["edge_type"] == "hierarchy"}  # fmt: skip
    assert hierarchy == {
        ("source_parent:crm", "source:crm:accounts"): 2,
        ("source_parent:crm", "source:crm:opportunities"): 1,
    }
    [flow] = [e for e in graph["edges"] if e["edge_type"] == "dataflow"]
    assert (flow["source"], flow["target"], flow["value"]) == (
        "source:crm:accounts",
        "ontology:account",
        2,
    )
    assert flow["field_mappings"] == [
        {"source_field": "accountid", "ontology_field": "account_id", "confidence": 0.9,
         "method": "heuristic"},
        {"source_field": "name", "ontology_field": "account_name", "confidence": 0.7,
         "method": "heuristic"},
    ]  # fmt: skip
    assert flow["confidence"] == 0.8
    assert graph["confidence"] == 0.8
    assert [n["id"] for n in graph["nodes"] if n["type"] == "ontology"] == ["ontology:account"]


def test_agent_edges_carry_what_the_entity_receives() -> None:
    finops = agent_by_id("finops_pilot")
    revops = agent_by_id("revops_pilot")
    assert finops is not None and revops is not None
    graph = build_graph([CRM], DEFAULT_ONTOLOGY, MAPPINGS, [revops, finops]).to_dict()
    to_agents = {(e["source"], e["target"]): e["value"] for e in graph["edges"]
                 if e["target"].startswith("agent:")}  # fmt: skip
    assert to_agents[("ontology:account", "agent:revops_pilot")] == 2
    assert to_agents[("ontology:usage", "agent:revops_pilot")] == 1
    assert ("ontology:aws_resources", "agent:finops_pilot") in to_agents
    assert not any(target == "agent:finops_pilot" and source == "ontology:account"
                   for source, target in to_agents)  # fmt: skip


def test_unselected_sources_and_empty_graphs() -> None:
    other = FieldMapping("erp", "sap", "T", "C", "account", "industry", 0.9, "heuristic")
    graph = build_graph([CRM], DEFAULT_ONTOLOGY, [*MAPPINGS, other], []).to_dict()
    assert not any("erp" in e["source"] for e in graph["edges"])
    empty = build_graph([], DEFAULT_ONTOLOGY, [], []).to_dict()
    assert empty == {"nodes": [], "edges": [], "confidence": None}


def test_the_demo_graph_has_one_dataflow_edge_per_feed() -> None:
    mappings = expected_field_mappings()
    graph = build_graph(demo_catalog(), DEFAULT_ONTOLOGY, mappings, DEFAULT_AGENTS).to_dict()
    feeds = table_feeds(DEFAULT_ONTOLOGY, mappings)
    table_flows = [e for e in graph["edges"] if e["edge_type"] == "dataflow"
                   and e["source"].startswith("source:")]  # fmt: skip
    assert len(table_flows) == len(feeds)
    assert sum(e["value"] for e in table_flows) == len(mappings)
    node_ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in graph["edges"])
    assert sum(1 for n in graph["nodes"] if n["type"] == "source") == 16


def test_ontology_view_groups_mappings_by_source_table() -> None:
    view = ontology_view(DEFAULT_ONTOLOGY, MAPPINGS)
    account = view["entities"][0]
    assert account["name"] == "account" and account["primary_key"] == "account_id"
    assert {"name": "revenue", "type": "decimal"} in account["fields"]
    tables = {g["source_table"]: g for g in account["source_mappings"]}
    assert tables["accounts"]["feeds_rows"] is True
    assert tables["opportunities"]["feeds_rows"] is False
    assert tables["accounts"]["field_mappings"][1]["ontology_field"] == "account_name"
    assert view["entities"][1]["source_mappings"] == []


def test_universe_view_marks_the_best_target_of_each_column() -> None:
    extra = _m("accounts", "name", "opportunity", "opportunity_name", 0.4)
    view = universe_view([CRM], [*MAPPINGS, extra])
    [source] = view["sources"]
    fields = {f["name"]: f for f in source["tables"][0]["fields"]}
    assert fields["name"]["mapped_to"] == "account.account_name"
    assert [m["ontology_field"] for m in fields["name"]["mappings"]] == [
        "account.account_name",
        "opportunity.opportunity_name",
    ]
    assert "mapped_to" not in fields["phone"]
    assert source["tables"][0]["row_count"] == 10
