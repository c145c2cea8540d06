"""The content of a version file, written into an open DuckDB connection.

See :mod:`autonomos_dcl.publish.builder` for the tables it creates; this
module loads the source tables, measures the column facts conversions need,
creates the unified entity tables (or views) and the ``_lineage``,
``_sources`` and ``_meta`` tables.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from autonomos_dcl.models import (
    Entity,
    FieldMapping,
    FieldType,
    LineageRecord,
    Ontology,
    PublishedVersion,
)
from autonomos_dcl.profile.types import arrow_field_type
from autonomos_dcl.publish.arrow_prep import prepare_table
from autonomos_dcl.publish.feeds import TableFeed, table_feeds
from autonomos_dcl.publish.naming import (
    LINEAGE_TABLE,
    META_TABLE,
    ROW_COLUMNS,
    SOURCES_TABLE,
    SQL_TYPES,
    TableNames,
    entity_table_name,
    quote_ident,
    quote_literal,
)
from autonomos_dcl.publish.transforms import (
    ColumnFacts,
    Expression,
    column_expression,
    fact_queries,
)

SourceTables = Mapping[str, Mapping[str, pa.Table]]
"""``{source key: {table name: Arrow table}}``."""

FORMAT_VERSION = "1"
FACT_SAMPLE_ROWS = 20_000
"""Column facts (e-mail share, value range, date order) are measured on about this many rows
(whole vectors drawn at random, seeded) of larger tables."""


@dataclass(frozen=True)
class _Loaded:
    """A source table loaded into the staging database."""

    source_key: str
    system: str
    table: str
    db_name: str
    columns: Mapping[str, tuple[str, FieldType]]
    """Original column name -> (name in the database, field type)."""
    rows: int


@dataclass(frozen=True)
class BuildJob:
    """What one build writes, besides the source tables."""

    version: int
    final: Path
    created_at: datetime
    ontology: Ontology
    mappings: tuple[FieldMapping, ...]
    system_of: Mapping[str, str]
    materialize: bool


def write_version(
    connection: duckdb.DuckDBPyConnection, job: BuildJob, sources: SourceTables
) -> PublishedVersion:
    """Write every table of the version; returns its description (path = the final path)."""
    ontology = job.ontology
    names = TableNames()
    loaded: dict[tuple[str, str], _Loaded] = {}
    for key, tables in sources.items():
        for table_name, table in tables.items():
            system = job.system_of.get(key, key)
            loaded[(key, table_name)] = _load(connection, names, key, system, table_name, table)
    feeds = table_feeds(ontology, job.mappings)
    lineage: list[LineageRecord] = []
    row_counts = {item.db_name: item.rows for item in loaded.values()}
    for entity in ontology.entities:
        entity_feeds = [f for f in feeds if f.entity == entity.name]
        selects = []
        for feed in entity_feeds:
            sql, records = _feed_select(
                connection, entity, feed, loaded[(feed.source_key, feed.table)]
            )
            selects.append(sql)
            lineage.extend(records)
        table = entity_table_name(entity.name)
        if job.materialize or not selects:
            row_counts[table] = _create_entity_table(connection, entity, table, selects)
        else:
            union = " UNION ALL ".join(selects)
            connection.execute(f"CREATE VIEW {quote_ident(table)} AS {union}")
            row_counts[table] = sum(loaded[(f.source_key, f.table)].rows for f in entity_feeds)
    _write_catalogue(connection, list(loaded.values()), lineage)
    info = PublishedVersion(
        version=job.version,
        path=job.final,
        created_at=job.created_at,
        tables=tuple(item.db_name for item in loaded.values()),
        entities=tuple(e.name for e in ontology.entities),
        row_counts=row_counts,
    )
    _write_meta(connection, info, ontology, len(job.mappings))
    return info


def _load(
    connection: duckdb.DuckDBPyConnection,
    names: TableNames,
    source_key: str,
    system: str,
    table_name: str,
    table: pa.Table,
) -> _Loaded:
    prepared, stored_names = prepare_table(table)
    db_name = names.source_table(source_key, table_name)
    view = f"__load_{uuid.uuid4().hex}"
    connection.register(view, prepared)
    try:
        connection.execute(f"CREATE TABLE {quote_ident(db_name)} AS SELECT * FROM {view}")
    finally:
        connection.unregister(view)
    columns = {
        original: (stored, arrow_field_type(prepared.schema.field(stored).type))
        for original, stored in zip(table.column_names, stored_names, strict=True)
    }
    return _Loaded(source_key, system, table_name, db_name, columns, prepared.num_rows)


def _feed_select(
    connection: duckdb.DuckDBPyConnection, entity: Entity, feed: TableFeed, source: _Loaded
) -> tuple[str, list[LineageRecord]]:
    """One ``SELECT`` of the union: every entity field from this table (NULL when unmapped)."""
    facts = _column_facts(connection, entity, feed, source)
    columns: list[str] = []
    records: list[LineageRecord] = []
    for field in entity.fields:
        feeding = sorted(
            (m for m in feed.mappings if m.field == field.name),
            key=lambda m: -m.confidence,
        )
        expressions: list[Expression] = []
        for m in feeding:
            stored, source_type = source.columns[m.column]
            expression = column_expression(
                quote_ident(stored), source_type, field, m.transform, facts.get(m)
            )
            expressions.append(expression)
            records.append(
                LineageRecord(
                    entity=entity.name,
                    field=field.name,
                    source_key=feed.source_key,
                    system=source.system,
                    table=feed.table,
                    column=m.column,
                    method=m.method,
                    confidence=m.confidence,
                    transform=expression.transform,
                )
            )
        sql_type = SQL_TYPES[field.type]
        if not expressions:
            value = f"CAST(NULL AS {sql_type})"
        elif len(expressions) == 1:
            value = f"CAST({expressions[0].sql} AS {sql_type})"
        else:
            value = (
                "COALESCE(" + ", ".join(f"CAST({e.sql} AS {sql_type})" for e in expressions) + ")"
            )
        columns.append(f"{value} AS {quote_ident(field.name)}")
    provenance = [
        quote_literal(feed.source_key),
        quote_literal(source.system),
        quote_literal(feed.table),
        "CAST(rowid AS BIGINT)",
    ]
    columns.extend(f"{v} AS {quote_ident(n)}" for v, n in zip(provenance, ROW_COLUMNS, strict=True))
    return f"SELECT {', '.join(columns)} FROM {quote_ident(source.db_name)}", records


def _column_facts(
    connection: duckdb.DuckDBPyConnection, entity: Entity, feed: TableFeed, source: _Loaded
) -> dict[FieldMapping, ColumnFacts]:
    """Run the aggregates the feed's conversions need, in one query over the table."""
    wanted: list[tuple[FieldMapping, str, str]] = []
    for m in feed.mappings:
        field = entity.field(m.field)
        assert field is not None
        stored, source_type = source.columns[m.column]
        for kind, sql in fact_queries(quote_ident(stored), source_type, field, m.transform).items():
            wanted.append((m, kind, sql))
    if not wanted:
        return {}
    select = ", ".join(f"{sql} AS f{i}" for i, (_, _, sql) in enumerate(wanted))
    share = 100.0 * FACT_SAMPLE_ROWS / source.rows if source.rows else 100.0
    sample = f"USING SAMPLE {share:.4f}% (system, 7)" if share < 100.0 else ""
    query = f"SELECT {select} FROM {quote_ident(source.db_name)} {sample}"
    row = connection.execute(query).fetchall()[0]
    facts: dict[FieldMapping, ColumnFacts] = {}
    for (m, kind, _), value in zip(wanted, row, strict=True):
        current = facts.get(m, ColumnFacts())
        if kind == "email":
            current = replace(current, email_share=float(value or 0.0))
        elif kind == "minimum":
            current = replace(current, minimum=None if value is None else float(value))
        elif kind == "maximum":
            current = replace(current, maximum=None if value is None else float(value))
        elif kind == "day_first":
            current = replace(current, day_first=bool(value))
        facts[m] = current
    return facts


