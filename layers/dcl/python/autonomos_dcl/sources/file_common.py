"""Limits and helpers shared by the file readers (CSV, JSON, Parquet)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError

_MAX_NAME_CHARS = 128
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FileLimits:
    """Limits on one uploaded file."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 500
    max_json_depth: int = 16
    max_line_bytes: int = 1024 * 1024


DEFAULT_LIMITS = FileLimits()


def utf8_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (dropping a byte-order mark); the error names the line of the first bad byte."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidSourceFileError(
            f"{name}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start}); save the file as UTF-8"
        ) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InvalidSourceFileError(f"{name}: line {line}: contains NUL bytes (a binary file?)")
    return text


def check_shape(rows: int, columns: int, name: str, limits: FileLimits) -> None:
    """Raise :class:`SourceTooLargeError` when over the row or column limit."""
    if columns > limits.max_columns:
        raise SourceTooLargeError(
            f"{name}: {columns} columns is over the limit of {limits.max_columns}"
        )
    if rows > limits.max_rows:
        raise SourceTooLargeError(f"{name}: {rows} rows is over the limit of {limits.max_rows}")


def unique_names(names: Sequence[str]) -> list[str]:
    """Trimmed names; blank ones become ``column_<n>``; case-insensitive duplicates get ``_<k>``."""
    seen: set[str] = set()
    out: list[str] = []
    for position, raw in enumerate(names, start=1):
        base = re.sub(r"\s+", " ", str(raw)).strip()[:_MAX_NAME_CHARS] or f"column_{position}"
        name, suffix = base, 2
        while name.lower() in seen:
            name, suffix = f"{base}_{suffix}", suffix + 1
        seen.add(name.lower())
        out.append(name)
    return out
