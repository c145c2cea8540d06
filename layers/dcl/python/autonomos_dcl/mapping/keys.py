"""Keys of tables and key propagation.

A target table's key is declared (an ontology entity's primary key) or
inferred (:func:`primary_keys`). A source table that feeds fields of a keyed
target table must also feed that key, or its rows could not be joined: when
the assignment left the key unmatched, :func:`propagate_keys` proposes the
source table's best identifier column for it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from autonomos_dcl.mapping.calibration import SCHEMA, calibrate, curve_for
from autonomos_dcl.mapping.names import analyse_table_name
from autonomos_dcl.mapping.pairs import ScoredPair
from autonomos_dcl.mapping.scoring import ColumnInfo
from autonomos_dcl.mapping.types import TableSample

# Raw score given to a propagated key before calibration (it rests on the
# table-level evidence, not on the names alone).
PROPAGATED_RAW_FLOOR = 0.8
_ID_WORDS = frozenset({"id", "number", "key", "code"})
_DOCUMENTED_KEY = re.compile(
    r"^\W*(a |the )?(unique (row |record )?identifier|primary key)\b", re.IGNORECASE
)
# A source table feeds a keyed target table "clearly" (and so its key) with at
# least this many matched fields of this confidence, or one that names the table.
PROPAGATION_MIN_FIELDS = 2
PROPAGATION_MIN_CONFIDENCE = 0.35
# Bonus of a table's own key (documented as such, or named after the table)
# when choosing the column that serves as a target key.
OWN_KEY_BONUS = 0.3


def is_named_key(info: ColumnInfo, vocabulary: Collection[str]) -> bool:
    """Whether a column is named as its table's key: ``id``, ``row_id`` or
    the table's name and ``id`` (``customer_id`` in ``customer``)."""
    tokens = info.name.tokens
    if tokens in (("id",), ("row", "id")):
        return True
    vocab = vocabulary if isinstance(vocabulary, frozenset) else None
    table_tokens = analyse_table_name(info.table, vocab)
    return bool(table_tokens) and tokens == (*table_tokens, "id")


def is_documented_key(info: ColumnInfo) -> bool:
    """Whether a column's description calls it a unique identifier or the primary key."""
    return bool(info.column.description and _DOCUMENTED_KEY.search(info.column.description))


def is_own_key(info: ColumnInfo, vocabulary: Collection[str]) -> bool:
    """Whether a column is its table's own key, by name or by documentation."""
    return is_named_key(info, vocabulary) or is_documented_key(info)


def primary_keys(
    tables: Sequence[TableSample], infos: Sequence[ColumnInfo], vocabulary: Collection[str]
) -> dict[str, str]:
    """Each table's key: declared, else its first column named as its key
    (:func:`is_named_key`), else its first documented key."""
    keys = {t.name: t.primary_key for t in tables if t.primary_key}
    documented: dict[str, str] = {}
    for info in infos:
        if info.table in keys:
            continue
        if is_named_key(info, vocabulary):
            keys[info.table] = info.column.name
        elif is_documented_key(info):
            documented.setdefault(info.table, info.column.name)
    return {**documented, **keys}


def is_identifier_like(info: ColumnInfo) -> bool:
    """Whether a column's name says it identifies something."""
    return info.name.is_identifier or bool(_ID_WORDS & set(info.name.tokens))


def key_choice_score(
    info: ColumnInfo, pair_raw: float, position: int, own_key: bool = False
) -> float:
    """How good ``info`` is as the key of its table for one target key:
    its pair score, how unique its values are, whether it comes first and
    whether it is its table's own key."""
    uniqueness = info.profile.distinct_ratio if info.has_values else 0.5
    bonus = (0.15 if position == 0 else 0.0) + (OWN_KEY_BONUS if own_key else 0.0)
    return pair_raw + 0.3 * uniqueness + bonus


def choose_key_column(
    columns: Sequence[ColumnInfo],
    pair_raw: dict[str, float],
    vocabulary: Collection[str] = frozenset(),
) -> tuple[ColumnInfo, float] | None:
    """The identifier-like column of one source table that best serves as a
    target key, with its pair raw score, or None when the table has none."""
    best: tuple[float, ColumnInfo, float] | None = None
    for position, info in enumerate(columns):
        if not is_identifier_like(info):
            continue
        raw = pair_raw.get(info.column.name, 0.0)
        score = key_choice_score(info, raw, position, is_own_key(info, vocabulary))
        if best is None or score > best[0]:
            best = (score, info, raw)
    return (best[1], best[2]) if best else None


def propagated_confidence(raw: float, kind: str, support: float = 1.0) -> float:
    """Calibrated confidence of a propagated key: that of its raw score
    (floored at ``PROPAGATED_RAW_FLOOR``), at most ``support`` (the mean
    confidence of the fields that tie the two tables)."""
    return min(calibrate(max(raw, PROPAGATED_RAW_FLOOR), curve_for(kind)), support)


def propagate_keys(
    chosen: Sequence[ScoredPair],
    sources: Sequence[ColumnInfo],
    key_raw: Mapping[tuple[str, str], Mapping[str, float]],
    target_keys: Mapping[str, str],
    vocabulary: Collection[str],
) -> list[ScoredPair]:
    """Add, for each (source table, keyed target table) that the source table
    clearly feeds but whose key it does not, the source table's best
    identifier column for the key. "Clearly feeds": at least
    ``PROPAGATION_MIN_FIELDS`` fields, or one whose source column names the
    target table (``Health_Score__c`` -> ``health``), with a confidence of at
    least ``PROPAGATION_MIN_CONFIDENCE``. The key's confidence is at most the
    mean confidence of those fields (``support``): the key is right when the
    two tables correspond. ``key_raw`` maps (source table, target table) to
    each source column's raw score against the target's key. Returns
    ``chosen`` followed by the added keys."""
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
    for info in sources:
        columns_of[info.table].append(info)
    added: list[ScoredPair] = []
    for (s_table, t_table), (fields, support) in sorted(fed.items()):
        key = target_keys.get(t_table)
        if key is None or key in fields:
            continue
        choice = choose_key_column(
            columns_of[s_table], dict(key_raw.get((s_table, t_table), {})), vocabulary
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
    return [*chosen, *added]
