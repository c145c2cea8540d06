"""JSON parsing for :mod:`autonomos_dcl.sources.files`.

A file is either one array of objects or JSON lines (one object per line).
Nested objects are flattened into dotted column names (``address.city``) up
to :attr:`FileLimits.max_json_depth`; arrays become JSON text. A column whose
values mix kinds (numbers and text, ...) is read as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError
from autonomos_dcl.sources.file_common import FileLimits

Record = dict[str, Any]


def read_json(text: str, name: str, limits: FileLimits) -> pa.Table:
    """Parse an array of objects or JSON lines into a table."""
    located: Iterable[tuple[str, Any]]
    if text.lstrip().startswith("["):
        document = _loads(text, name, first_line=1)
        if not isinstance(document, list):
            raise InvalidSourceFileError(f"{name}: line 1: expected an array of objects")
        located = ((f"item {i}", item) for i, item in enumerate(document, start=1))
    else:
        located = _json_lines(text, name)
    rows = _flat_rows(located, name, limits)
    return _to_table(rows, name, limits)


def _loads(text: str, name: str, first_line: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        line = first_line + exc.lineno - 1
        raise InvalidSourceFileError(
            f"{name}: line {line}, column {exc.colno}: invalid JSON ({exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise InvalidSourceFileError(
            f"{name}: line {first_line}: JSON nested too deeply to read"
        ) from exc
    except ValueError as exc:  # e.g. integers with too many digits
        raise InvalidSourceFileError(f"{name}: line {first_line}: invalid JSON ({exc})") from exc


def _json_lines(text: str, name: str) -> Iterable[tuple[str, Any]]:
    """One object per line; a single object spread over several lines is one record."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    try:
        head = json.loads(lines[first])
    except (json.JSONDecodeError, RecursionError, ValueError):
        whole = _loads(text, name, first_line=1) if lines[first].lstrip().startswith("{") else None
        if isinstance(whole, dict):
            yield "line 1", whole
            return
        head = _loads(lines[first], name, first_line=first + 1)
    yield f"line {first + 1}", head
    for number, line in enumerate(lines[first + 1 :], start=first + 2):
        if line.strip():
            yield f"line {number}", _loads(line, name, first_line=number)


def _flat_rows(located: Iterable[tuple[str, Any]], name: str, limits: FileLimits) -> list[Record]:
    rows: list[Record] = []
    for where, item in located:
        if not isinstance(item, dict):
            raise InvalidSourceFileError(
                f"{name}: {where}: expected a JSON object, found {type(item).__name__}"
            )
        if len(rows) >= limits.max_rows:
            raise SourceTooLargeError(f"{name}: more than {limits.max_rows} records")
        flat: Record = {}
        _flatten(item, "", 1, flat, f"{name}: {where}", limits)
        rows.append(flat)
    if not rows:
        raise InvalidSourceFileError(f"{name}: line 1: no records")
    return rows


def _flatten(
    obj: Record, prefix: str, depth: int, out: Record, where: str, limits: FileLimits
) -> None:
    if depth > limits.max_json_depth:
        raise InvalidSourceFileError(
            f"{where}: objects nested deeper than {limits.max_json_depth} levels"
        )
    for key, value in obj.items():
        column = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            _flatten(value, column + ".", depth + 1, out, where, limits)
        elif isinstance(value, list | dict):
            if _depth(value) + depth > limits.max_json_depth:
                raise InvalidSourceFileError(
                    f"{where}: arrays nested deeper than {limits.max_json_depth} levels"
                )
            out[column] = json.dumps(value, ensure_ascii=False)
        else:
            out[column] = value


def _depth(value: Any) -> int:
    """Nesting depth of lists/objects, computed without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, list | dict):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _to_table(rows: list[Record], name: str, limits: FileLimits) -> pa.Table:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
        if len(columns) > limits.max_columns:
            raise SourceTooLargeError(f"{name}: more than {limits.max_columns} distinct fields")
    arrays = [_column([row.get(c) for row in rows]) for c in columns]
    return pa.table(arrays, names=list(columns))


def _column(values: list[Any]) -> pa.Array:
    kinds = {_kind(v) for v in values if v is not None}
    if len(kinds) <= 1:
        try:
            return pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    return pa.array([_as_text(v) for v in values], type=pa.string())


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "text"


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
