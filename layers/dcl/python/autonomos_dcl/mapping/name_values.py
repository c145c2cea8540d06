"""Names that spell out the other column's values.

A column named after the categories it holds (``Tumor/Normal``,
``Yes_No``, ``Male/Female``) says what the other side's values are even
when its own values are coded differently (``T``, ``TN``): when every word
of one column's name is a value of the other column, the pair is likely.

Pure functions.
"""

from __future__ import annotations

from collections.abc import Set

from autonomos_dcl.mapping.tokens import split_identifier
from autonomos_dcl.mapping.values import normalise_value

# A name must list at least this many categories (one word proves nothing).
MIN_LISTED_VALUES = 2
# A name of more words than this is a phrase, not a list of categories.
MAX_LISTED_VALUES = 6
# Name score granted when a name lists the other column's values.
NAME_VALUES_SCORE = 0.85


def listed_values(name: str) -> tuple[str, ...]:
    """The normalised words of a column name, as candidate category values
    (``Tumor/Normal`` -> ``tumor``, ``normal``); empty when the name has fewer
    than :data:`MIN_LISTED_VALUES` or more than :data:`MAX_LISTED_VALUES`
    distinct words."""
    words = tuple(dict.fromkeys(normalise_value(w) for w in split_identifier(name)))
    if not MIN_LISTED_VALUES <= len(words) <= MAX_LISTED_VALUES:
        return ()
    return words


def name_lists_values(words: tuple[str, ...], values: Set[str]) -> bool:
    """Whether every word of ``words`` (see :func:`listed_values`) is one of
    ``values`` (normalised distinct values of the other column)."""
    return bool(words) and all(w in values for w in words)


def name_values_score(
    source_name: tuple[str, ...],
    source_values: Set[str],
    target_name: tuple[str, ...],
    target_values: Set[str],
) -> float:
    """:data:`NAME_VALUES_SCORE` when either column's name lists the other
    column's values, else 0."""
    if name_lists_values(source_name, target_values) or name_lists_values(
        target_name, source_values
    ):
        return NAME_VALUES_SCORE
    return 0.0
