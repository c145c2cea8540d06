"""Which source tables feed which unified entity, and mapping validation.

A source table *feeds* an entity when at least one of its mappings to that
entity targets a field other than the entity's primary key (or the entity
has no other field). A table that maps only the key is a reference (a
foreign key such as ``opportunities.accountid``), not a row source, so it
adds no rows of bare identifiers. Publish and the graph both use
:func:`table_feeds`, so the graph shows exactly the unions publish builds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from autonomos_dcl.models import FieldMapping, Ontology, Source
from autonomos_dcl.publish.transforms import TRANSFORMS


@dataclass(frozen=True)
class TableFeed:
    """One source table feeding one entity, with all its mappings to that entity."""

    entity: str
    source_key: str
    system: str
    table: str
    mappings: tuple[FieldMapping, ...]

    @property
    def confidence(self) -> float:
        """Mean confidence of the feed's mappings."""
        return sum(m.confidence for m in self.mappings) / len(self.mappings)


def table_feeds(ontology: Ontology, mappings: Iterable[FieldMapping]) -> list[TableFeed]:
    """The feeds of every entity, in ontology order then first-mapping order.

    Mappings to unknown entities or fields are ignored here (see
    :func:`mapping_problems`).
    """
    groups: dict[tuple[str, str, str], list[FieldMapping]] = {}
    for mapping in mappings:
        if ontology.has_field(mapping.entity, mapping.field):
            groups.setdefault((mapping.entity, mapping.source_key, mapping.table), []).append(
                mapping
            )
    feeds: list[TableFeed] = []
    for entity in ontology.entities:
        key_only_entity = len(entity.fields) == 1
        for (name, source_key, table), group in groups.items():
            if name != entity.name:
                continue
            if key_only_entity or any(m.field != entity.primary_key for m in group):
                feeds.append(
                    TableFeed(
                        entity=name,
                        source_key=source_key,
                        system=group[0].source_system,
                        table=table,
                        mappings=tuple(group),
                    )
                )
    return feeds


def source_columns(sources: Iterable[Source]) -> dict[tuple[str, str], set[str]]:
    """``{(source key, table): {column names}}`` of described sources."""
    return {
        (source.key, table.name): {c.name for c in table.columns}
        for source in sources
        for table in source.tables
    }


def mapping_problems(
    columns: Mapping[tuple[str, str], set[str]],
    ontology: Ontology,
    mappings: Sequence[FieldMapping],
) -> list[str]:
    """Human-readable problems of ``mappings`` against the source columns and the
    ontology (unknown table, column, entity, field or transform; confidence
    outside [0, 1]); empty when all are usable."""
    problems: list[str] = []
    for m in mappings:
        where = f"{m.source_key}.{m.table}.{m.column} -> {m.entity}.{m.field}"
        if (m.source_key, m.table) not in columns:
            problems.append(f"{where}: unknown source table {m.source_key}.{m.table}")
        elif m.column not in columns[(m.source_key, m.table)]:
            problems.append(f"{where}: unknown column {m.column!r}")
        if ontology.entity(m.entity) is None:
            problems.append(f"{where}: unknown entity {m.entity!r}")
        elif not ontology.has_field(m.entity, m.field):
            problems.append(f"{where}: unknown field {m.field!r} of {m.entity!r}")
        if m.transform is not None and m.transform not in TRANSFORMS:
            problems.append(f"{where}: unknown transform {m.transform!r}")
        if not 0.0 <= m.confidence <= 1.0:
            problems.append(f"{where}: confidence {m.confidence} is outside [0, 1]")
    return problems
