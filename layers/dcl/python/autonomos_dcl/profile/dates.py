"""Vectorised parsing of dates and timestamps written as text.

Accepted forms: ISO dates and timestamps (``T`` or space, optional seconds,
fraction and zone, which is dropped), compact ``YYYYMMDD`` (SAP), US
``MM/DD/YYYY``, European ``DD.MM.YYYY`` and ``DD/MM/YYYY``, and
``YYYY/MM/DD``. A column's slash dates are read as US or European depending
on which reading parses more of its values. Years outside 1900-2100 are
rejected so that 8-digit numbers are not mistaken for dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y%m%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
)
"""Date-only formats, as strptime codes (also used by publish)."""

_ISO_STAMP = r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$"
_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class ParsedTimes:
    """Parsed values (``timestamp[s]``, null where a value did not parse) and
    whether any parsed value has a time of day other than midnight."""

    values: pa.TimestampArray
    has_time: bool

    @property
    def parsed(self) -> int:
        """How many values parsed."""
        return len(self.values) - self.values.null_count


def parse_times(text: pa.Array) -> ParsedTimes:
    """Parse a string array with every accepted form (see the module docstring)."""
    trimmed = pc.utf8_trim_whitespace(text.cast(pa.string()))
    stamps = _iso_timestamps(trimmed)
    dates = _best_dates(trimmed)
    values = pc.coalesce(stamps, dates)
    year = pc.year(values)
    plausible = pc.and_(pc.greater_equal(year, _MIN_YEAR), pc.less_equal(year, _MAX_YEAR))
    values = pc.if_else(plausible, values, pa.scalar(None, values.type))
    midnight = pc.cast(pc.cast(values, pa.date32()), pa.timestamp("s"))
    has_time = bool(pc.any(pc.not_equal(values, midnight)).as_py() or False)
    assert isinstance(values, pa.TimestampArray)
    return ParsedTimes(values=values, has_time=has_time)


def _iso_timestamps(text: pa.Array) -> pa.Array:
    """ISO timestamps with the zone and fraction dropped, seconds added when missing."""
    normal = pc.replace_substring_regex(text, _ISO_STAMP, r"\1T\2\3")
    normal = pc.if_else(
        pc.match_substring_regex(text, _ISO_STAMP), normal, pa.scalar(None, pa.string())
    )
    with_seconds = pc.strptime(normal, format="%Y-%m-%dT%H:%M:%S", unit="s", error_is_null=True)
    without = pc.strptime(normal, format="%Y-%m-%dT%H:%M", unit="s", error_is_null=True)
    return pc.coalesce(with_seconds, without)


def _best_dates(text: pa.Array) -> pa.Array:
    """Date-only values; formats that parse more of the column are tried first."""
    parsed = [pc.strptime(text, format=f, unit="s", error_is_null=True) for f in DATE_FORMATS]
    ranked = sorted(range(len(parsed)), key=lambda i: (parsed[i].null_count, i))
    return pc.coalesce(*(parsed[i] for i in ranked))
