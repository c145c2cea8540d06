"""Column profiles of Arrow tables (vectorised; large tables are sampled)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from autonomos_dcl.models import ColumnProfile, FieldType, Scalar
from autonomos_dcl.profile.inference import infer_text_type
from autonomos_dcl.profile.patterns import has_patterns, text_pattern_shares, typed_pattern_shares
from autonomos_dcl.profile.text_values import TextValues
from autonomos_dcl.profile.types import arrow_field_type

DEFAULT_SAMPLE_ROWS = 5_000
"""Tables with more rows are profiled on a seeded random sample of this many rows."""
SAMPLE_COUNT = 5
_TEXT_LIMIT = 80


def sample_rows(table: pa.Table, max_rows: int = DEFAULT_SAMPLE_ROWS, seed: int = 0) -> pa.Table:
    """At most ``max_rows`` rows of ``table``, drawn at random (seeded) in table order."""
    if table.num_rows <= max_rows:
        return table
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(table.num_rows, size=max_rows, replace=False))
    return table.take(pa.array(picked))


def profile_table(
    table: pa.Table, *, max_rows: int = DEFAULT_SAMPLE_ROWS, seed: int = 0
) -> tuple[ColumnProfile, ...]:
    """Profile every column of ``table`` (sampling when it has more than ``max_rows`` rows)."""
    sample = sample_rows(table, max_rows, seed)
    return tuple(
        profile_column(name, sample.column(i), row_count=table.num_rows)
        for i, name in enumerate(sample.column_names)
    )


def profile_sources(
    sources: Mapping[str, Mapping[str, pa.Table]], *, max_rows: int = DEFAULT_SAMPLE_ROWS
) -> dict[tuple[str, str, str], ColumnProfile]:
    """Profiles of every column of every table: ``{(source_key, table, column): profile}``."""
    return {
        (key, table_name, profile.name): profile
        for key, tables in sources.items()
        for table_name, table in tables.items()
        for profile in profile_table(table, max_rows=max_rows)
    }


def profile_column(
    name: str, values: pa.Array | pa.ChunkedArray, *, row_count: int | None = None
) -> ColumnProfile:
    """Profile one column. ``values`` may be a sample; ``row_count`` is the full
    column's row count (default: ``len(values)``)."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    sampled = len(array)
    rows = row_count if row_count is not None else sampled
    if _is_opaque(array.type):
        return _opaque_profile(name, array, rows)
    if _is_text(array.type):
        text = TextValues(array)
        present_count = text.total
        distinct_ratio = len(text) / text.total if text.total else 0.0
        inferred = infer_text_type(text)
        shares = text_pattern_shares(text, inferred, distinct_ratio)
        low, high = _text_min_max(text, inferred)
        samples = _samples(text.values)
    else:
        present = array.drop_null()
        present_count = len(present)
        distinct = int(pc.count_distinct(present).as_py() or 0)
        distinct_ratio = distinct / present_count if present_count else 0.0
        inferred = arrow_field_type(array.type)
        shares = typed_pattern_shares(present, distinct_ratio)
        low, high = _min_max(present)
        samples = _samples(pc.unique(present.slice(0, 1000)))
    return ColumnProfile(
        name=name,
        source_type=str(array.type),
        inferred_type=inferred,
        row_count=rows,
        sampled_rows=sampled,
        null_ratio=(sampled - present_count) / sampled if sampled else 0.0,
        distinct_ratio=distinct_ratio,
        patterns=has_patterns(shares),
        pattern_shares=shares,
        min_value=low,
        max_value=high,
        samples=samples,
    )


def _is_text(dtype: pa.DataType) -> bool:
    return bool(pa.types.is_string(dtype) or pa.types.is_large_string(dtype))


def _is_opaque(dtype: pa.DataType) -> bool:
    """Nested or binary values: profiled by nulls and samples only."""
    return bool(
        pa.types.is_nested(dtype)
        or pa.types.is_binary(dtype)
        or pa.types.is_large_binary(dtype)
        or pa.types.is_fixed_size_binary(dtype)
        or pa.types.is_null(dtype)
    )


def _opaque_profile(name: str, array: pa.Array, row_count: int) -> ColumnProfile:
    present = array.drop_null()
    sampled = len(array)
    return ColumnProfile(
        name=name,
        source_type=str(array.type),
        inferred_type="string",
        row_count=row_count,
        sampled_rows=sampled,
        null_ratio=(sampled - len(present)) / sampled if sampled else 0.0,
        distinct_ratio=0.0,
        patterns=(),
        pattern_shares={},
        min_value=None,
        max_value=None,
        samples=tuple(_short(v) for v in present.slice(0, SAMPLE_COUNT).to_pylist()),
    )


def _text_min_max(text: TextValues, inferred: FieldType) -> tuple[Scalar, Scalar]:
    """Bounds of the values as read with their inferred type."""
    if len(text) == 0:
        return None, None
    if inferred in ("integer", "decimal"):
        numbers = text.numbers
        return _min_max(pc.cast(numbers, pa.int64()) if inferred == "integer" else numbers)
    if inferred in ("date", "timestamp") and text.times is not None:
        times = text.times.values
        return _min_max(pc.cast(times, pa.date32()) if inferred == "date" else times)
    if inferred == "boolean":
        return None, None
    return _min_max(text.values)


def _min_max(values: pa.Array) -> tuple[Scalar, Scalar]:
    if len(values) == 0:
        return None, None
    if pa.types.is_boolean(values.type):
        values = pc.cast(values, pa.int8())
    bounds = pc.min_max(values)
    return _scalar(bounds["min"].as_py()), _scalar(bounds["max"].as_py())


def _scalar(value: Any) -> Scalar:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return _short(value)


def _samples(distinct: pa.Array) -> tuple[str, ...]:
    return tuple(_short(v) for v in distinct.slice(0, SAMPLE_COUNT).to_pylist())


def _short(value: Any) -> str:
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"
