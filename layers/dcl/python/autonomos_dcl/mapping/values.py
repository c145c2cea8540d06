"""Value profiles of a column.

A profile summarises a column's non-empty values: the share of each value
kind (integer, decimal, date, e-mail, URL, phone, currency, boolean, id-like
code, country, free text) over at most ``PROFILE_SAMPLE`` of them, numeric
range and deciles, text lengths, distinct ratio, the normalised distinct
values with their shares (for overlap), the distinct values stripped of a
constant prefix or suffix (``pT3a`` -> ``3a``, ``12 cm`` -> ``12``), and the
shares of the most frequent values. How two profiles compare lives in
:mod:`autonomos_dcl.mapping.value_similarity`. Pure functions; nothing here
reads files.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from autonomos_dcl.mapping.value_countries import COUNTRIES, country_code

PROFILE_SAMPLE = 2000
DISTINCT_CAP = 20000
# How many of the most frequent values' shares a profile keeps.
TOP_SHARES = 10
# Deciles of numeric values (0th to 100th percentile).
QUANTILE_POINTS = 11
# Constant affixes are looked for only in columns with at most this many
# distinct values (codes and categories), and only this long.
AFFIX_MAX_DISTINCT = 500
AFFIX_MAX_LENGTH = 6

KINDS: tuple[str, ...] = (
    "integer",
    "decimal",
    "date",
    "email",
    "url",
    "phone",
    "currency",
    "boolean",
    "code",
    "country",
    "text",
)

_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+[.,]\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(
    r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?"
    r"|\d{4}\d{2}\d{2})$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s().\-/]{7,20}$")
_CURRENCY = re.compile(
    r"^[$€£¥]\s?[+-]?[\d,]+(\.\d+)?$|^[+-]?[\d,]+(\.\d+)?\s?(USD|EUR|GBP|JPY|CHF)$"
)
_BOOLEAN = frozenset({"true", "false", "yes", "no", "y", "n", "t", "f"})
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9\-_:./]{3,40}$")
_QUOTES = " \t\r\n'\"`"
_ISO_DATE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"(?:z|[+-]\d{2}:?\d{2})?$"
)
_YEAR_LAST_DATE = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_MONEY = re.compile(
    r"^[$€£¥]\s?(?P<a>[+-]?[\d,]+(\.\d+)?)$|^(?P<b>[+-]?[\d,]+(\.\d+)?)\s?(usd|eur|gbp|jpy|chf)$"
)
_HAS_DIGIT = re.compile(r"\d")
_CODE_SEPARATOR = re.compile(r"[-_./ ]")
_TRUE_WORDS = frozenset({"true", "yes"})
_FALSE_WORDS = frozenset({"false", "no"})


def normalise_value(value: str) -> str:
    """Canonical text of a value for overlap: trimmed of quotes, lower-case,
    single spaces; numbers in one form (``4.0`` -> ``4``, ``1,200`` and
    ``$1,200.00`` -> ``1200``); dates as ``YYYY-MM-DD`` (from ISO, compact
    ``YYYYMMDD`` and day/month/year forms; a midnight time is dropped, other
    times kept as `` HH:MM:SS``); phone numbers as their last ten digits;
    ``yes``/``no`` as ``true``/``false``; countries as their ISO alpha-2
    code (``Germany``, ``DEU`` -> ``de``)."""
    text = " ".join(value.strip(_QUOTES).lower().split())
    if not _HAS_DIGIT.search(text):
        if text in _TRUE_WORDS:
            return "true"
        if text in _FALSE_WORDS:
            return "false"
        return country_code(text) or text
    if _INTEGER.match(text) and _is_compact_date(text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    money = _MONEY.match(text)
    if money:
        text = (money.group("a") or money.group("b") or "").replace(",", "")
    elif _THOUSANDS.match(text):
        text = text.replace(",", "")
    if _DECIMAL.match(text) or _INTEGER.match(text):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text
        if math.isfinite(number):
            return repr(int(number)) if number == int(number) else repr(number)
        return text
    date = _canonical_date(text)
    if date is not None:
        return date
    if _PHONE.match(text):
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 7:
            return digits[-10:]
    return text


def _canonical_date(text: str) -> str | None:
    """``YYYY-MM-DD[ HH:MM:SS]`` for a lower-cased date in ISO form or with
    the year last (day first when the first number is over 12, else month
    first, as in the US), or None."""
    iso = _ISO_DATE.match(text)
    if iso:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        time_parts = iso.group(4, 5, 6)
    else:
        year_last = _YEAR_LAST_DATE.match(text)
        if not year_last:
            return None
        first, second = int(year_last.group(1)), int(year_last.group(2))
        year = int(year_last.group(3))
        day, month = (first, second) if first > 12 else (second, first)
        time_parts = year_last.group(4, 5, 6)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}"
    hour, minute, second_ = (int(p) if p else 0 for p in time_parts)
    if hour or minute or second_:
        return f"{date} {hour:02d}:{minute:02d}:{second_:02d}"
    return date


def _to_number(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("$", "").replace("€", "").replace("£", "").strip()
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _is_compact_date(text: str) -> bool:
    """Whether an 8-digit number reads as a YYYYMMDD date (SAP's DATS, for one)."""
    if len(text) != 8 or not text.isdigit():
        return False
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    return 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31


def value_kind(value: str) -> str:
    """The kind (one of :data:`KINDS`) of one non-empty value."""
    text = value.strip(_QUOTES)
    lower = text.lower()
    if _INTEGER.match(text):
        return "date" if _is_compact_date(text) else "integer"
    if _DECIMAL.match(text):
        return "decimal"
    if lower in _BOOLEAN:
        return "boolean"
    if _DATE.match(text):
        return "date"
    if _EMAIL.match(text):
        return "email"
    if _URL.match(text):
        return "url"
    if _CURRENCY.match(text):
        return "currency"
    if _PHONE.match(text) and sum(ch.isdigit() for ch in text) >= 7:
        return "phone"
    if lower in COUNTRIES:
        return "country"
    if _CODE.match(text):
        return "code"
    return "text"


def _char_class(ch: str) -> int:
    if ch.isalpha():
        return 0
    if ch.isdigit():
        return 1
    return 2


def constant_affixes(values: Collection[str]) -> tuple[str, str]:
    """The prefix and the suffix that every value shares, each free of digits,
    leaving something of every value, and cut where the character class
    (letters, digits, other) changes in at least half of the values:
    ``pT1a``, ``pT3``, ``pTX`` -> (``pT``, ""); ``12 cm``, ``3.5 cm`` ->
    ("", `` cm``); ``Stage I``, ``Stage IV`` -> (``Stage ``, ""). Empty strings
    when there is none or fewer than two distinct values."""
    texts = [v for v in values if v]
    if len(set(texts)) < 2:
        return "", ""
    return _affix(texts, reverse=False), _affix(texts, reverse=True)


def _affix(texts: Sequence[str], *, reverse: bool) -> str:
    seqs = [t[::-1] for t in texts] if reverse else list(texts)
    shortest = min(len(s) for s in seqs)
    common = 0
    first = seqs[0]
    while common < shortest and all(s[common] == first[common] for s in seqs):
        common += 1
    for k in range(min(common, shortest - 1), 0, -1):
        if any(ch.isdigit() for ch in first[:k]):
            continue
        changes = sum(1 for s in seqs if _char_class(s[k - 1]) != _char_class(s[k]))
        if 2 * changes >= len(seqs):
            piece = first[:k]
            if any(ch.isalpha() or ch in "%$€£¥" for ch in piece):
                return piece[::-1] if reverse else piece
    return ""


@dataclass(frozen=True)
class ValueProfile:
    """Summary of a column's values; ``count`` is 0 for a schema-only column.

    ``shares`` maps each normalised distinct value to its share of the
    non-empty values; ``stripped`` holds, when the column has a constant
    prefix or suffix, one set of normalised distinct values per way of
    trimming it: without its first 1, 2, ... characters (a prefix) or its
    last ones (a suffix) — ``pT3a`` gives ``t3a`` and ``3a`` — and, for codes
    with separators, one set without them (``AB-12/3`` -> ``ab123``);
    ``top_shares`` the shares of the most frequent values, largest first;
    ``quantiles`` the deciles of the numeric values (empty unless numeric).
    """

    count: int
    null_ratio: float
    distinct_ratio: float
    kinds: dict[str, float]
    numeric_min: float | None
    numeric_max: float | None
    numeric_median: float | None
    mean_length: float
    mean_words: float
    distinct: frozenset[str]
    words: frozenset[str]
    shares: Mapping[str, float] = field(default_factory=dict)
    stripped: tuple[frozenset[str], ...] = ()
    top_shares: tuple[float, ...] = ()
    quantiles: tuple[float, ...] = ()

    @property
    def dominant_kind(self) -> str | None:
        """The most frequent kind, or None without values."""
        if not self.kinds:
            return None
        return max(self.kinds.items(), key=lambda kv: kv[1])[0]

    @property
    def is_numeric(self) -> bool:
        """Whether most values are numbers."""
        return self.kinds.get("integer", 0.0) + self.kinds.get("decimal", 0.0) >= 0.8


EMPTY_PROFILE = ValueProfile(0, 0.0, 0.0, {}, None, None, None, 0.0, 0.0, frozenset(), frozenset())


def profile_values(values: Sequence[str | None]) -> ValueProfile:
    """Profile a column's values (``None`` and blank strings count as nulls)."""
    total = len(values)
    if total == 0:
        return EMPTY_PROFILE
    present = [v for v in values if v is not None and v.strip(_QUOTES) != ""]
    if not present:
        return ValueProfile(
            total, 1.0, 0.0, {}, None, None, None, 0.0, 0.0, frozenset(), frozenset()
        )
    counts: Counter[str] = Counter()
    raw_distinct: dict[str, None] = {}
    for value, count in Counter(present).items():
        key = normalise_value(value)
        if key in counts or len(counts) < DISTINCT_CAP:
            counts[key] += count
            raw_distinct.setdefault(value.strip(_QUOTES), None)
    sample = _spread_sample(present, PROFILE_SAMPLE)
    kind_counts: Counter[str] = Counter()
    numbers: list[float] = []
    lengths: list[int] = []
    word_counts: list[int] = []
    words: set[str] = set()
    for value, repeat in Counter(sample).items():
        kind = value_kind(value)
        kind_counts[kind] += repeat
        text = value.strip(_QUOTES)
        if kind in ("integer", "decimal", "currency"):
            number = _to_number(text)
            if number is not None:
                numbers.extend([number] * repeat)
        lengths.extend([len(text)] * repeat)
        parts = text.lower().split()
        word_counts.extend([len(parts)] * repeat)
        if kind in ("text", "country") and len(words) < 5000:
            words.update(p.strip(".,;:()") for p in parts if len(p) > 2)
    _boolean_only_when_all_boolean(kind_counts, counts)
    n = len(sample)
    counted = sum(counts.values())
    kinds = {k: c / n for k, c in kind_counts.items()}
    numeric = kinds.get("integer", 0.0) + kinds.get("decimal", 0.0) >= 0.8
    return ValueProfile(
        count=total,
        null_ratio=1.0 - len(present) / total,
        distinct_ratio=len(counts) / len(present),
        kinds=kinds,
        numeric_min=min(numbers) if numbers else None,
        numeric_max=max(numbers) if numbers else None,
        numeric_median=statistics.median(numbers) if numbers else None,
        mean_length=sum(lengths) / n,
        mean_words=sum(word_counts) / n,
        distinct=frozenset(counts),
        words=frozenset(words),
        shares=MappingProxyType({v: c / counted for v, c in counts.items()}),
        stripped=(
            _stripped_values(raw_distinct)
            if not numeric and len(raw_distinct) <= AFFIX_MAX_DISTINCT
            else ()
        ),
        top_shares=tuple(c / counted for _, c in counts.most_common(TOP_SHARES)),
        quantiles=_quantiles(numbers) if numeric else (),
    )


def _boolean_only_when_all_boolean(kind_counts: Counter[str], counts: Counter[str]) -> None:
    """One-letter values such as ``t``, ``f``, ``n`` are booleans only in a
    column whose values are all boolean words; elsewhere they are codes."""
    if kind_counts.get("boolean") and not set(counts) <= _BOOLEAN:
        kind_counts["text"] += kind_counts.pop("boolean")


def _stripped_values(raw_distinct: Iterable[str]) -> tuple[frozenset[str], ...]:
    texts = list(raw_distinct)
    prefix, suffix = constant_affixes(texts)
    prefix = prefix if len(prefix) <= AFFIX_MAX_LENGTH else ""
    suffix = suffix if len(suffix) <= AFFIX_MAX_LENGTH else ""
    trims = [(i, 0) for i in range(1, len(prefix) + 1)]
    trims += [(0, j) for j in range(1, len(suffix) + 1)]
    if prefix and suffix:
        trims.append((len(prefix), len(suffix)))
    variants = [frozenset(normalise_value(t[i : len(t) - j]) for t in texts) for i, j in trims]
    separated = sum(1 for t in texts if _CODE_SEPARATOR.search(t) and _HAS_DIGIT.search(t))
    if texts and 2 * separated >= len(texts):
        variants.append(frozenset("".join(ch for ch in t.lower() if ch.isalnum()) for t in texts))
    return tuple(variants)


def _quantiles(numbers: Sequence[float]) -> tuple[float, ...]:
    if not numbers:
        return ()
    ordered = sorted(numbers)
    last = len(ordered) - 1
    return tuple(ordered[round(i * last / (QUANTILE_POINTS - 1))] for i in range(QUANTILE_POINTS))


def _spread_sample(values: Sequence[str], size: int) -> list[str]:
    if len(values) <= size:
        return list(values)
    step = len(values) / size
    return [values[int(i * step)] for i in range(size)]


def distinct_values(values: Iterable[str | None]) -> frozenset[str]:
    """Normalised distinct non-empty values (helper for callers and tests)."""
    return frozenset(normalise_value(v) for v in values if v is not None and v.strip(_QUOTES))
