"""Safe names and SQL quoting for the published DuckDB files.

Names from sources (tables, columns) are never interpolated raw: identifiers
go through :func:`quote_ident` and text through :func:`quote_literal`;
table names inside a version are slugs (``src_<source>__<table>``,
``entity_<name>``) made unique.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from autonomos_dcl.models import FieldType

SOURCE_PREFIX = "src_"
ENTITY_PREFIX = "entity_"
LINEAGE_TABLE = "_lineage"
META_TABLE = "_meta"
SOURCES_TABLE = "_sources"
ROW_COLUMNS = ("_source_key", "_source_system", "_source_table", "_source_row")
"""Provenance columns appended to every unified entity table."""

SQL_TYPES: dict[FieldType, str] = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "decimal": "DOUBLE",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "boolean": "BOOLEAN",
}
"""DuckDB column type of each ontology field type."""

_SLUG_PART_CHARS = 40


def quote_ident(name: str) -> str:
    """A DuckDB identifier in double quotes (embedded quotes doubled, NUL refused)."""
    if "\x00" in name:
        raise ValueError("identifiers cannot contain NUL characters")
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A DuckDB string literal in single quotes (embedded quotes doubled, NUL refused)."""
    if "\x00" in text:
        raise ValueError("text literals cannot contain NUL characters")
    return "'" + text.replace("'", "''") + "'"


def slug(text: str) -> str:
    """Lower-case ``[a-z0-9_]`` form of a name (``"Cloud Spend-2"`` -> ``cloud_spend_2``)."""
    out = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return out[:_SLUG_PART_CHARS] or "x"


def entity_table_name(entity: str) -> str:
    """Name of an entity's unified table (``entity_account``)."""
    return ENTITY_PREFIX + slug(entity)


class TableNames:
    """Allocates unique table names for the source tables of one version."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken = {name.lower() for name in reserved}

    def source_table(self, source_key: str, table: str) -> str:
        """``src_<source>__<table>``, with ``_2``, ``_3``... when two tables slug alike."""
        base = f"{SOURCE_PREFIX}{slug(source_key)}__{slug(table)}"
        name, suffix = base, 2
        while name.lower() in self._taken:
            name, suffix = f"{base}_{suffix}", suffix + 1
        self._taken.add(name.lower())
        return name
