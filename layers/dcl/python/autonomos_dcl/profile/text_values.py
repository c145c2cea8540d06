"""The distinct values of a text column with their counts, analysed once.

Profiling runs many tests (regular expressions, date formats) over a
column's text; running them over the *distinct* values and weighting by
counts keeps low-cardinality columns cheap, and caching the date and number
readings avoids parsing twice.
"""

from __future__ import annotations

from functools import cached_property

import pyarrow as pa
import pyarrow.compute as pc

from autonomos_dcl.profile.dates import ParsedTimes, parse_times

_NUMBER_NOISE = r"[$€£¥,%]|USD|EUR|GBP|JPY|CHF"
DECIMAL = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_DATE_READING_MIN_DIGITS = 0.9
"""Dates are only looked for when this share of values contains digits."""


def non_blank(text: pa.Array) -> pa.Array:
    """The trimmed, non-null, non-empty values of a string array."""
    trimmed = pc.utf8_trim_whitespace(text)
    return trimmed.filter(pc.not_equal(trimmed, "").fill_null(False))


def to_number(text: pa.Array) -> pa.Array:
    """Text to float64: currency marks and codes, thousands separators and ``%``
    are dropped, ``(12.5)`` is negative; anything else that is not a number
    (including digits separated by spaces) is null."""
    negative = pc.match_substring_regex(text, r"^\s*\(.*\)\s*$")
    bare = pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"^\((.*)\)$", r"\1")
    bare = pc.utf8_trim_whitespace(pc.replace_substring_regex(bare, _NUMBER_NOISE, ""))
    valid = pc.match_substring_regex(bare, DECIMAL)
    numbers = pc.cast(pc.if_else(valid, bare, pa.scalar(None, pa.string())), pa.float64())
    return pc.if_else(negative, pc.negate(numbers), numbers)


class TextValues:
    """Distinct non-blank values of a text column and how often each occurs."""

    def __init__(self, text: pa.Array) -> None:
        counted = pc.value_counts(non_blank(text.cast(pa.string())))
        self.values: pa.Array = counted.field("values")
        self.counts: pa.Array = counted.field("counts")
        self.total: int = int(pc.sum(self.counts).as_py() or 0)

    def __len__(self) -> int:
        return len(self.values)

    def share(self, mask: pa.Array) -> float:
        """Share of the column's values (with repeats) where ``mask`` is true."""
        if self.total == 0:
            return 0.0
        hits = pc.sum(self.counts.filter(mask.fill_null(False))).as_py()
        return float(hits or 0) / self.total

    def matching(self, pattern: str) -> float:
        """Share of values matching a regular expression."""
        return self.share(pc.match_substring_regex(self.values, pattern))

    def containing(self, literal: str) -> float:
        """Share of values containing a literal substring (cheaper than a regex)."""
        return self.share(pc.match_substring(self.values, literal))

    @cached_property
    def digit_share(self) -> float:
        """Share of values containing at least one digit."""
        return self.matching(r"[0-9]")

    @cached_property
    def times(self) -> ParsedTimes | None:
        """The date/timestamp reading of the values; None when too few contain digits."""
        if self.digit_share < _DATE_READING_MIN_DIGITS:
            return None
        return parse_times(self.values)

    @cached_property
    def time_share(self) -> float:
        """Share of values that parse as dates or timestamps."""
        return 0.0 if self.times is None else self.share(pc.is_valid(self.times.values))

    @cached_property
    def numbers(self) -> pa.Array:
        """The numeric reading of each distinct value (see :func:`to_number`)."""
        return to_number(self.values)

    @cached_property
    def number_share(self) -> float:
        """Share of values with a numeric reading."""
        return 0.0 if self.digit_share == 0 else self.share(pc.is_valid(self.numbers))
