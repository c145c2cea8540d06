"""Typed values shared by the DCL stages (sources, profile, publish, graph).

All values are frozen dataclasses: hashable, comparable, safe to share, and
free of I/O. Each has a ``to_dict`` giving its JSON shape (the API.md shape
where the API exposes it); :class:`Ontology` also parses that shape back
with :meth:`Ontology.from_dict`, validating it.

Field types of the unified ontology form a closed vocabulary
(:data:`FIELD_TYPES`); sources describe their columns with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, cast, get_args

from autonomos_dcl.errors import InvalidOntologyError

FieldType = Literal["string", "integer", "decimal", "date", "timestamp", "boolean"]
FIELD_TYPES: tuple[FieldType, ...] = get_args(FieldType)

SourceKind = Literal["demo", "file", "sql"]
Method = Literal["heuristic", "memory", "llm", "human"]
METHODS: tuple[Method, ...] = get_args(Method)

Unit = Literal["percent"]
"""``percent``: the unified field holds 0-100; publish scales 0-1 sources up."""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_ACRONYMS = {"aws": "AWS", "id": "ID", "crm": "CRM", "erp": "ERP", "sql": "SQL"}


def entity_label(name: str) -> str:
    """Display label of an entity name: ``aws_resources`` -> ``AWS Resources``."""
    return " ".join(_ACRONYMS.get(w, w.capitalize()) for w in name.split("_") if w)


# --- sources ------------------------------------------------------------------


@dataclass(frozen=True)
class SourceColumn:
    """One column of a source table, typed with the :data:`FieldType` words."""

    name: str
    type: FieldType

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type}


@dataclass(frozen=True)
class SourceTable:
    """One table of a source: its columns and row count."""

    source_key: str
    system: str
    name: str
    columns: tuple[SourceColumn, ...]
    row_count: int

    def to_dict(self) -> dict[str, Any]:
        """API.md shape: ``{name, columns: [{name, type}], row_count}``."""
        return {
            "name": self.name,
            "columns": [c.to_dict() for c in self.columns],
            "row_count": self.row_count,
        }


@dataclass(frozen=True)
class Source:
    """A connectable source: a bundled demo system, uploaded files or a SQL database.

    ``key`` identifies it in a tenant's catalogue; ``system`` names the
    product (``salesforce``, ``sap``, ...; ``file``/``sql`` for tenant sources)
    so the matcher can apply that system's naming conventions.
    """

    key: str
    name: str
    kind: SourceKind
    system: str
    tables: tuple[SourceTable, ...]

    def table(self, name: str) -> SourceTable | None:
        """The table called ``name``, or None."""
        return next((t for t in self.tables if t.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """API.md ``GET /api/v1/dcl/sources`` item: ``{key, name, kind, tables}`` (+ system)."""
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "system": self.system,
            "tables": [t.to_dict() for t in self.tables],
        }


# --- ontology -----------------------------------------------------------------


@dataclass(frozen=True)
class EntityField:
    """A field of a unified entity; ``unit`` qualifies numbers (see :data:`Unit`)."""

    name: str
    type: FieldType
    unit: Unit | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.unit is not None:
            out["unit"] = self.unit
        return out


@dataclass(frozen=True)
class Entity:
    """A unified entity. ``fields`` includes the primary key field."""

    name: str
    primary_key: str
    fields: tuple[EntityField, ...]

    @property
    def label(self) -> str:
        """Display label (``aws_resources`` -> ``AWS Resources``)."""
        return entity_label(self.name)

    def field(self, name: str) -> EntityField | None:
        """The field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "primary_key": self.primary_key,
            "fields": [f.to_dict() for f in self.fields],
        }


