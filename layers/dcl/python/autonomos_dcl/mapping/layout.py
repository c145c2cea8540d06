"""Reading tables in the schema-matching benchmark layout (the only module of
this package that touches files; the CLI and the benchmark use it).

- instance data: a folder of ``<table>.csv`` files (header row, values as text);
- schema only: a ``*_schema.csv`` file with columns
  ``table,column,qualified,type,column_description,table_description``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from autonomos_dcl.errors import MatchInputError
from autonomos_dcl.mapping.types import ColumnSample, TableSample

SCHEMA_HEADER = ("table", "column")
DEFAULT_MAX_ROWS = 20000

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class LayoutError(MatchInputError):
    """A path does not hold tables in the expected layout."""


def _is_schema_file(path: Path) -> bool:
    if not path.name.endswith(".csv"):
        return False
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    return tuple(h.strip().lower() for h in header[:2]) == SCHEMA_HEADER and "type" in header


def read_schema_file(path: Path) -> list[TableSample]:
    """Tables (columns with types and descriptions, no values) from a schema CSV."""
    columns: dict[str, list[ColumnSample]] = {}
    table_descriptions: dict[str, str | None] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            table = (row.get("table") or "").strip()
            column = (row.get("column") or "").strip()
            if not table or not column:
                raise LayoutError(f"{path}: a row lacks its table or column name")
            columns.setdefault(table, []).append(
                ColumnSample(
                    name=column,
                    type=(row.get("type") or None),
                    description=(row.get("column_description") or None),
                )
            )
            table_descriptions.setdefault(table, row.get("table_description") or None)
    return [TableSample(t, cols, table_descriptions.get(t)) for t, cols in columns.items()]


def read_instance_file(path: Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> TableSample:
    """One table from a CSV with a header row; empty strings become None."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise LayoutError(f"{path}: the file is empty")
        values: list[list[str | None]] = [[] for _ in header]
        for count, row in enumerate(reader):
            if count >= max_rows:
                break
            for i in range(len(header)):
                cell = row[i] if i < len(row) else ""
                values[i].append(cell if cell != "" else None)
    return TableSample(
        path.stem,
        [ColumnSample(name, tuple(vals)) for name, vals in zip(header, values, strict=True)],
    )


def load_tables(path: str | Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> list[TableSample]:
    """Tables at ``path``: a schema CSV file, an instance CSV file, or a folder of
    CSV files (each a table, or schema CSVs)."""
    root = Path(path)
    if not root.exists():
        raise LayoutError(f"{root}: no such file or folder")
    if root.is_file():
        files = [root]
    else:
        files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
        if not files:
            raise LayoutError(f"{root}: the folder holds no .csv file")
    tables: list[TableSample] = []
    for file in files:
        try:
            if _is_schema_file(file):
                tables.extend(read_schema_file(file))
            else:
                tables.append(read_instance_file(file, max_rows=max_rows))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise LayoutError(f"{file}: not a readable UTF-8 CSV file ({exc})") from exc
    return tables


def case_sides(case_dir: str | Path) -> tuple[Path, Path]:
    """The source and target paths of a benchmark case folder."""
    case = Path(case_dir)
    if (case / "source").is_dir() and (case / "target").is_dir():
        return case / "source", case / "target"
    source, target = case / "source_schema.csv", case / "target_schema.csv"
    if source.is_file() and target.is_file():
        return source, target
    raise LayoutError(f"{case}: neither source/ and target/ folders nor *_schema.csv files")
