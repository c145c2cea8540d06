"""Parquet reading for :mod:`autonomos_dcl.sources.files`.

The footer is checked against the limits before any data is read. Data is then read in
small batches with text columns kept dictionary-encoded, and the size each batch would
have once decoded is counted before anything is decoded: a small file whose few distinct
values repeat a million times (a decompression bomb the footer's sizes do not show) stops
with :class:`SourceTooLargeError` instead of filling the memory. Struct columns are
flattened into dotted names.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError
from autonomos_dcl.sources.file_common import FileLimits, check_shape

_MAX_EXPANSION = 10
"""Uncompressed data may be at most this many times the file size limit."""
_BATCH_ROWS = 4096


def read_parquet(data: bytes, name: str, limits: FileLimits) -> pa.Table:
    """Read a Parquet file held in memory."""
    budget = _MAX_EXPANSION * limits.max_bytes
    try:
        meta = pq.ParquetFile(io.BytesIO(data)).metadata
        check_shape(meta.num_rows, meta.num_columns, name, limits)
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if unpacked > budget:
            raise _too_big(name, unpacked, budget)
        table = _read_bounded(data, name, budget)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        raise InvalidSourceFileError(f"{name}: not a readable Parquet file ({exc})") from exc
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()
    return table


def _too_big(name: str, size: int, budget: int) -> SourceTooLargeError:
    return SourceTooLargeError(
        f"{name}: {size} bytes uncompressed is over the limit of {budget} bytes"
    )


def _read_bounded(data: bytes, name: str, budget: int) -> pa.Table:
    schema = pq.ParquetFile(io.BytesIO(data)).schema_arrow
    text = [f.name for f in schema if _is_text(f.type)]
    handle = pq.ParquetFile(io.BytesIO(data), read_dictionary=text)
    batches: list[pa.RecordBatch] = []
    used = 0
    for batch in handle.iter_batches(batch_size=_BATCH_ROWS):
        used += sum(_decoded_bytes(column) for column in batch.columns)
        if used > budget:
            raise _too_big(name, used, budget)
        batches.append(batch)
    if not batches:
        return handle.read()
    table = pa.Table.from_batches(batches)
    return pa.table([_decoded(column) for column in table.columns], names=table.column_names)


def _is_text(kind: pa.DataType) -> bool:
    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_binary(kind)
        or pa.types.is_large_binary(kind)
    )


def _decoded_bytes(column: pa.Array) -> int:
    """Bytes ``column`` takes once dictionary-decoded, computed without decoding."""
    if not pa.types.is_dictionary(column.type):
        return int(column.nbytes)
    lengths = pc.binary_length(column.dictionary).take(column.indices)
    return int(pc.sum(lengths).as_py() or 0) + 8 * len(column)


def _decoded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if not pa.types.is_dictionary(column.type):
        return column
    value_type = column.type.value_type
    return pa.chunked_array([c.dictionary_decode() for c in column.chunks], type=value_type)
