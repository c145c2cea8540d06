"""Schema matching: heuristic mapping of source columns onto target fields,
the mapping memory, and the hooks for an LLM to settle uncertain columns.

Public surface (all pure; :mod:`.layout` is the only module reading files)::

    match_schemas(source, target, *, options=None) -> list[Match]
    score_pairs(source, target, *, options=None) -> list[ScoredPair]
    tables_from_ontology(ontology) -> list[TableSample]
    uncertain_columns(source, target, matches, *, threshold=0.7, top_k=3) -> list[UncertainColumn]
    merge_llm_answers(matches, answers) -> list[Match]
    MappingMemory(entries).retrieve(column, table, k=3) -> list[MemoryHit]
    match_with_memory(source, target, memory, *, options=None, threshold=0.8) -> MemoryMatchResult
"""

from autonomos_dcl.mapping.llm_hook import (
    DEFAULT_UNCERTAIN_THRESHOLD,
    UncertainColumn,
    merge_llm_answers,
    uncertain_columns,
)
from autonomos_dcl.mapping.matcher import match_schemas, score_pairs
from autonomos_dcl.mapping.memory import (
    DEFAULT_MEMORY_THRESHOLD,
    MappingMemory,
    MemoryEntry,
    MemoryHit,
    MemoryMatchResult,
    MemoryStats,
    entry_from_column,
    match_with_memory,
)
from autonomos_dcl.mapping.ontology_target import tables_from_ontology
from autonomos_dcl.mapping.pairs import ScoredPair
from autonomos_dcl.mapping.types import ColumnSample, Match, MatchOptions, TableSample

__all__ = [
    "DEFAULT_MEMORY_THRESHOLD",
    "DEFAULT_UNCERTAIN_THRESHOLD",
    "ColumnSample",
    "MappingMemory",
    "Match",
    "MatchOptions",
    "MemoryEntry",
    "MemoryHit",
    "MemoryMatchResult",
    "MemoryStats",
    "ScoredPair",
    "TableSample",
    "UncertainColumn",
    "entry_from_column",
    "match_schemas",
    "match_with_memory",
    "merge_llm_answers",
    "score_pairs",
    "tables_from_ontology",
    "uncertain_columns",
]
