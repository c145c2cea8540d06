"""Evidence for one (source column, target column) pair and the raw score
that combines it. Raw scores are later turned into calibrated confidences
(:mod:`calibration`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from autonomos_dcl.mapping import descriptions, types_compat
from autonomos_dcl.mapping.name_values import listed_values, name_values_score
from autonomos_dcl.mapping.names import (
    NameFeatures,
    analyse_name,
    containment_similarity,
    is_bare_identifier,
    soft_token_match,
    trigram_dice,
    weighted_tokens,
)
from autonomos_dcl.mapping.types import ColumnSample, TableSample
from autonomos_dcl.mapping.value_similarity import (
    is_closed_set,
    profile_similarity,
    value_overlap,
)
from autonomos_dcl.mapping.values import EMPTY_PROFILE, ValueProfile, profile_values

# How far shared values alone can lift a pair (noisy-or weight).
OVERLAP_WEIGHT = 0.6
# Factor applied to a column documented as a foreign key: it is mapped
# through the key it references, not as an attribute of its own.
FOREIGN_KEY_FACTOR = 0.55
# Factor applied when two columns of small closed sets of categories share no
# value at all: the same category list would share some (unless one column's
# name lists the other's values, which says they are coded differently, or
# the names are the same: one attribute may be coded differently per system).
DISJOINT_CATEGORIES_FACTOR = 0.75
SAME_NAME = 0.95
_FOREIGN_KEY = re.compile(r"\bforeign[ -]key\b", re.IGNORECASE)


def is_documented_foreign_key(description: str | None) -> bool:
    """Whether a column description says the column is a foreign key."""
    return bool(description and _FOREIGN_KEY.search(description))


@dataclass
class ColumnInfo:
    """Everything the scorer needs about one column, computed once."""

    table: str
    column: ColumnSample
    table_sample: TableSample
    name: NameFeatures
    profile: ValueProfile
    family: str | None
    words: Counter[str]
    is_foreign_key: bool
    vector: dict[str, float] = field(default_factory=dict)
    tokens: tuple[tuple[str, float], ...] = ()
    # The name's words as category values (see :mod:`.name_values`).
    listed: tuple[str, ...] = ()
    # The profile without values common to many columns (see
    # :mod:`.common_values`), for value overlap; None: the profile itself.
    specific: ValueProfile | None = None

    @property
    def has_values(self) -> bool:
        """Whether the column carries at least one non-empty value."""
        return bool(self.profile.distinct)

    @property
    def overlap_profile(self) -> ValueProfile:
        """The profile whose values count for overlap."""
        return self.profile if self.specific is None else self.specific

    @property
    def has_description(self) -> bool:
        """Whether the column or its table carries a description."""
        return bool(self.column.description)


def prepare_column(
    table: TableSample, column: ColumnSample, vocabulary: Collection[str], use_values: bool
) -> ColumnInfo:
    """Analyse one column's name, values, type and description."""
    name = analyse_name(column.name, table=table.name, system=table.system, vocabulary=vocabulary)
    profile = profile_values(column.values) if use_values and column.values else EMPTY_PROFILE
    family = types_compat.declared_family(column.type) or types_compat.inferred_family(profile)
    words: Counter[str] = Counter()
    if column.description:
        words.update(descriptions.description_words(column.description))
        words.update(t for t in name.tokens if t not in name.context)
    return ColumnInfo(
        table.name,
        column,
        table,
        name,
        profile,
        family,
        words,
        is_documented_foreign_key(column.description),
        listed=listed_values(column.name),
    )


def prepare_tables(
    tables: Sequence[TableSample], vocabulary: Collection[str], use_values: bool
) -> list[ColumnInfo]:
    """Analyse every column of ``tables`` in order."""
    return [prepare_column(t, c, vocabulary, use_values) for t in tables for c in t.columns]


