"""SQL expressions that turn one source column into one unified field.

:func:`column_expression` builds a DuckDB expression from the source
column's type, the target field and the mapping's transform; conversions use
``TRY_CAST``/``try_strptime`` so one bad value becomes NULL instead of
failing the build. Each expression carries a label of the steps it applies
(``trim+lower``, ``parse_date``, ``currency+ratio_to_percent``, ...) for
the lineage.

Transforms (``FieldMapping.transform``):

- ``None``/``auto``: chosen from the types and :class:`ColumnFacts`: text is
  trimmed (blank -> NULL) and e-mail columns lower-cased; text numbers lose
  currency marks, thousands separators and ``%``; text dates parse ISO,
  ``YYYYMMDD``, ``MM/DD/YYYY`` or ``DD/MM/YYYY`` (whichever fits the column
  better), ``DD.MM.YYYY`` and ``YYYY/MM/DD``; integer dates are ``YYYYMMDD``
  or epoch seconds/milliseconds; a 0-1 column feeding a ``percent`` field is
  scaled to 0-100.
- ``cast``: a plain ``TRY_CAST`` to the field type, nothing else.
- ``trim``, ``lower``, ``upper``: for text fields (other fields: as auto).
- ``parse_date``, ``currency``: as auto (named for explicit mappings).
- ``ratio_to_percent`` (x100), ``percent_to_ratio`` (/100): forced scaling of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from autonomos_dcl.models import EntityField, FieldType
from autonomos_dcl.publish.naming import SQL_TYPES, quote_literal

TRANSFORMS: tuple[str, ...] = (
    "auto", "cast", "trim", "lower", "upper", "parse_date", "currency", "ratio_to_percent",
    "percent_to_ratio",
)  # fmt: skip

_NUMBER_NOISE = r"[$€£¥,%()]|USD|EUR|GBP|JPY|CHF"
_EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
_MONTH_FIRST = ("%Y%m%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
_DAY_FIRST = ("%Y%m%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d")
_TRUE_WORDS = "('true', 't', 'yes', 'y', '1')"
_FALSE_WORDS = "('false', 'f', 'no', 'n', '0')"
_EMAIL_SHARE = 0.9
_COMPACT_DATES = (19_000_101, 21_001_231)
_EPOCH_MS_ABOVE = 1e11
_NUMERIC: tuple[FieldType, ...] = ("integer", "decimal")
_TEMPORAL: tuple[FieldType, ...] = ("date", "timestamp")


@dataclass(frozen=True)
class ColumnFacts:
    """Whole-column measurements that some conversions depend on."""

    minimum: float | None = None
    maximum: float | None = None
    email_share: float = 0.0
    day_first: bool = False


@dataclass(frozen=True)
class Expression:
    """A SQL expression and the label of the steps it applies."""

    sql: str
    transform: str


@dataclass(frozen=True)
class FactQueries:
    """Aggregates to run over a source column before building its expression."""

    email: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    day_first: str | None = None

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in vars(self).items() if v is not None]


def _text(column: str) -> str:
    return f"NULLIF(TRIM(CAST({column} AS VARCHAR)), '')"


def _number(column: str) -> str:
    text = f"TRIM(CAST({column} AS VARCHAR))"
    bare = f"regexp_replace({text}, {quote_literal(_NUMBER_NOISE)}, '', 'g')"
    sign = f"(CASE WHEN regexp_matches({text}, '^\\(.*\\)$') THEN -1 ELSE 1 END)"
    parsed = f"({sign} * TRY_CAST(NULLIF(TRIM({bare}), '') AS DOUBLE))"
    return f"COALESCE(TRY_CAST({text} AS DOUBLE), {parsed})"


def _parsed_time(column: str, day_first: bool) -> str:
    text = _text(column)
    formats = ", ".join(quote_literal(f) for f in (_DAY_FIRST if day_first else _MONTH_FIRST))
    return f"COALESCE(TRY_CAST({text} AS TIMESTAMP), try_strptime({text}, [{formats}]))"


def fact_queries(
    column: str, source: FieldType, target: EntityField, transform: str | None
) -> FactQueries:
    """The aggregates :func:`column_expression` needs for this column (may be none)."""
    chosen = transform or "auto"
    if chosen == "cast":
        return FactQueries()
    if target.type == "string" and source == "string" and chosen == "auto":
        text = _text(column)
        return FactQueries(
            email=f"avg(CASE WHEN {text} IS NULL THEN NULL WHEN regexp_full_match({text}, "
            f"{quote_literal(_EMAIL)}) THEN 1.0 ELSE 0.0 END)"
        )
    if target.type in _NUMERIC and target.unit == "percent" and chosen == "auto":
        value = _number(column) if source == "string" else f"TRY_CAST({column} AS DOUBLE)"
        return FactQueries(minimum=f"min({value})", maximum=f"max({value})")
    if target.type in _TEMPORAL and source in _NUMERIC:
        value = f"TRY_CAST({column} AS DOUBLE)"
        return FactQueries(minimum=f"min({value})", maximum=f"max({value})")
    if target.type in _TEMPORAL and source == "string":
        text = _text(column)
        return FactQueries(
            day_first=f"count(try_strptime({text}, '%d/%m/%Y')) > "
            f"count(try_strptime({text}, '%m/%d/%Y'))"
        )
    return FactQueries()


def column_expression(
    column: str,
    source: FieldType,
    target: EntityField,
    transform: str | None = None,
    facts: ColumnFacts | None = None,
) -> Expression:
    """The expression giving ``target`` from the quoted source ``column`` of type ``source``."""
    chosen = transform or "auto"
    facts = facts or ColumnFacts()
    sql_type = SQL_TYPES[target.type]
    if chosen == "cast":
        return Expression(f"TRY_CAST({column} AS {sql_type})", "cast")
    if target.type == "string":
        return _to_text(column, source, chosen, facts)
    if target.type in _NUMERIC:
        return _to_number(column, source, target, chosen, facts)
    if target.type in _TEMPORAL:
        return _to_time(column, source, sql_type, facts)
    return _to_boolean(column, source)


def _to_text(column: str, source: FieldType, chosen: str, facts: ColumnFacts) -> Expression:
    if source != "string":
        return Expression(f"CAST({column} AS VARCHAR)", "cast")
    text = _text(column)
    if chosen == "lower" or (chosen == "auto" and facts.email_share >= _EMAIL_SHARE):
        return Expression(f"lower({text})", "trim+lower")
    if chosen == "upper":
        return Expression(f"upper({text})", "trim+upper")
    return Expression(text, "trim")


def _to_number(
    column: str, source: FieldType, target: EntityField, chosen: str, facts: ColumnFacts
) -> Expression:
    steps: list[str] = []
    if source in _NUMERIC:
        value = f"CAST({column} AS DOUBLE)"
    elif source == "boolean":
        value, steps = f"CAST(CAST({column} AS INTEGER) AS DOUBLE)", ["cast"]
    elif source == "string":
        value, steps = _number(column), ["currency"]
    else:
        return Expression(f"CAST(NULL AS {SQL_TYPES[target.type]})", "incompatible")
    scale_up = chosen == "ratio_to_percent" or (
        chosen == "auto"
        and target.unit == "percent"
        and facts.maximum is not None
        and facts.maximum <= 1.0
        and (facts.minimum or 0.0) >= 0.0
    )
    if scale_up:
        value, steps = f"({value} * 100.0)", [*steps, "ratio_to_percent"]
    elif chosen == "percent_to_ratio":
        value, steps = f"({value} / 100.0)", [*steps, "percent_to_ratio"]
    if target.type == "integer":
        if source == "integer" and not steps:
            return Expression(f"TRY_CAST({column} AS BIGINT)", "cast")
        return Expression(f"TRY_CAST(round({value}) AS BIGINT)", "+".join(steps or ["round"]))
    return Expression(value, "+".join(steps) or "cast")


def _to_time(column: str, source: FieldType, sql_type: str, facts: ColumnFacts) -> Expression:
    if source in _TEMPORAL:
        return Expression(f"CAST({column} AS {sql_type})", "cast")
    if source == "string":
        return Expression(
            f"CAST({_parsed_time(column, facts.day_first)} AS {sql_type})", "parse_date"
        )
    if source in _NUMERIC and facts.minimum is not None and facts.maximum is not None:
        low, high = _COMPACT_DATES
        if low <= facts.minimum and facts.maximum <= high:
            text = f"CAST(CAST({column} AS BIGINT) AS VARCHAR)"
            return Expression(f"CAST(try_strptime({text}, '%Y%m%d') AS {sql_type})", "yyyymmdd")
        if facts.maximum > _EPOCH_MS_ABOVE:
            return Expression(f"CAST(epoch_ms(CAST({column} AS BIGINT)) AS {sql_type})", "epoch_ms")
        return Expression(
            f"CAST(epoch_ms(CAST({column} * 1000 AS BIGINT)) AS {sql_type})", "epoch_seconds"
        )
    return Expression(f"CAST(NULL AS {sql_type})", "incompatible")


def _to_boolean(column: str, source: FieldType) -> Expression:
    if source == "boolean":
        return Expression(column, "cast")
    if source in _NUMERIC:
        return Expression(f"({column} <> 0)", "nonzero")
    if source == "string":
        word = f"lower({_text(column)})"
        return Expression(
            f"(CASE WHEN {word} IN {_TRUE_WORDS} THEN TRUE "
            f"WHEN {word} IN {_FALSE_WORDS} THEN FALSE END)",
            "parse_boolean",
        )
    return Expression("CAST(NULL AS BOOLEAN)", "incompatible")
