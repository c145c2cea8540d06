"""What a published version offers an agent: mapped fields and table columns.

A field is *mapped* when the version's ``_lineage`` has at least one source
column for it; an agent runs only when every field it requires is mapped
and present in its entity's unified table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from autonomos_dcl.agents.spec import AgentSpec, agent_spec
from autonomos_dcl.models import LineageRecord
from autonomos_dcl.publish import entity_table_name, open_readonly
from autonomos_dcl.publish.naming import LINEAGE_TABLE, quote_ident


@dataclass(frozen=True)
class VersionInputs:
    """The lineage of a version and the columns of its tables (by table name)."""

    lineage: tuple[LineageRecord, ...]
    columns: Mapping[str, frozenset[str]]

    def is_mapped(self, entity: str, field: str) -> bool:
        """Whether a source column feeds ``entity.field``."""
        return any(r.entity == entity and r.field == field for r in self.lineage)

    def has_column(self, entity: str, field: str) -> bool:
        """Whether ``entity``'s unified table exists with a ``field`` column."""
        return field in self.columns.get(entity_table_name(entity), frozenset())

    def missing(self, spec: AgentSpec) -> tuple[str, ...]:
        """Required ``entity.field`` names that are unmapped or absent, sorted."""
        mapped = {(r.entity, r.field) for r in self.lineage}
        return tuple(
            sorted(
                f"{entity}.{name}"
                for entity, fields in spec.consumes.items()
                for name in fields
                if (entity, name) not in mapped or not self.has_column(entity, name)
            )
        )


def read_inputs(connection: duckdb.DuckDBPyConnection) -> VersionInputs:
    """Lineage and table columns of the version open on ``connection``.

    A file without a ``_lineage`` table reads as having no mapped fields.
    """
    column_rows = connection.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in column_rows:
        columns.setdefault(str(table), set()).add(str(column))
    lineage: list[LineageRecord] = []
    if LINEAGE_TABLE in columns:
        rows = connection.execute(
            "SELECT entity, field, source_key, source_system, source_table, source_column, "
            f"method, confidence, transform FROM {quote_ident(LINEAGE_TABLE)} "
            "ORDER BY entity, field, source_system, source_table, source_column"
        ).fetchall()
        lineage = [
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
    return VersionInputs(
        lineage=tuple(lineage), columns={t: frozenset(c) for t, c in columns.items()}
    )


@dataclass(frozen=True)
class InputStatus:
    """Whether an agent can run on a version, and what it lacks."""

    agent_id: str
    available: bool
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "agent_id": self.agent_id,
            "available": self.available,
            "missing": list(self.missing),
        }


def input_status(agent_id: str, db_path: Path | str) -> InputStatus:
    """Whether ``agent_id`` has all it needs in the version file ``db_path``.

    For the agent catalogue (``GET /api/v1/agents``). Raises
    :class:`~autonomos_dcl.errors.UnknownAgentError` (404) for an unknown agent
    and :class:`~autonomos_dcl.errors.PublishError` when the file cannot be opened.
    """
    spec = agent_spec(agent_id)
    with open_readonly(db_path, threads=1) as connection:
        missing = read_inputs(connection).missing(spec)
    return InputStatus(agent_id=agent_id, available=not missing, missing=missing)