def _create_entity_table(
    connection: duckdb.DuckDBPyConnection, entity: Entity, table: str, selects: list[str]
) -> int:
    if selects:
        connection.execute(f"CREATE TABLE {quote_ident(table)} AS " + " UNION ALL ".join(selects))
        rows = connection.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchall()
        return int(rows[0][0])
    typed = [f"{quote_ident(f.name)} {SQL_TYPES[f.type]}" for f in entity.fields]
    provenance = [f"{quote_ident(n)} {t}" for n, t in zip(ROW_COLUMNS, _ROW_TYPES, strict=True)]
    connection.execute(f"CREATE TABLE {quote_ident(table)} ({', '.join(typed + provenance)})")
    return 0


_ROW_TYPES = ("VARCHAR", "VARCHAR", "VARCHAR", "BIGINT")


def _write_catalogue(
    connection: duckdb.DuckDBPyConnection,
    items: Sequence[_Loaded],
    lineage: list[LineageRecord],
) -> None:
    sources = pa.table(
        {
            "table_name": [i.db_name for i in items],
            "source_key": [i.source_key for i in items],
            "source_system": [i.system for i in items],
            "source_table": [i.table for i in items],
            "row_count": pa.array([i.rows for i in items], pa.int64()),
        }
    )
    records = pa.table(
        {
            "entity": pa.array([r.entity for r in lineage], pa.string()),
            "field": pa.array([r.field for r in lineage], pa.string()),
            "source_key": pa.array([r.source_key for r in lineage], pa.string()),
            "source_system": pa.array([r.system for r in lineage], pa.string()),
            "source_table": pa.array([r.table for r in lineage], pa.string()),
            "source_column": pa.array([r.column for r in lineage], pa.string()),
            "method": pa.array([r.method for r in lineage], pa.string()),
            "confidence": pa.array([r.confidence for r in lineage], pa.float64()),
            "transform": pa.array([r.transform for r in lineage], pa.string()),
        }
    )
    for name, data in ((SOURCES_TABLE, sources), (LINEAGE_TABLE, records)):
        view = f"__catalogue_{uuid.uuid4().hex}"
        connection.register(view, data)
        try:
            connection.execute(f"CREATE TABLE {quote_ident(name)} AS SELECT * FROM {view}")
        finally:
            connection.unregister(view)


def _write_meta(
    connection: duckdb.DuckDBPyConnection, info: PublishedVersion, ontology: Ontology, mappings: int
) -> None:
    meta = {
        "format_version": FORMAT_VERSION,
        "version": str(info.version),
        "created_at": info.created_at.isoformat(),
        "tables": json.dumps(list(info.tables)),
        "entities": json.dumps(list(info.entities)),
        "row_counts": json.dumps(dict(info.row_counts)),
        "ontology": json.dumps(ontology.to_dict()),
        "mappings": str(mappings),
    }
    connection.execute(f"CREATE TABLE {quote_ident(META_TABLE)} (key VARCHAR, value VARCHAR)")
    connection.executemany(
        f"INSERT INTO {quote_ident(META_TABLE)} VALUES (?, ?)", list(meta.items())
    )
