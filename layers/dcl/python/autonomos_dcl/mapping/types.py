"""Input and output values of the schema matcher.

All of them are frozen dataclasses so a caller can hash, compare and share
them between threads; none of them does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Method = Literal["heuristic", "memory", "llm", "human"]


@dataclass(frozen=True)
class ColumnSample:
    """One column: its name, some of its values (as text) and, when known, a
    declared type and a description. ``values`` may be empty (schema only)."""

    name: str
    values: Sequence[str | None] = ()
    type: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class TableSample:
    """One table (or ontology entity) with its columns (or fields).

    ``system`` names the source system ("salesforce", "sap", "dynamics",
    "hubspot", "netsuite", "snowflake", "legacy_sql", "supabase", "mongodb")
    when known, which lets the matcher apply that system's naming conventions.
    ``primary_key`` names the key column when known (an ontology entity's key):
    a source table that feeds some of a target table's fields also feeds its
    key (see :mod:`autonomos_dcl.mapping.keys`).
    """

    name: str
    columns: Sequence[ColumnSample]
    description: str | None = None
    system: str | None = None
    primary_key: str | None = None


@dataclass(frozen=True)
class Match:
    """A proposed correspondence ``source_table.source_column ->
    target_table.target_column``.

    ``confidence`` is a calibrated probability that the pair is right (a 0.9
    is right about 9 times in 10 on the development cases); ``evidence`` holds
    the per-signal scores that produced it.
    """

    source_table: str
    source_column: str
    target_table: str
    target_column: str
    confidence: float
    method: str = "heuristic"
    evidence: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The match as a JSON-ready dict."""
        return {
            "source_table": self.source_table,
            "source_column": self.source_column,
            "target_table": self.target_table,
            "target_column": self.target_column,
            "confidence": round(self.confidence, 4),
            "method": self.method,
            "evidence": dict(self.evidence),
        }


@dataclass(frozen=True)
class MatchOptions:
    """Knobs of :func:`match_schemas`.

    - ``min_confidence``: matches under this calibrated confidence are dropped.
    - ``max_targets_per_column``: how many target fields one source column may
      map to (n:m extras); 1 gives a strictly one-to-one source side.
    - ``max_sources_per_target``: how many source columns may share one target
      field *within one source table*.
    - ``use_values``: whether value profiles and value overlap are used.
    """

    min_confidence: float = 0.35
    max_targets_per_column: int = 2
    max_sources_per_target: int = 2
    use_values: bool = True
