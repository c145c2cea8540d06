"""An ontology as a matching target: entity = table, field = column (typed,
no values), the entity's primary key declared."""

from __future__ import annotations

from autonomos_dcl.mapping.types import ColumnSample, TableSample
from autonomos_dcl.models import Ontology


def tables_from_ontology(ontology: Ontology) -> list[TableSample]:
    """The ontology's entities as target tables for :func:`match_schemas`."""
    return [
        TableSample(
            name=entity.name,
            columns=[ColumnSample(f.name, type=f.type) for f in entity.fields],
            primary_key=entity.primary_key,
        )
        for entity in ontology.entities
    ]
