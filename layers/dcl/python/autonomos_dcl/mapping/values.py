"""Value profiles of a column and the similarity of two profiles.

A profile summarises at most ``PROFILE_SAMPLE`` non-empty values: the share
of each value kind (integer, decimal, date, e-mail, URL, phone, currency,
boolean, id-like code, country, free text), numeric range, text lengths,
distinct ratio, and the set of normalised distinct values (for overlap).
Pure functions; nothing here reads files.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PROFILE_SAMPLE = 2000
DISTINCT_CAP = 20000

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
_COUNTRIES = frozenset(
    [
        "us",
        "usa",
        "gb",
        "uk",
        "de",
        "fr",
        "es",
        "it",
        "nl",
        "be",
        "ch",
        "at",
        "se",
        "no",
        "dk",
        "fi",
        "ie",
        "pt",
        "pl",
        "cz",
        "hu",
        "ro",
        "gr",
        "tr",
        "ru",
        "ua",
        "cn",
        "jp",
        "kr",
        "in",
        "au",
        "nz",
        "ca",
        "mx",
        "br",
        "ar",
        "cl",
        "co",
        "pe",
        "za",
        "ng",
        "eg",
        "ke",
        "ma",
        "sg",
        "my",
        "th",
        "vn",
        "id",
        "ph",
        "il",
        "ae",
        "sa",
        "qa",
        "deu",
        "fra",
        "esp",
        "ita",
        "nld",
        "bel",
        "che",
        "aut",
        "swe",
        "nor",
        "dnk",
        "fin",
        "irl",
        "prt",
        "pol",
        "cze",
        "hun",
        "rou",
        "grc",
        "tur",
        "rus",
        "ukr",
        "chn",
        "jpn",
        "kor",
        "ind",
        "aus",
        "nzl",
        "can",
        "mex",
        "bra",
        "arg",
        "chl",
        "col",
        "per",
        "zaf",
        "nga",
        "egy",
        "sgp",
        "are",
        "sau",
    ]
) | frozenset(
    {
        "united states",
        "united kingdom",
        "germany",
        "france",
        "spain",
        "italy",
        "netherlands",
        "belgium",
        "switzerland",
        "austria",
        "sweden",
        "norway",
        "denmark",
        "finland",
        "ireland",
        "portugal",
        "poland",
        "canada",
        "mexico",
        "brazil",
        "argentina",
        "china",
        "japan",
        "india",
        "australia",
        "south africa",
        "singapore",
        "israel",
        "turkey",
        "russia",
    }
)


def normalise_value(value: str) -> str:
    """Canonical text of a value for overlap: trimmed of quotes, lower-case,
    single spaces; numbers in one form (``4.0`` -> ``4``)."""
    text = " ".join(value.strip(_QUOTES).lower().split())
    if _DECIMAL.match(text) or _INTEGER.match(text):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text
        if math.isfinite(number):
            return repr(int(number)) if number == int(number) else repr(number)
    return text


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
    if lower in _COUNTRIES:
        return "country"
    if _CODE.match(text):
        return "code"
    return "text"


@dataclass(frozen=True)
class ValueProfile:
    """Summary of a column's values; ``count`` is 0 for a schema-only column."""

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
    distinct: set[str] = set()
    for value in present:
        if len(distinct) >= DISTINCT_CAP:
            break
        distinct.add(normalise_value(value))
    sample = _spread_sample(present, PROFILE_SAMPLE)
    kind_counts: dict[str, int] = {}
    numbers: list[float] = []
    lengths: list[int] = []
    word_counts: list[int] = []
    words: set[str] = set()
    for value in sample:
        kind = value_kind(value)
        kind_counts[kind] = kind_counts.get(kind, 0) + 1
        if kind in ("integer", "decimal", "currency"):
            number = _to_number(value.strip(_QUOTES))
            if number is not None:
                numbers.append(number)
        text = value.strip(_QUOTES)
        lengths.append(len(text))
        parts = text.lower().split()
        word_counts.append(len(parts))
        if kind in ("text", "country") and len(words) < 5000:
            words.update(p.strip(".,;:()") for p in parts if len(p) > 2)
    n = len(sample)
    return ValueProfile(
        count=total,
        null_ratio=1.0 - len(present) / total,
        distinct_ratio=len(distinct) / len(present),
        kinds={k: c / n for k, c in kind_counts.items()},
        numeric_min=min(numbers) if numbers else None,
        numeric_max=max(numbers) if numbers else None,
        numeric_median=statistics.median(numbers) if numbers else None,
        mean_length=sum(lengths) / n,
        mean_words=sum(word_counts) / n,
        distinct=frozenset(distinct),
        words=frozenset(words),
    )


def _spread_sample(values: Sequence[str], size: int) -> list[str]:
    if len(values) <= size:
        return list(values)
    step = len(values) / size
    return [values[int(i * step)] for i in range(size)]


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
    """How alike two numeric columns' ranges and medians are (None unless both are numeric)."""
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
    return 0.5 * range_overlap + 0.5 * magnitude


def _magnitude_similarity(x: float, y: float) -> float:
    lx = math.log10(abs(x) + 1.0)
    ly = math.log10(abs(y) + 1.0)
    return max(0.0, 1.0 - abs(lx - ly) / 2.0)


def profile_similarity(a: ValueProfile, b: ValueProfile) -> float:
    """Compatibility of two value profiles in [0, 1] (kinds, lengths, numbers)."""
    kinds = kind_similarity(a, b)
    length = _ratio(a.mean_length, b.mean_length) if a.mean_length and b.mean_length else 0.5
    numeric = numeric_similarity(a, b)
    if numeric is not None:
        return 0.5 * kinds + 0.15 * length + 0.35 * numeric
    return 0.7 * kinds + 0.3 * length


def value_overlap(a: ValueProfile, b: ValueProfile) -> float:
    """Overlap of the distinct normalised values, in [0, 1].

    Containment over the smaller set, damped when only a few values are shared
    (two shared values prove less than fifty), plus a smaller credit for shared
    words of free-text values.
    """
    if not a.distinct or not b.distinct:
        return 0.0
    small, large = (
        (a.distinct, b.distinct) if len(a.distinct) <= len(b.distinct) else (b.distinct, a.distinct)
    )
    shared = sum(1 for v in small if v in large)
    exact = 0.0
    if shared:
        containment = shared / len(small)
        damping = shared / (shared + 1.0)
        exact = containment * damping
        if a.is_numeric and b.is_numeric:
            exact *= 0.6
    word = 0.0
    if a.words and b.words:
        ws, wl = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
        shared_words = sum(1 for w in ws if w in wl)
        if shared_words:
            word = 0.6 * (shared_words / len(ws)) * (shared_words / (shared_words + 2.0))
    return max(exact, word)


def distinct_values(values: Iterable[str | None]) -> frozenset[str]:
    """Normalised distinct non-empty values (helper for callers and tests)."""
    return frozenset(normalise_value(v) for v in values if v is not None and v.strip(_QUOTES))
