"""Temporal siblings: target fields of one table that name the same moment at
different granularities (``death_date`` and ``death_datetime``,
``visit_start_date`` and ``visit_start_datetime``). A source timestamp that
feeds one of them feeds the other too — an n:m correspondence that a
one-to-one assignment would miss.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

Key = tuple[str, str]

TEMPORAL_WORDS = frozenset({"date", "time"})


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
