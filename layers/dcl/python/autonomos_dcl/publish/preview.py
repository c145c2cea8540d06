"""Row previews of any table of a published version, as JSON-ready values."""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from autonomos_dcl.errors import UnknownViewError
from autonomos_dcl.publish.connection import open_readonly, table_names
from autonomos_dcl.publish.naming import entity_table_name, quote_ident

MAX_PREVIEW_ROWS = 1000
DEFAULT_PREVIEW_ROWS = 50


def read_preview(
    db_path: Path, view: str, limit: int = DEFAULT_PREVIEW_ROWS
) -> dict[str, list[Any]]:
    """The first ``limit`` rows (clamped to 1..:data:`MAX_PREVIEW_ROWS`) of ``view``:
    ``{"columns": [names], "rows": [[values]]}``.

    ``view`` must be a table of the file (``src_...``, ``entity_...``,
    ``_lineage``, ...) or an entity name (``account`` -> ``entity_account``);
    anything else raises :class:`UnknownViewError` (404). Dates and times
    are ISO text, decimals floats, non-finite floats null.
    """
    rows_wanted = max(1, min(int(limit), MAX_PREVIEW_ROWS))
    with open_readonly(db_path) as connection:
        available = table_names(connection)
        name = _resolve(view, available)
        result = connection.execute(f"SELECT * FROM {quote_ident(name)} LIMIT {rows_wanted}")
        columns = [str(d[0]) for d in result.description or []]
        rows = [[json_value(v) for v in row] for row in result.fetchall()]
    return {"columns": columns, "rows": rows}


def _resolve(view: str, available: list[str]) -> str:
    if view in available:
        return view
    alias = entity_table_name(view)
    if alias in available:
        return alias
    raise UnknownViewError(f"unknown view {view!r}")


def json_value(value: Any) -> Any:
    """A DuckDB value as a JSON-ready value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)
