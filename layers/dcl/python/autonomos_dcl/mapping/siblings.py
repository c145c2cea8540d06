"""Temporal siblings: target fields of one table that name the same moment at
different granularities (``death_date`` and ``death_datetime``,
``visit_start_date`` and ``visit_start_datetime``). A source timestamp that
feeds one of them feeds the other too — an n:m correspondence that a
one-to-one assignment would miss.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from autonomos_dcl.mapping.pairs import ScoredPair
from autonomos_dcl.mapping.scoring import ColumnInfo

Key = tuple[str, str]

TEMPORAL_WORDS = frozenset({"date", "time"})
# A temporal sibling of a chosen target is added from this share of the
# chosen pair's score on.
SIBLING_RATIO = 0.7


def temporal_siblings(target_tokens: Mapping[Key, tuple[str, ...]]) -> dict[Key, list[Key]]:
    """For each target (table, column) whose canonical tokens include a
    temporal word, the other columns of its table whose tokens are the same
    once temporal words are set aside."""
    groups: dict[tuple[str, tuple[str, ...]], list[Key]] = defaultdict(list)
    for key, tokens in target_tokens.items():
        if TEMPORAL_WORDS & set(tokens):
            stem = tuple(t for t in tokens if t not in TEMPORAL_WORDS)
            if stem:
                groups[(key[0], stem)].append(key)
    siblings: dict[Key, list[Key]] = {}
    for members in groups.values():
        if len(members) > 1:
            for key in members:
                siblings[key] = [other for other in members if other != key]
    return siblings


def is_temporal(tokens: Iterable[str], family: str | None) -> bool:
    """Whether a column holds moments: a date family or a temporal word in its name."""
    return family == "date" or bool(TEMPORAL_WORDS & set(tokens))


def add_temporal_siblings(
    chosen: Sequence[ScoredPair],
    candidates: Sequence[ScoredPair],
    sources: Sequence[ColumnInfo],
    targets: Sequence[ColumnInfo],
    max_targets_per_column: int,
) -> list[ScoredPair]:
    """Add, for each chosen pair from a temporal source column to a target
    field with temporal siblings, the sibling pairs among ``candidates``
    whose score is at least ``SIBLING_RATIO`` of its, when no other column of
    the source table took that sibling and the column may take more targets.
    Returns ``chosen`` followed by the added pairs."""
    siblings = temporal_siblings({(t.table, t.column.name): t.name.tokens for t in targets})
    if not siblings:
        return list(chosen)
    source_info = {(s.table, s.column.name): s for s in sources}
    index = {
        ((p.source_table, p.source_column), (p.target_table, p.target_column)): p
        for p in candidates
    }
    taken = {(p.source_table, (p.target_table, p.target_column)) for p in chosen}
    per_source: dict[tuple[str, str], int] = defaultdict(int)
    for p in chosen:
        per_source[(p.source_table, p.source_column)] += 1
    added: list[ScoredPair] = []
    for pair in chosen:
        source = (pair.source_table, pair.source_column)
        info = source_info.get(source)
        if info is None or not is_temporal(info.name.tokens, info.family):
            continue
        for sibling in siblings.get((pair.target_table, pair.target_column), []):
            candidate = index.get((source, sibling))
            if (
                candidate is None
                or (pair.source_table, sibling) in taken
                or per_source[source] >= max_targets_per_column
                or candidate.raw < SIBLING_RATIO * pair.raw
            ):
                continue
            added.append(candidate)
            taken.add((pair.source_table, sibling))
            per_source[source] += 1
    return [*chosen, *added]
