"""Type inference for text values, and the safe conversion of text columns.

:func:`infer_text_type` says what text values *mean* (currency text is a
``decimal``; a text column is a ``date`` only when its values parse as
dates). :func:`coerce_text_column` is stricter: the file readers use it to
give uploaded text columns a typed Arrow type only when every value converts
without loss (no leading zeros dropped, no ambiguous dates guessed).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from autonomos_dcl.models import FieldType
from autonomos_dcl.profile.text_values import DECIMAL, TextValues

INTEGER = r"^[+-]?(0|[1-9][0-9]*)$"
ZERO_PADDED = r"^0[0-9]+$"
BOOLEAN_WORDS = ("true", "false", "yes", "no", "t", "f", "y", "n")
_STRICT_BOOLEANS = ("true", "false")
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ISO_NAIVE_STAMP = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?$"
MOSTLY = 0.98
"""Share of values that must parse for a date or decimal reading of text."""

_INT64_DIGITS = 18
_FLOAT64_DIGITS = 15


def infer_text_type(text: pa.Array | TextValues) -> FieldType:
    """The semantic type of string values (blank values ignored).

    Order: boolean words; dates/timestamps (at least :data:`MOSTLY` parse);
    integers (all, no zero padding, within int64); decimals, including
    currency text and thousands separators (at least :data:`MOSTLY`);
    otherwise ``string``. Zero-padded digits (``0090001234``) stay ``string``.
    """
    values = text if isinstance(text, TextValues) else TextValues(text)
    if len(values) == 0:
        return "string"
    if values.share(pc.is_in(pc.utf8_lower(values.values), pa.array(BOOLEAN_WORDS))) == 1.0:
        return "boolean"
    if values.digit_share < MOSTLY:
        return "string"
    if values.time_share >= MOSTLY:
        assert values.times is not None
        return "timestamp" if values.times.has_time else "date"
    if values.matching(ZERO_PADDED) > 0:
        return "string"
    if values.matching(INTEGER) == 1.0 and _max_digits(values.values) <= _INT64_DIGITS:
        return "integer"
    if values.number_share >= MOSTLY:
        return "decimal"
    return "string"


def _max_digits(values: pa.Array) -> int:
    longest = pc.max(pc.utf8_length(pc.replace_substring_regex(values, r"[^0-9]", ""))).as_py()
    return int(longest or 0)


def coerce_text_column(text: pa.Array) -> pa.Array:
    """Convert a string column to int64, float64, boolean, date32 or timestamp[us]
    when *every* non-blank value converts exactly; otherwise return it unchanged
    (blank strings become null either way)."""
    if not pa.types.is_string(text.type) and not pa.types.is_large_string(text.type):
        return text
    trimmed = pc.utf8_trim_whitespace(text)
    cleaned = pc.if_else(pc.equal(trimmed, "").fill_null(True), None, trimmed)
    values = pc.unique(cleaned.drop_null())
    if len(values) == 0:
        return cleaned

    def all_match(pattern: str) -> bool:
        return bool(pc.all(pc.match_substring_regex(values, pattern)).as_py())

    if bool(pc.all(pc.is_in(pc.utf8_lower(values), pa.array(_STRICT_BOOLEANS))).as_py()):
        return pc.equal(pc.utf8_lower(cleaned), "true")
    if bool(pc.any(pc.match_substring_regex(values, r"^[+-]?0[0-9]")).as_py()):
        return cleaned  # zero-padded codes keep their text
    if all_match(INTEGER) and _max_digits(values) <= _INT64_DIGITS:
        return pc.cast(cleaned, pa.int64())
    if all_match(DECIMAL) and _max_digits(values) <= _FLOAT64_DIGITS:
        return pc.cast(cleaned, pa.float64())
    if all_match(_ISO_DATE):
        return _all_or_nothing(cleaned, pa.date32())
    if all_match(_ISO_NAIVE_STAMP):
        return _all_or_nothing(cleaned, pa.timestamp("us"))
    return cleaned


def _all_or_nothing(text: pa.Array, target: pa.DataType) -> pa.Array:
    try:
        return pc.cast(text, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return text
