"""The mapping memory: mappings a tenant approved before (or learned from
confirmed LLM answers), retrieved by similarity and reused.

Storage-agnostic: the core service loads :class:`MemoryEntry` values from its
database and passes them in; nothing here does I/O. Similarity combines the
normalised names (canonical tokens), character trigrams of the raw names and
value features (dominant value kind, numeric magnitude, shared values), so a
renamed column in a new source (``cust_nm`` for ``CustomerName``) still finds
the approved mapping of its predecessor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from autonomos_dcl.mapping.matcher import match_schemas
from autonomos_dcl.mapping.names import (
    NameFeatures,
    analyse_name,
    base_vocabulary,
    token_similarity,
)
from autonomos_dcl.mapping.names import trigram_dice as _dice
from autonomos_dcl.mapping.tokens import char_ngrams
from autonomos_dcl.mapping.types import ColumnSample, Match, MatchOptions, TableSample
from autonomos_dcl.mapping.values import profile_values

Origin = Literal["human", "llm", "approved"]

# Memory hits at or above this similarity replace the heuristic proposal.
DEFAULT_MEMORY_THRESHOLD = 0.8
_SAMPLE_VALUES = 20


@dataclass(frozen=True)
class MemoryEntry:
    """One remembered mapping ``source_table.source_column -> entity.field``.

    ``value_kind`` (the column's dominant value kind, see
    :func:`autonomos_dcl.mapping.values.value_kind`) and ``sample_values`` (a
    few values as text) are optional features; :func:`entry_from_column`
    fills them from a column sample.
    """

    source_system: str | None
    source_table: str
    source_column: str
    entity: str
    field: str
    origin: Origin = "approved"
    value_kind: str | None = None
    sample_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class MemoryHit:
    """A remembered mapping and how similar its column is to the one asked about."""

    entry: MemoryEntry
    similarity: float


@dataclass
class MemoryStats:
    """Counters a caller reports: retrievals made, retrievals that hit (reused
    a mapping), and so LLM calls saved (one per reused column)."""

    retrievals: int = 0
    hits: int = 0

    @property
    def llm_calls_saved(self) -> int:
        """Columns settled by memory that would otherwise go to the LLM."""
        return self.hits


def entry_from_column(
    column: ColumnSample,
    table: TableSample,
    entity: str,
    field_name: str,
    origin: Origin = "approved",
) -> MemoryEntry:
    """A memory entry for an approved mapping of ``table.column``, with its value features."""
    profile = profile_values(column.values)
    samples = tuple(v for v in column.values if v)[:_SAMPLE_VALUES]
    return MemoryEntry(
        source_system=table.system,
        source_table=table.name,
        source_column=column.name,
        entity=entity,
        field=field_name,
        origin=origin,
        value_kind=profile.dominant_kind,
        sample_values=samples,
    )


@dataclass(frozen=True)
class _Indexed:
    entry: MemoryEntry
    name: NameFeatures
    trigrams: frozenset[str]
    table_tokens: frozenset[str]
    values: frozenset[str]


def _name_tokens_similarity(a: NameFeatures, b: NameFeatures) -> float:
    if not a.tokens or not b.tokens:
        return 0.0
    if a.tokens == b.tokens:
        return 1.0
    forward = sum(max(token_similarity(x, y) for y in b.tokens) for x in a.tokens) / len(a.tokens)
    backward = sum(max(token_similarity(x, y) for x in a.tokens) for y in b.tokens) / len(b.tokens)
    return (forward + backward) / 2.0


class MappingMemory:
    """Similarity search over remembered mappings (immutable once built)."""

    def __init__(self, entries: Iterable[MemoryEntry]) -> None:
        vocabulary = base_vocabulary()
        self._items: list[_Indexed] = []
        for entry in entries:
            name = analyse_name(
                entry.source_column,
                table=entry.source_table,
                system=entry.source_system,
                vocabulary=vocabulary,
            )
            self._items.append(
                _Indexed(
                    entry,
                    name,
                    char_ngrams(entry.source_column.lower()),
                    frozenset(analyse_name(entry.source_table, vocabulary=vocabulary).tokens),
                    frozenset(v.strip().lower() for v in entry.sample_values),
                )
            )

    def __len__(self) -> int:
        return len(self._items)

    def _similarity(
        self, name: NameFeatures, column: ColumnSample, table: TableSample, item: _Indexed
    ) -> float:
        tokens = _name_tokens_similarity(name, item.name)
        grams = _dice(char_ngrams(column.name.lower()), item.trigrams)
        score = 0.7 * tokens + 0.3 * grams
        values = [v for v in column.values if v][:200]
        if values and (item.entry.value_kind or item.values):
            kind = profile_values(values).dominant_kind
            same_kind = 1.0 if kind == item.entry.value_kind else 0.0
            shared = 0.0
            if item.values:
                present = {v.strip().lower() for v in values}
                shared = len(present & item.values) / max(1, min(len(present), len(item.values)))
            score = 0.75 * score + 0.1 * same_kind + 0.15 * shared
        table_tokens = set(analyse_name(table.name, vocabulary=base_vocabulary()).tokens)
        if table_tokens & item.table_tokens:
            score = min(1.0, score + 0.05)
        if item.entry.source_system and table.system == item.entry.source_system:
            score = min(1.0, score + 0.05)
        return score

    def retrieve(self, column: ColumnSample, table: TableSample, k: int = 3) -> list[MemoryHit]:
        """The ``k`` remembered mappings most similar to ``table.column``, best first."""
        if not self._items or k <= 0:
            return []
        name = analyse_name(
            column.name, table=table.name, system=table.system, vocabulary=base_vocabulary()
        )
        scored = [
            MemoryHit(item.entry, round(self._similarity(name, column, table, item), 4))
            for item in self._items
        ]
        scored.sort(key=lambda hit: (-hit.similarity, hit.entry.entity, hit.entry.field))
        return scored[:k]


@dataclass(frozen=True)
class MemoryMatchResult:
    """Matches after memory reuse, and the memory's counters for this run."""

    matches: list[Match]
    stats: MemoryStats = field(default_factory=MemoryStats)


