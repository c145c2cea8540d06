"""Parquet decompression bombs: repeated dictionary values stop at the expansion limit
(413 naming the file) before they are decoded; ordinary files still read."""

import io
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from autonomos_dcl.errors import SourceTooLargeError
from autonomos_dcl.sources.files import FileLimits, read_file


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def test_repeated_long_text_is_refused_before_decoding() -> None:
    rows = 900_000
    indices = pa.array(np.zeros(rows, dtype=np.int32))
    bomb = pa.table({"v": pa.DictionaryArray.from_arrays(indices, pa.array(["a" * 1000]))})
    data = _parquet(bomb)
    assert len(data) < 200_000  # ~900 MB once decoded
    started = time.monotonic()
    with pytest.raises(SourceTooLargeError, match=r"^bomb\.parquet: .* over the limit"):
        read_file(data, "bomb.parquet", limits=FileLimits(max_bytes=1_000_000))
    assert time.monotonic() - started < 10


def test_text_columns_come_back_plain() -> None:
    table = pa.table({"city": ["Oslo", "Rome", "Oslo"], "n": [1, 2, 3]})
    read = read_file(_parquet(table), "cities.parquet")
    assert read.column("city").to_pylist() == ["Oslo", "Rome", "Oslo"]
    assert not pa.types.is_dictionary(read.schema.field("city").type)
