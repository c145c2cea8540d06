"""The heuristic schema matcher: score every (source column, target column)
pair, weigh in how well the tables fit, calibrate, assign.

Stateless and pure: no I/O, no globals written. See :func:`match_schemas`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from autonomos_dcl.mapping import descriptions
from autonomos_dcl.mapping.assignment import AssignmentRules, Candidate, assign
from autonomos_dcl.mapping.calibration import INSTANCE, SCHEMA, calibrate, curve_for
from autonomos_dcl.mapping.common_values import common_values, without_values
from autonomos_dcl.mapping.composites import add_composite_parts
from autonomos_dcl.mapping.keys import primary_keys, propagate_keys
from autonomos_dcl.mapping.names import (
    analyse_table_name,
    schema_vocabulary,
    token_weights,
)
from autonomos_dcl.mapping.pairs import ScoredPair
from autonomos_dcl.mapping.scoring import (
    ColumnInfo,
    NameCache,
    pair_evidence,
    prepare_tables,
    set_token_weights,
)
from autonomos_dcl.mapping.siblings import add_temporal_siblings
from autonomos_dcl.mapping.tables import table_affinity
from autonomos_dcl.mapping.types import Match, MatchOptions, TableSample

# Candidates kept per source column (the assignment never looks further).
CANDIDATES_PER_COLUMN = 8
# Raw scores under this are not candidates at all.
RAW_FLOOR = 0.15
# How much the fit of the tables can lower a pair's score in a multi-table target.
TABLE_WEIGHT = 0.6
# Share of the remaining distance to 1.0 granted when a target field is the only
# field of its table with the source column's distinctive type (date, boolean).
UNIQUE_TYPE_BONUS = 0.35
# The bonus is granted in full from this name score on, in part below it,
# not at all without any name evidence (a date is not any date).
UNIQUE_TYPE_NAME_FLOOR = 0.4
_DISTINCTIVE_FAMILIES = frozenset({"date", "boolean"})


def _unique_families(targets: Sequence[ColumnInfo]) -> set[tuple[str, str]]:
    """(table, column) of target columns that are the only one of their table
    with a distinctive type family."""
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    for t in targets:
        counts[(t.table, t.family)] += 1
    return {
        (t.table, t.column.name)
        for t in targets
        if t.family in _DISTINCTIVE_FAMILIES and counts[(t.table, t.family)] == 1
    }


def _prepare(
    source: Sequence[TableSample], target: Sequence[TableSample], options: MatchOptions
) -> tuple[list[ColumnInfo], list[ColumnInfo], dict[str, float], frozenset[str]]:
    names = [c.name for t in (*source, *target) for c in t.columns]
    names += [t.name for t in (*source, *target)]
    vocabulary = schema_vocabulary(names)
    sources = prepare_tables(source, vocabulary, options.use_values)
    targets = prepare_tables(target, vocabulary, options.use_values)
    common = common_values(s.profile for s in sources) | common_values(t.profile for t in targets)
    for info in (*sources, *targets):
        info.specific = without_values(info.profile, common)
    weights = token_weights(info.name for info in (*sources, *targets))
    set_token_weights([*sources, *targets], weights)
    documents = [info.words for info in (*sources, *targets) if info.words]
    if documents:
        idf = descriptions.inverse_document_frequency(documents)
        for info in (*sources, *targets):
            if info.words:
                info.vector = descriptions.weighted_vector(info.words, idf)
    return sources, targets, weights, vocabulary


@dataclass
class _Scoring:
    """Intermediate state of one matching run."""

    pairs: list[ScoredPair]
    sources: list[ColumnInfo]
    # (source table, target table) -> source column -> raw score against the target's key
    key_raw: dict[tuple[str, str], dict[str, float]]
    # target table -> its key (declared or inferred)
    target_keys: dict[str, str]
    vocabulary: frozenset[str]
    targets: list[ColumnInfo]


def _names_target_entity(
    source: ColumnInfo, target: ColumnInfo, vocabulary: frozenset[str]
) -> bool:
    """Whether the source column's name spells the target table's name (and the
    target column is not an identifier): ``Health_Score__c`` -> ``health.health_score``."""
    if target.name.is_identifier:
        return False
    table_tokens = set(analyse_table_name(target.table, vocabulary))
    return bool(table_tokens) and table_tokens <= set(source.name.tokens)


def _score(
    source: Sequence[TableSample], target: Sequence[TableSample], opts: MatchOptions
) -> _Scoring:
    sources, targets, _, vocabulary = _prepare(source, target, opts)
    # Keys are inferred only for multi-table targets (a single target table
    # has no joins to keep); declared keys always count.
    keys = (
        primary_keys(target, targets, vocabulary)
        if len(target) > 1
        else {t.name: t.primary_key for t in target if t.primary_key}
    )
    unique_type = _unique_families(targets)
    per_source: dict[tuple[str, str], list[tuple[float, ColumnInfo, dict[str, float]]]] = {}
    best_raw: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    best_source_raw: dict[tuple[str, str, str], float] = defaultdict(float)
    key_raw: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    name_cache: NameCache = {}
    for s in sources:
        key = (s.table, s.column.name)
        scored: list[tuple[float, ColumnInfo, dict[str, float]]] = []
        for t in targets:
            evidence = pair_evidence(s, t, name_cache)
            if s.family == t.family and (t.table, t.column.name) in unique_type:
                evidence["unique_type"] = 1.0
                share = min(1.0, evidence["name"] / UNIQUE_TYPE_NAME_FLOOR)
                evidence["raw"] += (1.0 - evidence["raw"]) * UNIQUE_TYPE_BONUS * share
            raw = evidence["raw"]
            table_best = best_raw[key]
            if raw > table_best.get(t.table, 0.0):
                table_best[t.table] = raw
            target_key = (s.table, t.table, t.column.name)
            if raw > best_source_raw[target_key]:
                best_source_raw[target_key] = raw
            if keys.get(t.table) == t.column.name:
                key_raw[(s.table, t.table)][s.column.name] = raw
            if raw >= RAW_FLOOR:
                scored.append((raw, t, evidence))
        scored.sort(key=lambda item: -item[0])
        per_source[key] = scored[: CANDIDATES_PER_COLUMN * 3]
    multi_table = len(target) > 1 or len(source) > 1
    affinity = (
        table_affinity(source, target, sources, targets, best_raw, best_source_raw, vocabulary)
        if multi_table
        else {}
    )
    info_of = {(s.table, s.column.name): s for s in sources}
    pairs: list[ScoredPair] = []
    for (s_table, s_column), scored in per_source.items():
        adjusted: list[tuple[float, ColumnInfo, dict[str, Any]]] = []
        for raw, t, evidence in scored:
            score = raw
            evidence = {**evidence}
            names_entity = _names_target_entity(info_of[(s_table, s_column)], t, vocabulary)
            if names_entity:
                evidence["names_entity"] = 1.0
            if multi_table:
                fit = 1.0 if names_entity else affinity.get((s_table, t.table), 1.0)
                evidence["table"] = round(fit, 4)
                score = raw * (1.0 - TABLE_WEIGHT + TABLE_WEIGHT * fit)
            adjusted.append((score, t, evidence))
        adjusted.sort(key=lambda item: -item[0])
        top = adjusted[0][0] if adjusted else 0.0
        runner_up = adjusted[1][0] if len(adjusted) > 1 else 0.0
        for rank, (score, t, evidence) in enumerate(adjusted[:CANDIDATES_PER_COLUMN]):
            margin = score - (runner_up if rank == 0 else top)
            rounded: dict[str, Any] = {k: round(v, 4) for k, v in evidence.items()}
            rounded["margin"] = round(margin, 4)
            rounded["score"] = round(score, 4)
            kind = INSTANCE if "overlap" in evidence else SCHEMA
            rounded["kind"] = kind
            pairs.append(
                ScoredPair(
                    s_table,
                    s_column,
                    t.table,
                    t.column.name,
                    score,
                    calibrate(score, curve_for(kind)),
                    rounded,
                )
            )
    return _Scoring(pairs, sources, key_raw, keys, vocabulary, targets)


def score_pairs(
    source: Sequence[TableSample],
    target: Sequence[TableSample],
    *,
    options: MatchOptions | None = None,
) -> list[ScoredPair]:
    """Score candidate pairs: for each source column its best
    ``CANDIDATES_PER_COLUMN`` target columns with a raw score of at least
    ``RAW_FLOOR``, weighed by how well the tables fit, calibrated.
    Grouped by source column, best first."""
    return _score(source, target, options or MatchOptions()).pairs


def rules_for(options: MatchOptions) -> AssignmentRules:
    """Assignment rules implied by match options."""
    return AssignmentRules(
        min_score=options.min_confidence,
        max_targets_per_source=max(1, options.max_targets_per_column),
        max_sources_per_target=max(1, options.max_sources_per_target),
    )


def assign_pairs(pairs: Sequence[ScoredPair], options: MatchOptions) -> list[ScoredPair]:
    """Choose matches among scored pairs (by calibrated confidence)."""
    index = {
        ((p.source_table, p.source_column), (p.target_table, p.target_column)): p for p in pairs
    }
    candidates = [Candidate(s, t, p.confidence) for (s, t), p in index.items()]
    chosen = assign(candidates, rules_for(options))
    return [index[(c.source, c.target)] for c in chosen]


def match_schemas(
    source: Sequence[TableSample],
    target: Sequence[TableSample],
    *,
    options: MatchOptions | None = None,
) -> list[Match]:
    """Propose correspondences from ``source`` columns to ``target`` columns.

    The target may be instance tables or an ontology (entity = table, field =
    column, with types and no values). Returns matches with calibrated
    confidences of at least ``options.min_confidence``, one target per source
    column unless the evidence supports n:m extras (see
    :mod:`autonomos_dcl.mapping.assignment`, :mod:`.siblings` and
    :mod:`.composites`), ordered by source table, source
    column and decreasing confidence. Pure: no I/O.
    """
    opts = options or MatchOptions()
    scoring = _score(source, target, opts)
    chosen = propagate_keys(
        assign_pairs(scoring.pairs, opts),
        scoring.sources,
        scoring.key_raw,
        scoring.target_keys,
        scoring.vocabulary,
    )
    chosen = add_temporal_siblings(
        chosen, scoring.pairs, scoring.sources, scoring.targets, opts.max_targets_per_column
    )
    chosen = add_composite_parts(
        chosen, scoring.sources, scoring.targets, opts.max_targets_per_column
    )
    chosen = [p for p in chosen if p.confidence >= opts.min_confidence]
    keys = [(t.name, c.name) for t in source for c in t.columns]
    order = {key: i for i, key in enumerate(keys)}
    chosen.sort(key=lambda p: (order.get((p.source_table, p.source_column), 0), -p.confidence))
    return [p.to_match() for p in chosen]
