"""Value patterns: what share of a column's values looks like an e-mail, a
phone number, an identifier, ... Each detector is a vectorised test over the
values' text; :func:`pattern_shares` returns the share per pattern.

Patterns: ``id_like`` (unique tokens with a digit, or unique integers),
``email``, ``phone``, ``currency``, ``date``, ``country``, ``url``, ``uuid``,
``fraction`` (numbers within 0-1) and ``percent`` (numbers within 0-100 with
some above 1).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from autonomos_dcl.models import FieldType
from autonomos_dcl.profile.countries import COUNTRY_TOKENS
from autonomos_dcl.profile.text_values import TextValues

PATTERNS: tuple[str, ...] = (
    "id_like", "email", "phone", "currency", "date", "country", "url", "uuid", "fraction",
    "percent",
)  # fmt: skip
PATTERN_THRESHOLD = 0.9
"""A column *has* a pattern when at least this share of its values match it."""

_EMAIL = r"^[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"
_URL = r"^(https?://|www\.)[^\s]+$"
_PHONE_SHAPE = r"^\+?[0-9(][0-9 ()./\-]+[0-9]$"
_PHONE_MARK = r"[ ()./\-+]"
CURRENCY_MARK = r"[$€£¥]|(^|[^A-Za-z])(USD|EUR|GBP|JPY|CHF)([^A-Za-z]|$)"
_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_ID_TOKEN = r"^[A-Za-z0-9][A-Za-z0-9_\-:./]{0,127}$"
_HAS_DIGIT = r"[0-9]"
_UNIQUE_ENOUGH = 0.9
_MIN_PHONE_DIGITS = 7
_COUNTRIES = pa.array(sorted(COUNTRY_TOKENS))


def text_pattern_shares(
    text: TextValues, inferred: FieldType, distinct_ratio: float
) -> dict[str, float]:
    """Pattern shares of a text column (zero shares omitted).

    ``inferred`` is the column's inferred type and ``distinct_ratio`` its
    distinct share; both condition some patterns (identifiers must be
    unique, fractions must be numbers).
    """
    if len(text) == 0:
        return {}
    values = text.values
    shares: dict[str, float] = {"date": text.time_share}
    if text.containing("@") > 0:
        shares["email"] = text.matching(_EMAIL)
    if text.containing("://") > 0 or text.containing("www.") > 0:
        shares["url"] = text.matching(_URL)
    if text.containing("-") > 0:
        shares["uuid"] = text.matching(_UUID)
    if text.digit_share > 0:
        shares.update(_digit_text_shares(text))
    if text.digit_share < 1.0:
        shares["country"] = text.share(pc.is_in(pc.utf8_upper(values), _COUNTRIES))
    if inferred in ("integer", "decimal"):
        shares.update(_range_shares(text.numbers, inferred, text.counts))
    if distinct_ratio >= _UNIQUE_ENOUGH and inferred in ("integer", "string"):
        shares["id_like"] = text.share(
            pc.and_(
                pc.match_substring_regex(values, _ID_TOKEN),
                pc.match_substring_regex(values, _HAS_DIGIT),
            )
        )
    return {name: round(s, 4) for name, s in shares.items() if s > 0}


def typed_pattern_shares(values: pa.Array, distinct_ratio: float) -> dict[str, float]:
    """Pattern shares of a non-text column (numbers, dates, booleans)."""
    typed = values.type
    if len(values) == 0 or pa.types.is_boolean(typed):
        return {}
    if pa.types.is_temporal(typed):
        return {"date": 1.0}
    if not (
        pa.types.is_integer(typed) or pa.types.is_floating(typed) or pa.types.is_decimal(typed)
    ):
        return {}
    integer = pa.types.is_integer(typed)
    shares = _range_shares(values, "integer" if integer else "decimal", None)
    if integer and distinct_ratio >= _UNIQUE_ENOUGH:
        shares["id_like"] = 1.0
    return {name: round(s, 4) for name, s in shares.items() if s > 0}


def _digit_text_shares(text: TextValues) -> dict[str, float]:
    """``phone`` (among values that are neither numbers nor dates) and
    ``currency`` (among values with a numeric reading)."""
    values, counts = text.values, text.counts
    is_number = pc.is_valid(text.numbers)
    other = pc.invert(is_number)
    if text.times is not None:
        other = pc.and_(other, pc.is_null(text.times.values))
    candidates = values.filter(other)
    phone_hits = 0.0
    if len(candidates):
        length = pc.utf8_length(candidates)
        digits = pc.utf8_length(pc.replace_substring_regex(candidates, r"[^0-9]+", ""))
        phone = pc.and_(
            pc.and_(pc.match_substring_regex(candidates, _PHONE_SHAPE), pc.less_equal(length, 24)),
            pc.and_(
                pc.greater_equal(digits, _MIN_PHONE_DIGITS),
                pc.match_substring_regex(candidates, _PHONE_MARK),
            ),
        )
        phone_hits = float(pc.sum(counts.filter(other).filter(phone)).as_py() or 0)
    numeric = values.filter(is_number)
    currency_hits = 0.0
    if len(numeric):
        marked = pc.match_substring_regex(numeric, CURRENCY_MARK)
        currency_hits = float(pc.sum(counts.filter(is_number).filter(marked)).as_py() or 0)
    return {"phone": phone_hits / text.total, "currency": currency_hits / text.total}


def _range_shares(
    numbers: pa.Array, inferred: FieldType, counts: pa.Array | None
) -> dict[str, float]:
    """``fraction``/``percent`` shares of numbers (weighted by ``counts`` when given)."""
    numbers = pc.cast(numbers, pa.float64())
    weights = counts if counts is not None else pa.repeat(1, len(numbers)).cast(pa.int64())
    known = pc.is_valid(numbers)
    total = pc.sum(weights.filter(known)).as_py() or 0
    if total == 0:
        return {}

    def weighted(mask: pa.Array) -> float:
        return (
            float(pc.sum(weights.filter(pc.and_(known, mask).fill_null(False))).as_py() or 0)
            / total
        )

    above_one = bool(pc.any(pc.greater(numbers, 1.0)).as_py())
    if not above_one:
        if inferred != "decimal":
            return {}
        return {"fraction": weighted(pc.greater_equal(numbers, 0.0))}
    return {
        "percent": weighted(pc.and_(pc.greater_equal(numbers, 0.0), pc.less_equal(numbers, 100.0)))
    }


def has_patterns(shares: dict[str, float]) -> tuple[str, ...]:
    """The patterns whose share reaches :data:`PATTERN_THRESHOLD`, in :data:`PATTERNS` order."""
    return tuple(p for p in PATTERNS if shares.get(p, 0.0) >= PATTERN_THRESHOLD)
