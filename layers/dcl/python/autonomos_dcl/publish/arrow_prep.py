"""Arrow tables made safe to load into DuckDB.

- column names that DuckDB would see as duplicates (it ignores case) or
  that are empty get a suffix / a ``column_<n>`` name;
- dictionary columns are decoded, time-zone-aware timestamps become naive
  UTC, extension types (e.g. UUID) and null-typed columns become text.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc


def prepare_table(table: pa.Table) -> tuple[pa.Table, list[str]]:
    """The table to load and the name each original column has in it (same order)."""
    names = distinct_names(table.column_names)
    columns = [_prepare_column(column) for column in table.columns]
    return pa.table(columns, names=names), names


def distinct_names(names: list[str]) -> list[str]:
    """Names unique regardless of case; the first occurrence keeps its name."""
    seen: set[str] = set()
    out: list[str] = []
    for position, name in enumerate(names, start=1):
        base = name if name.strip() else f"column_{position}"
        candidate, suffix = base, 2
        while candidate.lower() in seen:
            candidate, suffix = f"{base}_{suffix}", suffix + 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def _prepare_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    dtype = column.type
    if isinstance(dtype, pa.BaseExtensionType):
        if dtype.extension_name == "arrow.uuid":
            text = [None if v is None else str(v) for v in column.to_pylist()]
            return pa.chunked_array([pa.array(text, pa.string())])
        return _prepare_column(column.cast(dtype.storage_type))
    if pa.types.is_dictionary(dtype):
        return _prepare_column(pc.cast(column, dtype.value_type))
    if pa.types.is_timestamp(dtype) and dtype.tz is not None:
        return column.cast(pa.timestamp(dtype.unit))
    if pa.types.is_null(dtype):
        return column.cast(pa.string())
    return column
