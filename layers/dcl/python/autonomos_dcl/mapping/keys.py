"""Key propagation: a source table that feeds fields of a target table with
a declared primary key (an ontology entity) must also feed that key, or its
rows could not be joined. When the assignment left the key unmatched, the
source table's best identifier column is proposed for it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from autonomos_dcl.mapping.calibration import calibrate, curve_for
from autonomos_dcl.mapping.names import analyse_table_name
from autonomos_dcl.mapping.scoring import ColumnInfo
from autonomos_dcl.mapping.types import TableSample

# Raw score given to a propagated key before calibration (it rests on the
# table-level evidence, not on the names alone).
PROPAGATED_RAW_FLOOR = 0.8
_ID_WORDS = frozenset({"id", "number", "key", "code"})
_DOCUMENTED_KEY = re.compile(
    r"^\W*(a |the )?(unique (row |record )?identifier|primary key)\b", re.IGNORECASE
)
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