def match_with_memory(
    source: Sequence[TableSample],
    target: Sequence[TableSample],
    memory: MappingMemory,
    *,
    options: MatchOptions | None = None,
    threshold: float = DEFAULT_MEMORY_THRESHOLD,
) -> MemoryMatchResult:
    """Heuristic matching, then memory reuse: every source column whose best
    memory hit reaches ``threshold`` (and names a target field that exists)
    takes that mapping with ``method="memory"``, replacing the heuristic
    proposals for that column; its confidence is the similarity, and the
    evidence names the remembered column."""
    matches = match_schemas(source, target, options=options)
    stats = MemoryStats()
    fields = {(t.name, c.name) for t in target for c in t.columns}
    reused: dict[tuple[str, str], Match] = {}
    for table in source:
        for column in table.columns:
            stats.retrievals += 1
            hits = [h for h in memory.retrieve(column, table, k=3) if _applies(h.entry, table)]
            if not hits or hits[0].similarity < threshold:
                continue
            hit = hits[0]
            if (hit.entry.entity, hit.entry.field) not in fields:
                continue
            stats.hits += 1
            reused[(table.name, column.name)] = Match(
                table.name,
                column.name,
                hit.entry.entity,
                hit.entry.field,
                hit.similarity,
                "memory",
                {
                    "memory_similarity": hit.similarity,
                    "memory_source": f"{hit.entry.source_table}.{hit.entry.source_column}",
                    "memory_origin": hit.entry.origin,
                },
            )
    kept = [m for m in matches if (m.source_table, m.source_column) not in reused]
    return MemoryMatchResult(kept + list(reused.values()), stats)


def _applies(entry: MemoryEntry, table: TableSample) -> bool:
    """Whether a remembered mapping may be reused for a column of ``table``: not when it was
    learned on another table of the same system (there a column of the same name, such as
    ``Id`` or ``CreatedDate``, means something else: ``Opportunity.Id`` is no account id)."""
    same_system = entry.source_system not in GENERIC_SYSTEMS and entry.source_system == table.system
    return not same_system or entry.source_table.lower() == table.name.lower()


# Systems that name a kind of source rather than one product's schema (uploads, databases).
GENERIC_SYSTEMS = frozenset({None, "file", "sql"})
