"""The ontology view (``GET /api/v1/dcl/ontology``) and the data source
universe view (``GET /api/v1/dcl/universe``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autonomos_dcl.graph.build import field_mapping_view
from autonomos_dcl.models import FieldMapping, Ontology, Source
from autonomos_dcl.publish.feeds import table_feeds


def ontology_view(ontology: Ontology, mappings: Sequence[FieldMapping]) -> dict[str, Any]:
    """``{entities: [{name, label, primary_key, fields, source_mappings}]}``.

    ``source_mappings`` groups the mappings to the entity by source table:
    ``{source_key, source_system, source_table, feeds_rows, field_mappings}``;
    ``feeds_rows`` says whether publish unions the table's rows into the
    entity (false for tables that only map the key, i.e. references).
    Mappings to unknown entities or fields are left out.
    """
    feeding = {(f.entity, f.source_key, f.table) for f in table_feeds(ontology, mappings)}
    entities = []
    for entity in ontology.entities:
        groups: dict[tuple[str, str], list[FieldMapping]] = {}
        for m in mappings:
            if m.entity == entity.name and entity.field(m.field) is not None:
                groups.setdefault((m.source_key, m.table), []).append(m)
        entities.append(
            entity.to_dict()
            | {
                "label": entity.label,
                "source_mappings": [
                    {
                        "source_key": key,
                        "source_system": group[0].source_system,
                        "source_table": table,
                        "feeds_rows": (entity.name, key, table) in feeding,
                        "field_mappings": [
                            field_mapping_view(m) | {"transform": m.transform} for m in group
                        ],
                    }
                    for (key, table), group in groups.items()
                ],
            }
        )
    return {"entities": entities}


def universe_view(sources: Sequence[Source], mappings: Sequence[FieldMapping]) -> dict[str, Any]:
    """``{sources: [{key, name, kind, system, tables: [{name, row_count, fields}]}]}``.

    Each field is ``{name, type}`` plus, when mapped, ``mapped_to`` (the
    best ``entity.field``) and ``mappings`` (every target with confidence
    and method, best first).
    """
    by_column: dict[tuple[str, str, str], list[FieldMapping]] = {}
    for m in mappings:
        by_column.setdefault((m.source_key, m.table, m.column), []).append(m)
    out = []
    for source in sources:
        tables = []
        for table in source.tables:
            fields = []
            for column in table.columns:
                item: dict[str, Any] = column.to_dict()
                targets = sorted(
                    by_column.get((source.key, table.name, column.name), []),
                    key=lambda m: -m.confidence,
                )
                if targets:
                    item["mapped_to"] = f"{targets[0].entity}.{targets[0].field}"
                    item["mappings"] = [
                        {
                            "ontology_field": f"{m.entity}.{m.field}",
                            "confidence": round(m.confidence, 4),
                            "method": m.method,
                        }
                        for m in targets
                    ]
                fields.append(item)
            tables.append({"name": table.name, "row_count": table.row_count, "fields": fields})
        out.append(
            {
                "key": source.key,
                "name": source.name,
                "kind": source.kind,
                "system": source.system,
                "tables": tables,
            }
        )
    return {"sources": out}
