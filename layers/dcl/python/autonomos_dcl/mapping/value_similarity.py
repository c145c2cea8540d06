"""How alike two columns' values are, from their :class:`ValueProfile`.

Two kinds of evidence:

- :func:`value_overlap` — the columns share values: exact shared values
  (over the smaller distinct set, or by the share of a column's rows they
  cover), shared values once a constant prefix or suffix is removed
  (``pT3a`` ~ ``T3a``), one-letter codes that are the initials of the other
  column's words (``m``/``f`` ~ ``male``/``female``), and shared words of
  free text;
- :func:`profile_similarity` — the columns look alike without sharing
  values: value kinds, lengths, numeric ranges and distributions, and the
  shape of categorical frequencies.

Pure functions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Set

from autonomos_dcl.mapping.values import ValueProfile

# Weight of the evidence from values shared only once a constant affix is removed.
AFFIX_WEIGHT = 0.85
# Weight of one-letter codes matching the initials of the other side's values.
INITIALS_WEIGHT = 0.75
# Numbers shared by two numeric columns prove less than shared words.
NUMERIC_OVERLAP_FACTOR = 0.6
# A column is categorical (its frequencies mean something) under this distinct ratio.
CATEGORICAL_MAX_DISTINCT_RATIO = 0.5
# A column whose values come from a small closed set (a category, a code list)
# has at most this many distinct values.
CLOSED_SET_MAX_DISTINCT = 50


def kind_similarity(a: ValueProfile, b: ValueProfile) -> float:
    """1 - half the L1 distance of the two kind distributions (integer and
    decimal count as close relatives)."""
    merged_a = _merge_numeric(a.kinds)
    merged_b = _merge_numeric(b.kinds)
    keys = set(merged_a) | set(merged_b)
    distance = sum(abs(merged_a.get(k, 0.0) - merged_b.get(k, 0.0)) for k in keys)
    return max(0.0, 1.0 - distance / 2.0)


def _merge_numeric(kinds: dict[str, float]) -> dict[str, float]:
    merged = dict(kinds)
    number = merged.pop("integer", 0.0) + merged.pop("decimal", 0.0)
    if number:
        merged["number"] = number
    return merged


def _ratio(x: float, y: float) -> float:
    x, y = abs(x), abs(y)
    if x == y:
        return 1.0
    return min(x, y) / max(x, y)


def numeric_similarity(a: ValueProfile, b: ValueProfile) -> float | None:
    """How alike two numeric columns are (None unless both are numeric): the
    overlap of their ranges, the magnitude of their medians and, when both
    carry deciles, how close their distributions are."""
    if not (a.is_numeric and b.is_numeric):
        return None
    if a.numeric_median is None or b.numeric_median is None:
        return None
    assert a.numeric_min is not None and a.numeric_max is not None
    assert b.numeric_min is not None and b.numeric_max is not None
    low = max(a.numeric_min, b.numeric_min)
    high = min(a.numeric_max, b.numeric_max)
    span = max(a.numeric_max, b.numeric_max) - min(a.numeric_min, b.numeric_min)
    range_overlap = 1.0 if span == 0 else max(0.0, high - low) / span
    magnitude = _magnitude_similarity(a.numeric_median, b.numeric_median)
    distribution = distribution_similarity(a.quantiles, b.quantiles)
    if distribution is None:
        return 0.5 * range_overlap + 0.5 * magnitude
    return 0.3 * range_overlap + 0.3 * magnitude + 0.4 * distribution


def distribution_similarity(qa: tuple[float, ...], qb: tuple[float, ...]) -> float | None:
    """1 - the mean distance of two columns' deciles over their pooled range
    (a quantile version of the earth mover's distance); None without deciles."""
    if not qa or not qb or len(qa) != len(qb):
        return None
    span = max(qa[-1], qb[-1]) - min(qa[0], qb[0])
    if span <= 0:
        return 1.0
    mean_gap = sum(abs(x - y) for x, y in zip(qa, qb, strict=True)) / len(qa)
    return max(0.0, 1.0 - mean_gap / span)


def _magnitude_similarity(x: float, y: float) -> float:
    lx = math.log10(abs(x) + 1.0)
    ly = math.log10(abs(y) + 1.0)
    return max(0.0, 1.0 - abs(lx - ly) / 2.0)


def frequency_shape_similarity(a: ValueProfile, b: ValueProfile) -> float | None:
    """How alike the shares of the most frequent values of two categorical
    columns are (``male`` 58 % / ``female`` 42 % against ``m`` 58 % / ``f``
    42 %), as 1 - half the L1 distance of the sorted shares; None unless both
    columns repeat their values (an enumeration of permitted values has no
    meaningful frequencies)."""
    if not a.top_shares or not b.top_shares:
        return None
    if (
        a.distinct_ratio > CATEGORICAL_MAX_DISTINCT_RATIO
        or b.distinct_ratio > CATEGORICAL_MAX_DISTINCT_RATIO
    ):
        return None
    size = max(len(a.top_shares), len(b.top_shares))
    sa = a.top_shares + (0.0,) * (size - len(a.top_shares))
    sb = b.top_shares + (0.0,) * (size - len(b.top_shares))
    return max(0.0, 1.0 - sum(abs(x - y) for x, y in zip(sa, sb, strict=True)) / 2.0)


def profile_similarity(a: ValueProfile, b: ValueProfile) -> float:
    """Compatibility of two value profiles in [0, 1] (kinds, lengths, numbers,
    categorical frequencies)."""
    kinds = kind_similarity(a, b)
    length = _ratio(a.mean_length, b.mean_length) if a.mean_length and b.mean_length else 0.5
    numeric = numeric_similarity(a, b)
    if numeric is not None:
        return 0.5 * kinds + 0.15 * length + 0.35 * numeric
    shape = frequency_shape_similarity(a, b)
    if shape is not None:
        return 0.55 * kinds + 0.15 * length + 0.3 * shape
    return 0.7 * kinds + 0.3 * length


def _shared_evidence(
    a_values: Set[str],
    b_values: Set[str],
    a_shares: Mapping[str, float],
    b_shares: Mapping[str, float],
) -> float:
    """Containment of shared values: over the smaller distinct set, or the
    share of either column's rows that the shared values cover; damped when
    only a few values are shared (two shared values prove less than fifty).
    The row share counts only from two shared values on."""
    if not a_values or not b_values:
        return 0.0
    small, large = (a_values, b_values) if len(a_values) <= len(b_values) else (b_values, a_values)
    shared = [v for v in small if v in large]
    if not shared:
        return 0.0
    containment = len(shared) / len(small)
    covered = 0.0
    if len(shared) >= 2:  # one shared value ("unknown", "0") covering most rows proves little
        covered = max(
            sum(a_shares.get(v, 0.0) for v in shared), sum(b_shares.get(v, 0.0) for v in shared)
        )
    damping = len(shared) / (len(shared) + 1.0)
    return max(containment, min(covered, 1.0)) * damping


def _initials_evidence(a: ValueProfile, b: ValueProfile) -> float:
    """One-letter codes on one side that are the initials of the other side's
    values: the share of the coded side's rows whose code is an initial, times
    the share of the other side's rows whose initial is a code."""
    for codes, words in ((a, b), (b, a)):
        if len(codes.distinct) < 2 or not all(len(v) == 1 and v.isalpha() for v in codes.distinct):
            continue
        if words.mean_length < 3 or len(words.distinct) > 50:
            continue
        initials = {v[0] for v in words.distinct if v and v[0].isalpha()}
        coded = sum(share for v, share in codes.shares.items() if v in initials)
        covered = sum(share for v, share in words.shares.items() if v[:1] in codes.distinct)
        return coded * covered
    return 0.0


def _word_evidence(a: ValueProfile, b: ValueProfile) -> float:
    if not a.words or not b.words:
        return 0.0
    ws, wl = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
    shared_words = sum(1 for w in ws if w in wl)
    if not shared_words:
        return 0.0
    return 0.6 * (shared_words / len(ws)) * (shared_words / (shared_words + 2.0))


def value_overlap(a: ValueProfile, b: ValueProfile) -> float:
    """Evidence in [0, 1] that two columns hold the same values (see the
    module docstring): the strongest of exact shared values, shared values
    without constant affixes, initials and shared words."""
    if not a.distinct or not b.distinct:
        return 0.0
    both_numeric = a.is_numeric and b.is_numeric
    exact = _shared_evidence(a.distinct, b.distinct, a.shares, b.shares)
    if both_numeric:
        exact *= NUMERIC_OVERLAP_FACTOR
    affix = 0.0
    for sa in (a.distinct, *a.stripped):
        for sb in (b.distinct, *b.stripped):
            if sa is a.distinct and sb is b.distinct:
                continue
            evidence = AFFIX_WEIGHT * _shared_evidence(sa, sb, {}, {})
            if evidence and _mostly_numbers(sa) and _mostly_numbers(sb):
                evidence *= NUMERIC_OVERLAP_FACTOR
            affix = max(affix, evidence)
    initials = INITIALS_WEIGHT * _initials_evidence(a, b)
    return max(exact, affix, initials, _word_evidence(a, b))


def _mostly_numbers(values: Set[str]) -> bool:
    numbers = sum(1 for v in values if v.replace(".", "", 1).lstrip("-").isdigit())
    return numbers >= 0.8 * len(values)


def is_closed_set(profile: ValueProfile) -> bool:
    """Whether a column's values look like a small closed set of categories
    (at most :data:`CLOSED_SET_MAX_DISTINCT` distinct words or codes, not
    numbers, dates or booleans), whose members a matching column would share."""
    if not profile.distinct or len(profile.distinct) > CLOSED_SET_MAX_DISTINCT:
        return False
    if profile.is_numeric:
        return False
    return profile.kinds.get("text", 0.0) + profile.kinds.get("code", 0.0) >= 0.8