@dataclass(frozen=True)
class Ontology:
    """The unified ontology: a list of entities with unique names."""

    entities: tuple[Entity, ...]

    def entity(self, name: str) -> Entity | None:
        """The entity called ``name``, or None."""
        return next((e for e in self.entities if e.name == name), None)

    def has_field(self, entity: str, field_name: str) -> bool:
        """Whether ``entity.field_name`` exists."""
        found = self.entity(entity)
        return found is not None and found.field(field_name) is not None

    def to_dict(self) -> dict[str, Any]:
        """API.md ``PUT /api/v1/dcl/ontology`` shape (no ``source_mappings``)."""
        return {"entities": [e.to_dict() for e in self.entities]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ontology:
        """Parse and validate the API shape; extra keys (``source_mappings``) are ignored.

        Raises :class:`InvalidOntologyError` (400) naming the offending entity or field:
        names must be lower snake_case identifiers, unique, types from
        :data:`FIELD_TYPES`, and the primary key must be one of the fields.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("entities"), list):
            raise InvalidOntologyError("ontology must be an object with a list 'entities'")
        entities = [_parse_entity(i, raw) for i, raw in enumerate(data["entities"])]
        if not entities:
            raise InvalidOntologyError("ontology must have at least one entity")
        names = [e.name for e in entities]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise InvalidOntologyError(f"duplicate entity names: {', '.join(duplicates)}")
        return cls(entities=tuple(entities))


def _parse_entity(index: int, raw: Any) -> Entity:
    if not isinstance(raw, Mapping):
        raise InvalidOntologyError(f"entities[{index}] must be an object")
    name = _valid_name(raw.get("name"), f"entities[{index}].name")
    raw_fields = raw.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise InvalidOntologyError(f"entity {name!r}: 'fields' must be a non-empty list")
    fields = tuple(_parse_field(name, i, f) for i, f in enumerate(raw_fields))
    field_names = [f.name for f in fields]
    duplicates = sorted({n for n in field_names if field_names.count(n) > 1})
    if duplicates:
        raise InvalidOntologyError(f"entity {name!r}: duplicate fields: {', '.join(duplicates)}")
    primary_key = _valid_name(raw.get("primary_key"), f"entity {name!r}: primary_key")
    if primary_key not in field_names:
        raise InvalidOntologyError(f"entity {name!r}: primary_key {primary_key!r} is not a field")
    return Entity(name=name, primary_key=primary_key, fields=fields)


def _parse_field(entity: str, index: int, raw: Any) -> EntityField:
    if not isinstance(raw, Mapping):
        raise InvalidOntologyError(f"entity {entity!r}: fields[{index}] must be an object")
    name = _valid_name(raw.get("name"), f"entity {entity!r}: fields[{index}].name")
    type_ = raw.get("type", "string")
    if type_ not in FIELD_TYPES:
        raise InvalidOntologyError(
            f"entity {entity!r}: field {name!r} has type {type_!r}; "
            f"expected one of {', '.join(FIELD_TYPES)}"
        )
    unit = raw.get("unit")
    if unit not in (None, *get_args(Unit)):
        raise InvalidOntologyError(f"entity {entity!r}: field {name!r} has unknown unit {unit!r}")
    return EntityField(name=name, type=cast(FieldType, type_), unit=cast(Unit | None, unit))


def _valid_name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise InvalidOntologyError(
            f"{where} must be a lower snake_case identifier (a-z, 0-9, _; at most 63 chars)"
        )
    return value


# --- agents -------------------------------------------------------------------


@dataclass(frozen=True)
class Agent:
    """A domain agent and the unified entities it reads."""

    id: str
    name: str
    consumes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "consumes": list(self.consumes)}


# --- mapping ------------------------------------------------------------------


@dataclass(frozen=True)
class FieldMapping:
    """``source table.column -> entity.field`` with a confidence in [0, 1] and a method.

    ``transform`` names a publish transform (see
    ``autonomos_dcl.publish.transforms.TRANSFORMS``); None lets publish choose
    from the source and target types.
    """

    source_key: str
    source_system: str
    table: str
    column: str
    entity: str
    field: str
    confidence: float
    method: Method
    transform: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_key": self.source_key,
            "source_system": self.source_system,
            "table": self.table,
            "column": self.column,
            "entity": self.entity,
            "field": self.field,
            "confidence": round(self.confidence, 4),
            "method": self.method,
            "transform": self.transform,
        }


# --- profile ------------------------------------------------------------------

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class ColumnProfile:
    """What the values of one column look like.

    - ``inferred_type``: the semantic type of the values (a text column is a
      date only when its values parse as dates; currency text is ``decimal``).
    - ``null_ratio``: nulls and blank strings over all rows.
    - ``distinct_ratio``: distinct non-null values over non-null values (of the sample).
    - ``patterns``: value patterns shared by at least 90% of the non-null
      values (``id_like``, ``email``, ``phone``, ``currency``, ``date``,
      ``country``, ``url``, ``uuid``, ``fraction``, ``percent``);
      ``pattern_shares`` gives each pattern's share.
    - ``min_value``/``max_value``: numbers for numeric columns, ISO text for
      dates, text (lexicographic) otherwise.
    - ``sampled_rows``: how many rows the statistics were computed on.
    """

    name: str
    source_type: str
    inferred_type: FieldType
    row_count: int
    sampled_rows: int
    null_ratio: float
    distinct_ratio: float
    patterns: tuple[str, ...]
    pattern_shares: Mapping[str, float]
    min_value: Scalar
    max_value: Scalar
    samples: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source_type": self.source_type,
            "inferred_type": self.inferred_type,
            "row_count": self.row_count,
            "sampled_rows": self.sampled_rows,
            "null_ratio": round(self.null_ratio, 4),
            "distinct_ratio": round(self.distinct_ratio, 4),
            "patterns": list(self.patterns),
            "pattern_shares": {k: round(v, 4) for k, v in self.pattern_shares.items()},
            "min": self.min_value,
            "max": self.max_value,
            "samples": list(self.samples),
        }


# --- publish ------------------------------------------------------------------


@dataclass(frozen=True)
class LineageRecord:
    """One unified field fed by one source column, as stored in ``_lineage``."""

    entity: str
    field: str
    source_key: str
    system: str
    table: str
    column: str
    method: str
    confidence: float
    transform: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "field": self.field,
            "source_key": self.source_key,
            "system": self.system,
            "table": self.table,
            "column": self.column,
            "method": self.method,
            "confidence": round(self.confidence, 4),
            "transform": self.transform,
        }


@dataclass(frozen=True)
class PublishedVersion:
    """A complete, immutable published version: one DuckDB file.

    - ``tables``: the per-source-table names inside the file (``src_<source>__<table>``).
    - ``entities``: the unified entity names; their tables are ``entity_<name>``.
    - ``row_counts``: rows of every table above, by its name inside the file.
    """

    version: int
    path: Path
    created_at: datetime
    tables: tuple[str, ...]
    entities: tuple[str, ...]
    row_counts: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "path": str(self.path),
            "created_at": self.created_at.isoformat(),
            "tables": list(self.tables),
            "entities": list(self.entities),
            "row_counts": dict(self.row_counts),
        }
