"""Values too common to tell columns apart.

In a wide schema, placeholders such as ``unknown``, ``not reported`` or
``other`` — and booleans — turn up in dozens of columns; two columns sharing
only them share nothing specific. :func:`common_values` finds such values
on one side of a match, and :func:`without_values` drops them from a
profile before value overlap is measured (the profile's shape, kinds and
frequencies are kept for :func:`.value_similarity.profile_similarity`).

Pure functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from autonomos_dcl.mapping.values import ValueProfile

# A value is common when this many columns of one side hold it ...
COMMON_MIN_COLUMNS = 8
# ... and they are at least this share of the side's columns with values.
COMMON_MIN_SHARE = 0.05


def common_values(profiles: Iterable[ValueProfile]) -> frozenset[str]:
    """Normalised non-numeric values (and value words) held by at least
    :data:`COMMON_MIN_COLUMNS` columns that are at least
    :data:`COMMON_MIN_SHARE` of the columns with values."""
    counts: Counter[str] = Counter()
    columns = 0
    for profile in profiles:
        if not profile.distinct:
            continue
        columns += 1
        counts.update(profile.distinct | profile.words)
    floor = max(COMMON_MIN_COLUMNS, COMMON_MIN_SHARE * columns)
    return frozenset(
        value
        for value, count in counts.items()
        if count >= floor and not value.replace(".", "", 1).lstrip("-").isdigit()
    )


def without_values(profile: ValueProfile, dropped: frozenset[str]) -> ValueProfile:
    """``profile`` without the ``dropped`` values in its distinct values,
    shares, words and affix-stripped variants (the same profile when it holds
    none of them)."""
    if not dropped or not (profile.distinct & dropped or profile.words & dropped):
        return profile
    return replace(
        profile,
        distinct=profile.distinct - dropped,
        words=profile.words - dropped,
        shares={v: s for v, s in profile.shares.items() if v not in dropped},
        stripped=tuple(variant - dropped for variant in profile.stripped),
    )
