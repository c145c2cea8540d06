"""Key propagation: a source table that feeds fields of a target table with
a declared primary key (an ontology entity) must also feed that key, or its
rows could not be joined. When the assignment left the key unmatched, the
source table's best identifier column is proposed for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from autonomos_dcl.mapping.calibration import calibrate, curve_for
from autonomos_dcl.mapping.scoring import ColumnInfo

# Raw score given to a propagated key before calibration (it rests on the
# table-level evidence, not on the names alone).
PROPAGATED_RAW_FLOOR = 0.8
_ID_WORDS = frozenset({"id", "number", "key", "code"})


def is_identifier_like(info: ColumnInfo) -> bool:
    """Whether a column's name says it identifies something."""
    return info.name.is_identifier or bool(_ID_WORDS & set(info.name.tokens))


def key_choice_score(info: ColumnInfo, pair_raw: float, position: int) -> float:
    """How good ``info`` is as the key of its table for one target key:
    its pair score, how unique its values are, and whether it comes first."""
    uniqueness = info.profile.distinct_ratio if info.has_values else 0.5
    return pair_raw + 0.3 * uniqueness + (0.15 if position == 0 else 0.0)


def choose_key_column(
    columns: Sequence[ColumnInfo], pair_raw: dict[str, float]
) -> tuple[ColumnInfo, float] | None:
    """The identifier-like column of one source table that best serves as a
    target key, with its pair raw score, or None when the table has none."""
    best: tuple[float, ColumnInfo, float] | None = None
    for position, info in enumerate(columns):
        if not is_identifier_like(info):
            continue
        raw = pair_raw.get(info.column.name, 0.0)
        score = key_choice_score(info, raw, position)
        if best is None or score > best[0]:
            best = (score, info, raw)
    return (best[1], best[2]) if best else None


def propagated_confidence(raw: float, kind: str) -> float:
    """Calibrated confidence of a propagated key."""
    return calibrate(max(raw, PROPAGATED_RAW_FLOOR), curve_for(kind))
