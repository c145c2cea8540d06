"""CSV parsing for :mod:`autonomos_dcl.sources.files` (all columns read as text)."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.csv as pcsv

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError
from autonomos_dcl.sources.file_common import FileLimits, unique_names

_DELIMITERS = (",", ";", "\t", "|")


def read_csv(text: str, name: str, limits: FileLimits, *, tab_separated: bool) -> pa.Table:
    """Parse CSV text: header line first, delimiter sniffed from it (``,`` ``;`` tab ``|``)."""
    header_line = _first_line(text, name, limits)
    delimiter = "\t" if tab_separated else _sniff_delimiter(header_line)
    header = _parse_header(header_line, delimiter, name, limits)
    names = unique_names(header)
    read = pcsv.ReadOptions(
        column_names=names,
        skip_rows=1,
        block_size=max(limits.max_line_bytes, 1 << 16),
        use_threads=True,
    )
    parse = pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    convert = pcsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    try:
        return pcsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=read,
            parse_options=parse,
            convert_options=convert,
        )
    except pa.ArrowInvalid as exc:
        raise _located_error(text, delimiter, len(names), name, str(exc), limits) from exc


def _first_line(text: str, name: str, limits: FileLimits) -> str:
    end = text.find("\n", 0, limits.max_line_bytes + 1)
    if end < 0:
        if len(text) > limits.max_line_bytes:
            raise SourceTooLargeError(
                f"{name}: line 1: the header line is longer than {limits.max_line_bytes} bytes"
            )
        end = len(text)
    return text[:end].rstrip("\r")


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _parse_header(line: str, delimiter: str, name: str, limits: FileLimits) -> list[str]:
    if line.count(delimiter) + 1 > limits.max_columns:
        raise SourceTooLargeError(
            f"{name}: line 1: {line.count(delimiter) + 1} columns is over the limit "
            f"of {limits.max_columns}"
        )
    try:
        header = next(csv.reader([line], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration) as exc:
        raise InvalidSourceFileError(f"{name}: line 1: unreadable header ({exc})") from exc
    if not any(h.strip() for h in header):
        raise InvalidSourceFileError(f"{name}: line 1: the header row is empty")
    return header


def _located_error(
    text: str, delimiter: str, width: int, name: str, arrow_message: str, limits: FileLimits
) -> InvalidSourceFileError:
    """Find the first bad line with the standard csv module (slow path, errors only)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            if reader.line_num > 1 and row and len(row) != width:
                return InvalidSourceFileError(
                    f"{name}: line {reader.line_num}: expected {width} fields, found {len(row)}"
                )
    except csv.Error as exc:
        return InvalidSourceFileError(f"{name}: line {reader.line_num}: {exc}")
    detail = arrow_message.replace("CSV parse error: ", "")
    if "straddling" in detail:
        detail = f"a row is longer than the limit of {limits.max_line_bytes} bytes"
    return InvalidSourceFileError(f"{name}: {detail}")
