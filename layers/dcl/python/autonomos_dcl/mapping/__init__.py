"""Schema matching: heuristic mapping of source columns onto target fields,
the mapping memory, and the hooks for an LLM to settle uncertain columns.

Public surface::

    match_schemas(source, target, *, options=None) -> list[Match]
    score_pairs(source, target, *, options=None) -> list[ScoredPair]
    uncertain_columns(source, target, *, threshold=..., top_k=..., options=None, matches=None)
    merge_llm_answers(matches, answers) -> list[Match]
    MappingMemory(entries).retrieve(column, table, k=3) -> list[MemoryHit]
    match_with_memory(source, target, memory, *, options=None, threshold=...) -> MemoryMatchResult
"""

from autonomos_dcl.mapping.matcher import ScoredPair, match_schemas, score_pairs
from autonomos_dcl.mapping.types import ColumnSample, Match, MatchOptions, TableSample

__all__ = [
    "ColumnSample",
    "Match",
    "MatchOptions",
    "ScoredPair",
    "TableSample",
    "match_schemas",
    "score_pairs",
]
