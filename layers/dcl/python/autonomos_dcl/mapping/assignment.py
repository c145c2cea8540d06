"""From scored candidate pairs to a set of matches: a greedy one-to-one pass
in order of decreasing score, then controlled n:m extras.

One-to-one holds *within each source table*: two source tables (say the CRM
accounts of two systems) may both map onto the same target field.

Extras: a source column may take a second (third, ...) target whose score is
nearly as high as its first, or — when that target lies in another target
table (a key or attribute that a denormalised source repeats, e.g. an id
that is both a table's key and another table's reference) — one that is
strong in its own right and not far below the first; a target may take a
second source column from
the same source table when that column's score is high in its own right,
nearly as high as the first column's, and that target is the column's best
choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Key = tuple[str, str]


@dataclass(frozen=True)
class Candidate:
    """A scored pair: ``source`` and ``target`` are (table, column) keys."""

    source: Key
    target: Key
    score: float


@dataclass(frozen=True)
class AssignmentRules:
    """Thresholds of :func:`assign` (scores are calibrated confidences)."""

    min_score: float = 0.45
    max_targets_per_source: int = 2
    max_sources_per_target: int = 2
    extra_target_ratio: float = 0.99
    extra_table_min: float = 0.6
    extra_table_ratio: float = 0.85
    extra_source_min: float = 0.7
    extra_source_ratio: float = 0.9


def assign(candidates: Sequence[Candidate], rules: AssignmentRules) -> list[Candidate]:
    """Select matches from ``candidates`` (see the module docstring)."""
    ordered = sorted(
        (c for c in candidates if c.score >= rules.min_score),
        key=lambda c: (-c.score, c.source, c.target),
    )
    chosen: list[Candidate] = []
    chosen_set: set[Candidate] = set()
    taken_sources: dict[Key, list[Candidate]] = {}
    taken_targets: dict[tuple[str, Key], list[Candidate]] = {}
    best_target_of: dict[Key, Candidate] = {}
    for candidate in ordered:
        best_target_of.setdefault(candidate.source, candidate)
    # One-to-one pass.
    for candidate in ordered:
        if candidate.source in taken_sources or _slot(candidate) in taken_targets:
            continue
        _take(candidate, chosen, taken_sources, taken_targets)
        chosen_set.add(candidate)
    # n:m extras.
    for candidate in ordered:
        if candidate in chosen_set:
            continue
        by_source = taken_sources.get(candidate.source, [])
        by_target = taken_targets.get(_slot(candidate), [])
        if by_source and not by_target:
            first = by_source[0]
            other_table = all(c.target[0] != candidate.target[0] for c in by_source)
            near_tie = candidate.score >= rules.extra_target_ratio * first.score
            strong_elsewhere = (
                other_table
                and candidate.score >= rules.extra_table_min
                and candidate.score >= rules.extra_table_ratio * first.score
            )
            if len(by_source) < rules.max_targets_per_source and (near_tie or strong_elsewhere):
                _take(candidate, chosen, taken_sources, taken_targets)
        elif (
            by_target
            and not by_source
            and (
                len(by_target) < rules.max_sources_per_target
                and candidate.score >= rules.extra_source_min
                and candidate.score >= rules.extra_source_ratio * by_target[0].score
                and best_target_of[candidate.source].target == candidate.target
            )
        ):
            _take(candidate, chosen, taken_sources, taken_targets)
    return chosen


def _slot(candidate: Candidate) -> tuple[str, Key]:
    """A target field as seen from one source table."""
    return candidate.source[0], candidate.target


def _take(
    candidate: Candidate,
    chosen: list[Candidate],
    taken_sources: dict[Key, list[Candidate]],
    taken_targets: dict[tuple[str, Key], list[Candidate]],
) -> None:
    chosen.append(candidate)
    taken_sources.setdefault(candidate.source, []).append(candidate)
    taken_targets.setdefault(_slot(candidate), []).append(candidate)
