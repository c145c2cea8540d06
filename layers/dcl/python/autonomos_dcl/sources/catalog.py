"""Source descriptions for the catalogue (``GET /api/v1/dcl/sources``)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import pyarrow as pa

from autonomos_dcl.models import Source, SourceColumn, SourceKind, SourceTable
from autonomos_dcl.profile.types import arrow_field_type
from autonomos_dcl.sources.demo import DEFAULT_SEED, DEMO_SYSTEMS, generate_demo


def describe_table(source_key: str, system: str, name: str, table: pa.Table) -> SourceTable:
    """Describe one Arrow table: column names, :data:`FieldType` types, row count."""
    columns = tuple(SourceColumn(name=f.name, type=arrow_field_type(f.type)) for f in table.schema)
    return SourceTable(
        source_key=source_key, system=system, name=name, columns=columns, row_count=table.num_rows
    )


def describe_source(
    key: str, name: str, kind: SourceKind, system: str, tables: Mapping[str, pa.Table]
) -> Source:
    """Describe a source from its Arrow tables (in the order given)."""
    return Source(
        key=key,
        name=name,
        kind=kind,
        system=system,
        tables=tuple(describe_table(key, system, t, table) for t, table in tables.items()),
    )


@lru_cache(maxsize=8)
def demo_catalog(scale: float = 1.0, seed: int = DEFAULT_SEED) -> tuple[Source, ...]:
    """The bundled demo sources as catalogue entries (cached per scale and seed).

    Demo sources use their system id as key (``salesforce``, ``sap``, ...).
    """
    data = generate_demo(scale, seed)
    return tuple(describe_source(s.key, s.name, "demo", s.key, data[s.key]) for s in DEMO_SYSTEMS)
