"""The DCL graph: source systems -> their tables -> unified entities -> agents.

Layers are fixed per node type: ``source_parent`` 0, ``source`` 1,
``ontology`` 2, ``agent`` 3. Edges are ``hierarchy`` (system -> table) or
``dataflow`` (table -> entity, entity -> agent). A table -> entity edge
exists exactly when publish unions that table into the entity (see
:func:`~autonomos_dcl.publish.feeds.table_feeds`) and lists the field
mappings behind it. Edge values suit a Sankey: a table -> entity edge counts
its field mappings, a system -> table edge carries what the table sends on
(at least 1), an entity -> agent edge what the entity receives (at least 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from autonomos_dcl.models import Agent, FieldMapping, Ontology, Source
from autonomos_dcl.publish.feeds import TableFeed, table_feeds

NodeType = Literal["source_parent", "source", "ontology", "agent"]
EdgeType = Literal["hierarchy", "dataflow"]
LAYERS: dict[NodeType, int] = {"source_parent": 0, "source": 1, "ontology": 2, "agent": 3}


def parent_id(source_key: str) -> str:
    return f"source_parent:{source_key}"


def table_id(source_key: str, table: str) -> str:
    return f"source:{source_key}:{table}"


def entity_id(entity: str) -> str:
    return f"ontology:{entity}"


def agent_id(agent: str) -> str:
    return f"agent:{agent}"


@dataclass(frozen=True)
class GraphNode:
    """A node; ``details`` holds the type-specific extras (source key, row count, ...)."""

    id: str
    label: str
    type: NodeType
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def layer(self) -> int:
        return LAYERS[self.type]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "type": self.type, "layer": self.layer} | (
            self.details
        )


@dataclass(frozen=True)
class GraphEdge:
    """An edge; ``field_mappings`` only on table -> entity dataflow edges."""

    source: str
    target: str
    edge_type: EdgeType
    value: int
    field_mappings: tuple[dict[str, Any], ...] | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "edge_type": self.edge_type,
            "value": self.value,
        }
        if self.field_mappings is not None:
            out["field_mappings"] = [dict(m) for m in self.field_mappings]
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 4)
        return out


@dataclass(frozen=True)
class Graph:
    """Nodes, edges and the mean confidence of the mappings shown (None without any)."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    confidence: float | None

    def to_dict(self) -> dict[str, Any]:
        """The ``graph`` of ``GET /api/v1/dcl/state`` plus the overall confidence."""
        return {
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "confidence": None if self.confidence is None else round(self.confidence, 4),
        }


def field_mapping_view(mapping: FieldMapping) -> dict[str, Any]:
    """One field mapping as shown on edges and in the ontology view."""
    return {
        "source_field": mapping.column,
        "ontology_field": mapping.field,
        "confidence": round(mapping.confidence, 4),
        "method": mapping.method,
    }


def build_graph(
    sources: Sequence[Source],
    ontology: Ontology,
    mappings: Sequence[FieldMapping],
    agents: Sequence[Agent],
) -> Graph:
    """The graph of the selected ``sources`` and ``agents`` (see the module docstring).

    Mappings of sources not in ``sources`` are ignored. Entities appear when
    a table feeds them or a selected agent consumes them.
    """
    keys = {s.key for s in sources}
    feeds = [f for f in table_feeds(ontology, mappings) if f.source_key in keys]
    sent = _sent_per_table(feeds)
    nodes: list[GraphNode] = []
    edges: list[GraphEdge] = []
    for source in sources:
        nodes.append(
            GraphNode(
                parent_id(source.key),
                source.name,
                "source_parent",
                {"source_key": source.key, "system": source.system, "kind": source.kind},
            )
        )
        for table in source.tables:
            tid = table_id(source.key, table.name)
            nodes.append(
                GraphNode(
                    tid,
                    table.name,
                    "source",
                    {
                        "source_key": source.key,
                        "system": source.system,
                        "table": table.name,
                        "row_count": table.row_count,
                        "field_count": len(table.columns),
                    },
                )
            )
            edges.append(
                GraphEdge(parent_id(source.key), tid, "hierarchy", max(1, sent.get(tid, 0)))
            )
    inflow: dict[str, int] = {}
    for feed in feeds:
        inflow[feed.entity] = inflow.get(feed.entity, 0) + len(feed.mappings)
        edges.append(_feed_edge(feed))
    consumed = {e for a in agents for e in a.consumes}
    shown = [e for e in ontology.entities if e.name in inflow or e.name in consumed]
    for entity in shown:
        entity_feeds = [f for f in feeds if f.entity == entity.name]
        nodes.append(
            GraphNode(
                entity_id(entity.name),
                entity.label,
                "ontology",
                {
                    "entity": entity.name,
                    "field_count": len(entity.fields),
                    "source_count": len(entity_feeds),
                    "confidence": _mean([m for f in entity_feeds for m in f.mappings]),
                },
            )
        )
    shown_names = {e.name for e in shown}
    for agent in agents:
        nodes.append(
            GraphNode(
                agent_id(agent.id),
                agent.name,
                "agent",
                {"agent_id": agent.id, "consumes": list(agent.consumes)},
            )
        )
        for consumed_name in agent.consumes:
            if consumed_name in shown_names:
                edges.append(
                    GraphEdge(
                        entity_id(consumed_name),
                        agent_id(agent.id),
                        "dataflow",
                        max(1, inflow.get(consumed_name, 0)),
                    )
                )
    shown_mappings = [m for f in feeds for m in f.mappings]
    return Graph(nodes=tuple(nodes), edges=tuple(edges), confidence=_mean(shown_mappings))


def _sent_per_table(feeds: Sequence[TableFeed]) -> dict[str, int]:
    sent: dict[str, int] = {}
    for feed in feeds:
        tid = table_id(feed.source_key, feed.table)
        sent[tid] = sent.get(tid, 0) + len(feed.mappings)
    return sent


def _feed_edge(feed: TableFeed) -> GraphEdge:
    return GraphEdge(
        source=table_id(feed.source_key, feed.table),
        target=entity_id(feed.entity),
        edge_type="dataflow",
        value=len(feed.mappings),
        field_mappings=tuple(field_mapping_view(m) for m in feed.mappings),
        confidence=feed.confidence,
    )


def _mean(mappings: Sequence[FieldMapping]) -> float | None:
    if not mappings:
        return None
    return round(sum(m.confidence for m in mappings) / len(mappings), 4)
