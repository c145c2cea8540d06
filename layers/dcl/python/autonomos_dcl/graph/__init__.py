"""Serving views of the DCL: the graph, the ontology view and the universe view."""

from autonomos_dcl.graph.build import Graph, GraphEdge, GraphNode, build_graph
from autonomos_dcl.graph.views import ontology_view, universe_view

__all__ = ["Graph", "GraphEdge", "GraphNode", "build_graph", "ontology_view", "universe_view"]
