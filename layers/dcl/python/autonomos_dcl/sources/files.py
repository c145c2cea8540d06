"""Uploaded tenant files (CSV, Parquet, JSON) into Arrow tables.

``read_file(data_or_path, filename)`` reads one file into one table, within
:class:`FileLimits`. Every problem is a typed error whose message starts with
the file name and, where it applies, the line: malformed content and
non-UTF-8 text raise :class:`InvalidSourceFileError` (400); files over a
size, row or column limit raise :class:`SourceTooLargeError` (413).

Text files must be UTF-8 (a byte-order mark is accepted). Column names are
trimmed, blank ones become ``column_<n>`` and duplicates (ignoring case) get
a ``_2``, ``_3``... suffix. Text columns whose every value converts exactly
become integer, decimal, boolean, date or timestamp columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Literal

import pyarrow as pa

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError
from autonomos_dcl.profile.inference import coerce_text_column
from autonomos_dcl.sources.file_common import (
    DEFAULT_LIMITS,
    FileLimits,
    check_shape,
    unique_names,
    utf8_text,
)
from autonomos_dcl.sources.file_csv import read_csv
from autonomos_dcl.sources.file_json import read_json
from autonomos_dcl.sources.file_parquet import read_parquet

__all__ = ["DEFAULT_LIMITS", "FileFormat", "FileLimits", "detect_format", "read_file", "read_files"]

FileFormat = Literal["csv", "parquet", "json"]

_EXTENSIONS: dict[str, FileFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}


def detect_format(filename: str) -> FileFormat:
    """The format named by the file extension; :class:`InvalidSourceFileError` otherwise."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in _EXTENSIONS:
        raise InvalidSourceFileError(
            f"{filename}: unsupported file type {suffix or '(none)'!r}; "
            "expected .csv, .tsv, .parquet or .json/.jsonl"
        )
    return _EXTENSIONS[suffix]


def read_file(
    source: bytes | Path,
    filename: str | None = None,
    *,
    file_format: FileFormat | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
) -> pa.Table:
    """Read one CSV, Parquet or JSON file (bytes or a path) into an Arrow table.

    ``filename`` names the file in error messages and gives the format by its
    extension (default: the path's name); ``file_format`` overrides it.
    """
    name = filename or (source.name if isinstance(source, Path) else "upload")
    data = _load(source, name, limits)
    kind = file_format or detect_format(name)
    if kind == "parquet":
        table = read_parquet(data, name, limits)
    elif kind == "csv":
        tab_separated = name.lower().endswith(".tsv")
        table = read_csv(utf8_text(data, name), name, limits, tab_separated=tab_separated)
    else:
        table = read_json(utf8_text(data, name), name, limits)
    check_shape(table.num_rows, table.num_columns, name, limits)
    return coerce_table(table.rename_columns(unique_names(table.column_names)))


def read_files(
    files: Mapping[str, bytes], *, limits: FileLimits = DEFAULT_LIMITS
) -> dict[str, pa.Table]:
    """Read several uploads: ``{file name: bytes}`` -> ``{table name: table}``.

    The table name is the file name without its extension, made unique.
    """
    names = unique_names([PurePath(f).stem for f in files])
    return {
        table: read_file(data, filename, limits=limits)
        for table, (filename, data) in zip(names, files.items(), strict=True)
    }


def _load(source: bytes | Path, name: str, limits: FileLimits) -> bytes:
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
            if size > limits.max_bytes:
                raise _too_big(name, size, limits)
            with source.open("rb") as handle:
                data = handle.read(limits.max_bytes + 1)
        except OSError as exc:
            raise InvalidSourceFileError(f"{name}: cannot be read ({exc.strerror})") from exc
    else:
        data = bytes(source)
    if len(data) > limits.max_bytes:
        raise _too_big(name, len(data), limits)
    if not data.strip():
        raise InvalidSourceFileError(f"{name}: the file is empty")
    return data


def _too_big(name: str, size: int, limits: FileLimits) -> SourceTooLargeError:
    return SourceTooLargeError(
        f"{name}: {size} bytes is over the limit of {limits.max_bytes} bytes"
    )


def coerce_table(table: pa.Table) -> pa.Table:
    """Give text columns a typed Arrow type where every value converts exactly."""
    columns = [
        coerce_text_column(column.combine_chunks()) if pa.types.is_string(column.type) else column
        for column in table.columns
    ]
    return pa.table(columns, names=table.column_names)