def combine(
    name: float,
    description: float | None,
    overlap: float | None,
    profile: float | None,
    type_fit: float,
) -> float:
    """The raw score of a pair from its evidence, in [0, 1].

    Names lead; a description similarity blends in when both sides have one;
    shared values raise the score (noisy-or); an incompatible value profile
    or type lowers it — unless the values are shared, which says more about
    the two domains than their shapes do.
    """
    lexical = name
    if description is not None:
        lexical = max(name * 0.9, 0.55 * name + 0.45 * description)
    score = lexical
    if overlap is not None:
        score = 1.0 - (1.0 - lexical) * (1.0 - OVERLAP_WEIGHT * overlap)
    if profile is not None:
        score *= 0.45 + 0.55 * max(profile, overlap or 0.0)
    else:
        score *= 0.6 + 0.4 * type_fit
    return max(0.0, min(1.0, score))


def set_token_weights(columns: Sequence[ColumnInfo], weights: Mapping[str, float]) -> None:
    """Store each column's weighted name tokens (needed by :func:`pair_evidence`)."""
    for info in columns:
        info.tokens = weighted_tokens(info.name, weights)


# Name score cap of a bare ``id`` column against a qualified identifier
# (``account_id``): which entity a row id identifies is a table-level question.
BARE_ID_CAP = 0.4


def _name_score(source: ColumnInfo, target: ColumnInfo) -> float:
    if source.name.tokens == target.name.tokens and source.name.tokens:
        return 1.0
    if is_bare_identifier(source.name) or is_bare_identifier(target.name):
        return BARE_ID_CAP if source.name.is_identifier and target.name.is_identifier else 0.0
    soft = soft_token_match(source.tokens, target.tokens)
    contained = containment_similarity(
        source.tokens,
        target.tokens,
        source.name.weak | target.name.weak,
        (source.name.head, target.name.head),
    )
    return max(soft, contained, 0.85 * trigram_dice(source.name.trigrams, target.name.trigrams))


NameCache = dict[tuple[object, ...], float]


def pair_evidence(
    source: ColumnInfo, target: ColumnInfo, name_cache: NameCache | None = None
) -> dict[str, float]:
    """Evidence of one pair: ``name``, ``type`` and, when available,
    ``description``, ``overlap``, ``profile``; plus ``raw``. Call
    :func:`set_token_weights` on both sides first. ``name_cache`` (a dict the
    caller keeps for one run) saves recomputing names that repeat."""
    evidence: dict[str, float] = {}
    if name_cache is None:
        evidence["name"] = _name_score(source, target)
    else:
        key = (
            source.tokens,
            source.name.weak,
            source.name.head,
            target.tokens,
            target.name.weak,
            target.name.head,
        )
        cached = name_cache.get(key)
        if cached is None:
            cached = name_cache[key] = _name_score(source, target)
        evidence["name"] = cached
    description: float | None = None
    if source.vector and target.vector:
        description = descriptions.cosine(source.vector, target.vector)
        evidence["description"] = description
    overlap: float | None = None
    profile: float | None = None
    if source.has_values and target.has_values:
        listed = name_values_score(
            source.listed, source.profile.distinct, target.listed, target.profile.distinct
        )
        if listed > evidence["name"]:
            evidence["name_values"] = 1.0
            evidence["name"] = listed
        overlap = value_overlap(source.overlap_profile, target.overlap_profile)
        profile = profile_similarity(source.profile, target.profile)
        evidence["overlap"] = overlap
        evidence["profile"] = profile
    type_fit = types_compat.compatibility(source.family, target.family)
    evidence["type"] = type_fit
    raw = combine(evidence["name"], description, overlap, profile, type_fit)
    if (
        overlap == 0.0
        and evidence["name"] < SAME_NAME
        and "name_values" not in evidence
        and source.overlap_profile.distinct
        and target.overlap_profile.distinct
        and is_closed_set(source.profile)
        and is_closed_set(target.profile)
    ):
        evidence["disjoint_categories"] = 1.0
        raw *= DISJOINT_CATEGORIES_FACTOR
    if source.is_foreign_key or target.is_foreign_key:
        evidence["foreign_key"] = 1.0
        raw *= FOREIGN_KEY_FACTOR
    evidence["raw"] = raw
    return evidence
