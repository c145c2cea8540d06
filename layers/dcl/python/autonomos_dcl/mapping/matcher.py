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
from autonomos_dcl.mapping.keys import (
    PROPAGATED_RAW_FLOOR,
    choose_key_column,
    primary_keys,
    propagated_confidence,
)
from autonomos_dcl.mapping.names import (
    analyse_table_name,
    schema_vocabulary,
    token_weights,
)
from autonomos_dcl.mapping.scoring import (
    ColumnInfo,
    NameCache,
    pair_evidence,
    prepare_tables,
    set_token_weights,
)
from autonomos_dcl.mapping.siblings import is_temporal, temporal_siblings
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
# A source table feeds a keyed target table "clearly" (and so its key) with at
# least this many matched fields of this confidence, or one that names the table.
PROPAGATION_MIN_FIELDS = 2
PROPAGATION_MIN_CONFIDENCE = 0.35
# A temporal sibling of a chosen target is added from this share of the
# chosen pair's score on.
SIBLING_RATIO = 0.7


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


@dataclass(frozen=True)
class ScoredPair:
    """One candidate pair with its raw score, calibrated confidence and evidence."""

    source_table: str
    source_column: str
    target_table: str
    target_column: str
    raw: float
    confidence: float
    evidence: dict[str, Any]

    def to_match(self, method: str = "heuristic") -> Match:
        """This pair as a :class:`Match`."""
        return Match(
            self.source_table,
            self.source_column,
            self.target_table,
            self.target_column,
            self.confidence,
            method,
            self.evidence,
        )


def _prepare(
    source: Sequence[TableSample], target: Sequence[TableSample], options: MatchOptions
) -> tuple[list[ColumnInfo], list[ColumnInfo], dict[str, float], frozenset[str]]:
    names = [c.name for t in (*source, *target) for c in t.columns]
    names += [t.name for t in (*source, *target)]
    vocabulary = schema_vocabulary(names)
    sources = prepare_tables(source, vocabulary, options.use_values)
    targets = prepare_tables(target, vocabulary, options.use_values)
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


def _propagate_keys(
    chosen: list[ScoredPair], scoring: _Scoring, target: Sequence[TableSample]
) -> list[ScoredPair]:
    """Add, for each (source table, keyed target table) that the source table
    clearly feeds but whose key it does not, the source table's best
    identifier column for the key. "Clearly feeds": at least
    ``PROPAGATION_MIN_FIELDS`` fields, or one whose source column names the
    target table (``Health_Score__c`` -> ``health``), with a confidence of at
    least ``PROPAGATION_MIN_CONFIDENCE``. The key's confidence is at most the
    mean confidence of those fields (``support``): the key is right when the
    two tables correspond."""
    keys = scoring.target_keys
    fed_pairs: dict[tuple[str, str], list[ScoredPair]] = defaultdict(list)
    for pair in chosen:
        fed_pairs[(pair.source_table, pair.target_table)].append(pair)
    fed: dict[tuple[str, str], tuple[set[str], float]] = {}
    for table_pair, pairs in fed_pairs.items():
        strong = sorted(
            (p.confidence for p in pairs if p.confidence >= PROPAGATION_MIN_CONFIDENCE),
            reverse=True,
        )
        named = [
            p.confidence
            for p in pairs
            if p.evidence.get("names_entity") and p.confidence >= PROPAGATION_MIN_CONFIDENCE
        ]
        if len(strong) >= PROPAGATION_MIN_FIELDS or named:
            tying = strong[:PROPAGATION_MIN_FIELDS] if len(strong) >= 2 else named
            fed[table_pair] = ({p.target_column for p in pairs}, sum(tying) / len(tying))
    columns_of: dict[str, list[ColumnInfo]] = defaultdict(list)
    for info in scoring.sources:
        columns_of[info.table].append(info)
    added: list[ScoredPair] = []
    for (s_table, t_table), (fields, support) in sorted(fed.items()):
        key = keys.get(t_table)
        if key is None or key in fields:
            continue
        choice = choose_key_column(
            columns_of[s_table], scoring.key_raw.get((s_table, t_table), {}), scoring.vocabulary
        )
        if choice is None:
            continue
        info, raw = choice
        kind = SCHEMA
        evidence: dict[str, Any] = {"raw": round(raw, 4), "propagated_key": 1.0, "kind": kind}
        evidence["score"] = round(max(raw, PROPAGATED_RAW_FLOOR), 4)
        evidence["support"] = round(support, 4)
        added.append(
            ScoredPair(
                s_table,
                info.column.name,
                t_table,
                key,
                max(raw, PROPAGATED_RAW_FLOOR),
                propagated_confidence(raw, kind, support),
                evidence,
            )
        )
    return chosen + added


def _add_temporal_siblings(
    chosen: list[ScoredPair], scoring: _Scoring, options: MatchOptions
) -> list[ScoredPair]:
    """Add, for each chosen pair from a temporal source column to a target
    field with temporal siblings (see :mod:`autonomos_dcl.mapping.siblings`),
    the sibling pairs whose score is at least ``SIBLING_RATIO`` of its, when no other
    column of the source table took that sibling and the column may take more
    targets."""
    siblings = temporal_siblings({(t.table, t.column.name): t.name.tokens for t in scoring.targets})
    if not siblings:
        return chosen
    source_info = {(s.table, s.column.name): s for s in scoring.sources}
    index = {
        ((p.source_table, p.source_column), (p.target_table, p.target_column)): p
        for p in scoring.pairs
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
                or per_source[source] >= options.max_targets_per_column
                or candidate.raw < SIBLING_RATIO * pair.raw
            ):
                continue
            added.append(candidate)
            taken.add((pair.source_table, sibling))
            per_source[source] += 1
    return chosen + added


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
    :mod:`autonomos_dcl.mapping.assignment`), ordered by source table, source
    column and decreasing confidence. Pure: no I/O.
    """
    opts = options or MatchOptions()
    scoring = _score(source, target, opts)
    chosen = _propagate_keys(assign_pairs(scoring.pairs, opts), scoring, target)
    chosen = _add_temporal_siblings(chosen, scoring, opts)
    chosen = [p for p in chosen if p.confidence >= opts.min_confidence]
    keys = [(t.name, c.name) for t in source for c in t.columns]
    order = {key: i for i, key in enumerate(keys)}
    chosen.sort(key=lambda p: (order.get((p.source_table, p.source_column), 0), -p.confidence))
    return [p.to_match() for p in chosen]
