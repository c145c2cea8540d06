"""Heuristic mapping of every demo source onto the default ontology, scored
against the hand-checked expected mapping (no memory, no LLM)."""

from __future__ import annotations

from autonomos_dcl.mapping import ColumnSample, TableSample, match_schemas, tables_from_ontology
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.sources.demo import expected_pairs, generate_demo


def _predicted() -> set[tuple[str, str, str, str, str]]:
    target = tables_from_ontology(DEFAULT_ONTOLOGY)
    predicted: set[tuple[str, str, str, str, str]] = set()
    for system, tables in generate_demo(1.0).items():
        source = [
            TableSample(
                name,
                [
                    ColumnSample(
                        column,
                        tuple(
                            None if v is None else str(v) for v in table.column(column).to_pylist()
                        ),
                    )
                    for column in table.column_names
                ],
                system=system,
            )
            for name, table in tables.items()
        ]
        for m in match_schemas(source, target):
            predicted.add(
                (system, m.source_table, m.source_column, m.target_table, m.target_column)
            )
    return predicted


def test_demo_mapping_precision_and_recall() -> None:
    truth = expected_pairs()
    predicted = _predicted()
    hits = predicted & truth
    precision = len(hits) / len(predicted)
    recall = len(hits) / len(truth)
    assert precision >= 0.95, sorted(predicted - truth)
    assert recall >= 0.90, sorted(truth - predicted)
