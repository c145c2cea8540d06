"""Lineage of unified fields: which source columns feed them, which agents read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autonomos_dcl.models import Agent, LineageRecord, Ontology
from autonomos_dcl.ontology import DEFAULT_AGENTS
from autonomos_dcl.publish.connection import open_readonly
from autonomos_dcl.publish.naming import LINEAGE_TABLE, quote_ident


@dataclass(frozen=True)
class LineageMatch:
    """A unified field, its source columns and the agents that consume its entity."""

    entity: str
    field: str
    type: str | None
    sources: tuple[LineageRecord, ...]
    agents: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "field": self.field,
            "unified_field": f"{self.entity}.{self.field}",
            "type": self.type,
            "sources": [r.to_dict() for r in self.sources],
            "agents": list(self.agents),
        }


def read_lineage(db_path: Path) -> list[LineageRecord]:
    """The ``_lineage`` records of a published version."""
    with open_readonly(db_path) as connection:
        rows = connection.execute(
            "SELECT entity, field, source_key, source_system, source_table, source_column, "
            f"method, confidence, transform FROM {quote_ident(LINEAGE_TABLE)}"
        ).fetchall()
    return [
        LineageRecord(
            entity=r[0],
            field=r[1],
            source_key=r[2],
            system=r[3],
            table=r[4],
            column=r[5],
            method=r[6],
            confidence=float(r[7]),
            transform=r[8],
        )
        for r in rows
    ]


def lineage(
    source: Path | Sequence[LineageRecord],
    query: str,
    *,
    ontology: Ontology | None = None,
    agents: Sequence[Agent] = DEFAULT_AGENTS,
) -> list[LineageMatch]:
    """Unified fields matching ``query``, each with its source columns and agents.

    ``query`` is ``entity.field`` (exact, case-insensitive), an entity name
    (all its fields), or free text: every word must occur in the entity,
    field, system, source table or source column; empty matches everything.
    With ``ontology``, fields without sources are listed too (with none).
    """
    records = read_lineage(source) if isinstance(source, Path) else list(source)
    fields: dict[tuple[str, str], list[LineageRecord]] = {}
    types: dict[tuple[str, str], str] = {}
    if ontology is not None:
        for entity in ontology.entities:
            for f in entity.fields:
                fields[(entity.name, f.name)] = []
                types[(entity.name, f.name)] = f.type
    for record in records:
        fields.setdefault((record.entity, record.field), []).append(record)
    wanted = _matcher(query, {e for e, _ in fields})
    return [
        LineageMatch(
            entity=entity,
            field=field,
            type=types.get((entity, field)),
            sources=tuple(sorted(feeding, key=lambda r: (-r.confidence, r.system, r.table))),
            agents=tuple(a.id for a in agents if entity in a.consumes),
        )
        for (entity, field), feeding in fields.items()
        if wanted(entity, field, feeding)
    ]


def _matcher(query: str, entities: set[str]) -> Any:
    text = query.strip().lower()
    entity_part, _, field_part = text.partition(".")
    if field_part and entity_part in entities:
        return lambda e, f, _r: e.lower() == entity_part and f.lower() == field_part
    if text in entities:
        return lambda e, _f, _r: e.lower() == text
    words = text.split()

    def free_text(entity: str, field: str, feeding: list[LineageRecord]) -> bool:
        haystack = " ".join(
            [entity, field, f"{entity}.{field}"]
            + [f"{r.system} {r.source_key} {r.table} {r.column}" for r in feeding]
        ).lower()
        return all(word in haystack for word in words)

    return free_text
