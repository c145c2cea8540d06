"""Parquet reading for :mod:`autonomos_dcl.sources.files`.

The footer is checked against the limits before any data is read; struct
columns are flattened into dotted names.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError
from autonomos_dcl.sources.file_common import FileLimits, check_shape

_MAX_EXPANSION = 10
"""Uncompressed data may be at most this many times the file size limit."""


def read_parquet(data: bytes, name: str, limits: FileLimits) -> pa.Table:
    """Read a Parquet file held in memory."""
    try:
        handle = pq.ParquetFile(io.BytesIO(data))
        meta = handle.metadata
        check_shape(meta.num_rows, meta.num_columns, name, limits)
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if unpacked > _MAX_EXPANSION * limits.max_bytes:
            raise SourceTooLargeError(
                f"{name}: {unpacked} bytes uncompressed is over the limit of "
                f"{_MAX_EXPANSION * limits.max_bytes} bytes"
            )
        table = handle.read()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        raise InvalidSourceFileError(f"{name}: not a readable Parquet file ({exc})") from exc
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()
    return table
