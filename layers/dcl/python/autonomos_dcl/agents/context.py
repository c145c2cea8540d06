"""The state of one agent run and the evidence queries every analysis shares.

A :class:`RunContext` holds the read-only connection to the version, what
the version offers (:class:`~autonomos_dcl.agents.inputs.VersionInputs`),
the settings and the as-of day. Analyses ask it for table and column names
(never interpolating raw names) and for evidence: the top unified rows of
many groups at once, with the source tables they came from, and the
lineage columns feeding the fields they used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from autonomos_dcl.agents.inputs import VersionInputs
from autonomos_dcl.agents.model import Evidence, EvidenceRow, Finding, SourceColumnRef
from autonomos_dcl.agents.settings import AgentSettings
from autonomos_dcl.agents.spec import primary_key
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.publish import entity_table_name
from autonomos_dcl.publish.naming import SQL_TYPES, quote_ident

SourceTableKey = tuple[str, str]
"""``(source system, source table)`` of unified rows."""
_PROVENANCE = "_source_system, _source_table, _source_row"


def _evidence_row(entity: str, row: Sequence[Any]) -> EvidenceRow:
    system, table, position, key = row
    return EvidenceRow(entity, str(system), str(table), int(position), key)


@dataclass(frozen=True)
class EvidencePack:
    """The evidence of one group: its top rows, every source table it spans, its size."""

    rows: tuple[EvidenceRow, ...] = ()
    tables: frozenset[SourceTableKey] = frozenset()
    count: int = 0


def merge_packs(packs: Iterable[EvidencePack]) -> EvidencePack:
    """One pack of several: rows in order, tables and counts combined."""
    listed = list(packs)
    return EvidencePack(
        rows=tuple(r for p in listed for r in p.rows),
        tables=frozenset(t for p in listed for t in p.tables),
        count=sum(p.count for p in listed),
    )


@dataclass(frozen=True)
class Analysis:
    """What one analysis adds to a run: findings in order, and summary facts."""

    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidencePart:
    """A pack of ``entity`` rows and the fields of ``entity`` the finding read from them."""

    entity: str
    pack: EvidencePack
    fields: tuple[str, ...]


@dataclass
class RunContext:
    """One agent run over one published version (see the module docstring)."""

    connection: duckdb.DuckDBPyConnection
    inputs: VersionInputs
    settings: AgentSettings
    as_of: date = field(default_factory=date.today)
    _materialized: set[str] = field(default_factory=set, init=False, repr=False)

    def table(self, entity: str) -> str:
        """The quoted name of ``entity``'s unified table."""
        return quote_ident(entity_table_name(entity))

    def column(self, entity: str, field_name: str, alias: str | None = None) -> str:
        """The quoted column of ``entity.field_name`` (qualified by ``alias``), or a
        typed NULL when the table lacks it (optional fields of a tenant ontology
        without them)."""
        if self.inputs.has_column(entity, field_name):
            return f"{alias}.{quote_ident(field_name)}" if alias else quote_ident(field_name)
        found = DEFAULT_ONTOLOGY.entity(entity)
        ontology_field = found.field(field_name) if found is not None else None
        sql_type = SQL_TYPES[ontology_field.type] if ontology_field is not None else "VARCHAR"
        return f"CAST(NULL AS {sql_type})"

    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` with named ``$parameters``."""
        return self.connection.execute(sql, dict(params or {})).fetchall()

    def materialize(self, name: str, sql: str, params: Mapping[str, Any] | None = None) -> str:
        """Create the temporary table ``name`` from ``sql`` once per run (later calls
        reuse it) and return its quoted name. Temporary tables live in memory,
        beside the read-only version, and vanish with the connection."""
        quoted = quote_ident(name)
        if name not in self._materialized:
            self.connection.execute(f"CREATE TEMP TABLE {quoted} AS {sql}", dict(params or {}))
            self._materialized.add(name)
        return quoted

    def grouped_evidence(
        self,
        entity: str,
        group_sql: str,
        groups: Iterable[str],
        *,
        order_sql: str,
        where_sql: str = "TRUE",
        params: Mapping[str, Any] | None = None,
        relation: str | None = None,
    ) -> dict[str, EvidencePack]:
        """Evidence of many groups of ``entity`` rows in two queries.

        ``group_sql`` is an expression over the entity table (or ``relation``:
        a table or subquery with the entity's provenance and key columns)
        whose VARCHAR value names a row's group; rows with a group in
        ``groups`` that also satisfy ``where_sql`` are the group's rows; the
        top ``max_evidence_rows`` by ``order_sql`` (ties by provenance) are
        listed. Groups without rows are absent from the answer.
        """
        wanted = sorted(set(groups))
        if not wanted:
            return {}
        base = (
            f"SELECT CAST({group_sql} AS VARCHAR) AS _g, * FROM {relation or self.table(entity)} "
            f"WHERE ({where_sql}) AND CAST({group_sql} AS VARCHAR) IN (SELECT unnest($groups))"
        )
        values = {**(params or {}), "groups": wanted}
        top = self.query(
            f"WITH g AS ({base}), r AS (SELECT _g, {_PROVENANCE}, {self._key(entity)} AS _k, "
            f"row_number() OVER (PARTITION BY _g ORDER BY {order_sql}, {_PROVENANCE}) AS _rn "
            f"FROM g) SELECT _g, {_PROVENANCE}, _k FROM r WHERE _rn <= $limit ORDER BY _g, _rn",
            {**values, "limit": self.settings.max_evidence_rows},
        )
        spans = self.query(
            f"WITH g AS ({base}) SELECT _g, _source_system, _source_table, count(*) FROM g "
            "GROUP BY ALL ORDER BY ALL",
            values,
        )
        rows: dict[str, list[EvidenceRow]] = {}
        for group, *row in top:
            rows.setdefault(group, []).append(_evidence_row(entity, row))
        tables: dict[str, set[SourceTableKey]] = {}
        counts: dict[str, int] = {}
        for group, system, table, count in spans:
            tables.setdefault(group, set()).add((str(system), str(table)))
            counts[group] = counts.get(group, 0) + int(count)
        return {
            g: EvidencePack(tuple(rows.get(g, ())), frozenset(tables[g]), counts[g])
            for g in sorted(tables)
        }

    def evidence(
        self,
        entity: str,
        *,
        order_sql: str,
        where_sql: str = "TRUE",
        params: Mapping[str, Any] | None = None,
        relation: str | None = None,
    ) -> EvidencePack:
        """Evidence of one set of ``entity`` rows (see :meth:`grouped_evidence`)."""
        source = relation or self.table(entity)
        top = self.query(
            f"SELECT {_PROVENANCE}, {self._key(entity)} FROM {source} WHERE {where_sql} "
            f"ORDER BY {order_sql}, {_PROVENANCE} LIMIT $limit",
            {**(params or {}), "limit": self.settings.max_evidence_rows},
        )
        spans = self.query(
            f"SELECT _source_system, _source_table, count(*) FROM {source} WHERE {where_sql} "
            "GROUP BY ALL ORDER BY ALL",
            params,
        )
        return EvidencePack(
            rows=tuple(_evidence_row(entity, list(row)) for row in top),
            tables=frozenset((str(s), str(t)) for s, t, _ in spans),
            count=sum(int(c) for _, _, c in spans),
        )

    def _key(self, entity: str) -> str:
        return f"CAST({quote_ident(primary_key(entity))} AS VARCHAR)"

    def make_evidence(self, parts: Sequence[EvidencePart], metrics: Mapping[str, Any]) -> Evidence:
        """Evidence from packs of rows (each with the fields the finding used).

        Rows are listed in part order up to ``max_evidence_rows``;
        ``metrics["evidence_row_count"]`` is the number of rows of all parts.
        """
        rows = tuple(r for part in parts for r in part.pack.rows)
        columns = tuple(
            c
            for part in parts
            for c in self.source_columns(part.entity, part.fields, part.pack.tables)
        )
        return Evidence(
            rows=rows[: self.settings.max_evidence_rows],
            source_columns=tuple(dict.fromkeys(columns)),
            metrics={**metrics, "evidence_row_count": sum(p.pack.count for p in parts)},
        )

    def source_columns(
        self, entity: str, fields: Sequence[str], tables: Iterable[SourceTableKey]
    ) -> tuple[SourceColumnRef, ...]:
        """Source columns feeding ``entity``'s ``fields`` from the given source tables."""
        spans = set(tables)
        wanted = set(fields)
        return tuple(
            sorted(
                (
                    SourceColumnRef(r.entity, r.field, r.system, r.table, r.column)
                    for r in self.inputs.lineage
                    if r.entity == entity and r.field in wanted and (r.system, r.table) in spans
                ),
                key=lambda c: (c.entity, fields.index(c.field), c.system, c.table, c.column),
            )
        )
