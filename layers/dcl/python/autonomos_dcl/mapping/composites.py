"""Composite fields: one side keeps in one field what the other splits into
parts — an address against street, city and postal code; a phone number
against its prefix and number; a person's full name against first and last
name. The correspondence is n:m by nature, so a one-to-one assignment keeps
at most one of its pairs; :func:`add_composite_parts` adds the others.

Which fields are wholes and parts is read from canonical name tokens
(:data:`COMPOSITES`). A pair is added only between tables that the
assignment already links, only for a part that the whole's table has no
field of its own for, and — when both columns carry values — only when the
part's values are found inside the whole's (see :mod:`.embedded`), which
also sets its confidence. Pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from autonomos_dcl.mapping.calibration import INSTANCE, SCHEMA
from autonomos_dcl.mapping.embedded import embedded_share
from autonomos_dcl.mapping.pairs import ScoredPair
from autonomos_dcl.mapping.scoring import ColumnInfo

Key = tuple[str, str]

# Tokens that qualify a part without changing what it is (``postal code``,
# ``house number``, ``address line 1``).
NEUTRAL_TOKENS = frozenset({"code", "number", "line", "full", "complete"})
# Confidence of a composite pair judged on names alone.
NAME_ONLY_CONFIDENCE = 0.5
# Share of the part's values that must be found inside the whole's values.
EMBEDDED_MIN = 0.4
# Confidence from EMBEDDED_MIN on: the base, plus the share times the slope.
EMBEDDED_BASE = 0.6
EMBEDDED_SLOPE = 0.35


@dataclass(frozen=True)
class Composite:
    """A whole and its parts, as canonical name tokens.

    ``part_needs_whole``: a part field must name the whole as well (a
    ``prefix`` alone is not a phone's prefix, ``phone prefix`` is).
    ``whole_qualifiers``: when not None, the only tokens a whole field may
    carry besides the whole word, neutral tokens and its table's name (a
    ``product name`` is not a person's name); ``excluded``: tokens that rule
    a field out (an ``email address`` is no postal address).
    """

    whole: str
    parts: frozenset[str]
    part_needs_whole: bool = False
    whole_qualifiers: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()


COMPOSITES: tuple[Composite, ...] = (
    Composite(
        "address",
        frozenset({"street", "house", "city", "postal", "district", "state", "region", "country"}),
        excluded=frozenset({"email", "url", "ip", "mac"}),
    ),
    Composite(
        "phone",
        frozenset({"prefix", "region", "extension", "country", "dial"}),
        part_needs_whole=True,
    ),
    Composite(
        "name",
        frozenset({"first", "middle", "last"}),
        whole_qualifiers=frozenset({"person", "contact", "display", "customer", "client"}),
    ),
)


def _free_tokens(info: ColumnInfo) -> set[str]:
    """Tokens of a column that say what it is: without weak, neutral, numeric
    and table-name (context) tokens."""
    return {
        t
        for t in info.name.tokens
        if t not in info.name.weak
        and t not in info.name.context
        and t not in NEUTRAL_TOKENS
        and not t.isdigit()
    }


def whole_of(info: ColumnInfo, composite: Composite) -> bool:
    """Whether a column is the whole of ``composite`` (an ``address``, a
    ``phone``, a ``full name``)."""
    tokens = _free_tokens(info)
    if composite.whole not in tokens or tokens & (composite.parts | composite.excluded):
        return False
    extra = tokens - {composite.whole}
    return composite.whole_qualifiers is None or extra <= composite.whole_qualifiers


def part_of(info: ColumnInfo, composite: Composite) -> str | None:
    """The part of ``composite`` a column holds (``city``, ``prefix``,
    ``first``), or None: a part field names exactly one part (its other
    words are checked against the whole's by :func:`_compatible`)."""
    tokens = _free_tokens(info)
    parts = tokens & composite.parts
    if len(parts) != 1 or tokens & composite.excluded:
        return None
    if composite.part_needs_whole and composite.whole not in tokens:
        return None
    return next(iter(parts))


def _qualifiers(info: ColumnInfo, composite: Composite) -> set[str]:
    return _free_tokens(info) - composite.parts - {composite.whole}


def _compatible(part: ColumnInfo, whole: ColumnInfo, composite: Composite) -> bool:
    """Whether a part and a whole belong together: the part's qualifiers
    (``billing`` in ``billing city``) are the whole's."""
    return _qualifiers(part, composite) <= _qualifiers(whole, composite) | (
        composite.whole_qualifiers or frozenset()
    )


def composite_evidence(part: ColumnInfo, whole: ColumnInfo) -> dict[str, float] | None:
    """Evidence that ``part`` is a piece of ``whole``, with its ``confidence``:
    when both carry values, from the share of the part's values found inside
    the whole's (``embedded``; None under :data:`EMBEDDED_MIN`); else
    :data:`NAME_ONLY_CONFIDENCE`."""
    if not (part.has_values and whole.has_values):
        return {"confidence": NAME_ONLY_CONFIDENCE}
    share = embedded_share(part.column.values, whole.column.values)
    if share < EMBEDDED_MIN:
        return None
    confidence = min(EMBEDDED_BASE + EMBEDDED_SLOPE * share, 0.95)
    return {"confidence": round(confidence, 4), "embedded": round(share, 4)}


def _pair(source: ColumnInfo, target: ColumnInfo, found: dict[str, float]) -> ScoredPair:
    confidence = found.pop("confidence")
    evidence: dict[str, Any] = {**found, "composite": 1.0, "score": confidence}
    evidence["kind"] = INSTANCE if "embedded" in found else SCHEMA
    return ScoredPair(
        source.table,
        source.column.name,
        target.table,
        target.column.name,
        confidence,
        confidence,
        evidence,
    )


def add_composite_parts(
    chosen: Sequence[ScoredPair],
    sources: Sequence[ColumnInfo],
    targets: Sequence[ColumnInfo],
    max_targets_per_column: int,
) -> list[ScoredPair]:
    """Add composite pairs between linked tables (a source table and a target
    table with at least one chosen pair between them, or the only source and
    the only target table):

    - a source part (``city``) to the target whole (``address``) when the
      target table has no field for that part and the part took no field of
      that target table;
    - a source whole (``phone``) to each target part (``phone prefix``) that
      no column of the source table took, when the source table has no field
      for that part — and then to the target's own whole (``phone number``,
      the rest) if nothing took it.

    Nothing is added when ``max_targets_per_column`` is 1 (a strictly
    one-to-one source side). Returns ``chosen`` followed by the added pairs.
    """
    if max_targets_per_column <= 1:
        return list(chosen)
    linked = {(p.source_table, p.target_table) for p in chosen}
    source_tables = {s.table for s in sources}
    target_tables = {t.table for t in targets}
    if len(source_tables) == 1 and len(target_tables) == 1:
        linked |= {(next(iter(source_tables)), next(iter(target_tables)))}
    mapped: dict[tuple[str, str, str], bool] = {}
    taken: set[tuple[str, Key]] = set()
    for p in chosen:
        mapped[(p.source_table, p.source_column, p.target_table)] = True
        taken.add((p.source_table, (p.target_table, p.target_column)))
    by_table: dict[str, list[ColumnInfo]] = defaultdict(list)
    for info in sources:
        by_table[f"s:{info.table}"].append(info)
    for info in targets:
        by_table[f"t:{info.table}"].append(info)
    added: list[ScoredPair] = []
    for s_table, t_table in sorted(linked):
        s_cols, t_cols = by_table[f"s:{s_table}"], by_table[f"t:{t_table}"]
        for composite in COMPOSITES:
            added += _parts_to_whole(composite, s_cols, t_cols, mapped)
            added += _whole_to_parts(composite, s_cols, t_cols, taken)
    return [*chosen, *added]


def _parts_to_whole(
    composite: Composite,
    s_cols: Sequence[ColumnInfo],
    t_cols: Sequence[ColumnInfo],
    mapped: dict[tuple[str, str, str], bool],
) -> list[ScoredPair]:
    wholes = [t for t in t_cols if whole_of(t, composite)]
    if len(wholes) != 1:
        return []
    whole = wholes[0]
    covered = {part_of(t, composite) for t in t_cols} - {None}
    out: list[ScoredPair] = []
    for s in s_cols:
        part = part_of(s, composite)
        if part is None or part in covered or not _compatible(s, whole, composite):
            continue
        if mapped.get((s.table, s.column.name, whole.table)):
            continue
        found = composite_evidence(s, whole)
        if found is not None:
            out.append(_pair(s, whole, found))
            mapped[(s.table, s.column.name, whole.table)] = True
    return out


def _whole_to_parts(
    composite: Composite,
    s_cols: Sequence[ColumnInfo],
    t_cols: Sequence[ColumnInfo],
    taken: set[tuple[str, Key]],
) -> list[ScoredPair]:
    wholes = [s for s in s_cols if whole_of(s, composite)]
    if len(wholes) != 1:
        return []
    whole = wholes[0]
    covered = {part_of(s, composite) for s in s_cols} - {None}
    parts = [t for t in t_cols if part_of(t, composite) not in covered | {None}]
    if not parts:
        return []
    # Beside split-off parts, a target whole holds the rest (``phone number``
    # next to ``phone prefix``).
    rest = [t for t in t_cols if whole_of(t, composite)]
    out: list[ScoredPair] = []
    for t in [*parts, *rest]:
        key = (whole.table, (t.table, t.column.name))
        if key in taken or not _compatible(t, whole, composite):
            continue
        found = composite_evidence(t, whole)
        if found is not None:
            out.append(_pair(whole, t, found))
            taken.add(key)
    return out
