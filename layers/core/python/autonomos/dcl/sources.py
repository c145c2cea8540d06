"""The tenant's source catalogue (bundled demo systems plus its own uploads and SQL
databases) and loading a selection's tables as Arrow."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from autonomos.db.models import DclSource
from autonomos.errors import NotFound
from autonomos_dcl.models import Source, SourceColumn, SourceTable
from autonomos_dcl.sources import demo_catalog, generate_demo, read_files, read_sql_tables

SourceData = dict[str, dict[str, pa.Table]]


def source_from_row(row: DclSource) -> Source:
    tables = tuple(
        SourceTable(
            row.key,
            row.system,
            t["name"],
            tuple(SourceColumn(c["name"], c["type"]) for c in t["columns"]),
            int(t["row_count"]),
        )
        for t in row.tables
    )
    return Source(row.key, row.name, row.kind, row.system, tables)  # type: ignore[arg-type]


def catalog(rows: Sequence[DclSource]) -> list[Source]:
    """Demo sources first, then the tenant's own in creation order."""
    return [*demo_catalog(), *(source_from_row(r) for r in rows)]


def fingerprint(tables: dict[str, pa.Table]) -> str:
    """A stable digest of tables' schemas and contents (to recognise unchanged inputs)."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        table = tables[name]
        digest.update(name.encode())
        digest.update(str(table.schema).encode())
        digest.update(str(table.num_rows).encode())
        for batch in table.to_batches(max_chunksize=65536):
            for column in batch.columns:
                for buffer in column.buffers():
                    if buffer is not None:
                        digest.update(buffer)
    return digest.hexdigest()


def demo_fingerprint() -> str:
    return hashlib.sha256(
        json.dumps([s.to_dict() for s in demo_catalog()], sort_keys=True).encode()
    ).hexdigest()


class SourceLoader:
    """Loads the Arrow tables of selected sources (demo generator, bucket files, SQL)."""

    def __init__(self, storage: Any, open_secret: Any) -> None:
        self._storage = storage
        self._open_secret = open_secret

    def load(self, keys: Sequence[str], rows: Sequence[DclSource]) -> SourceData:
        own = {r.key: r for r in rows}
        demo_keys = {s.key for s in demo_catalog()}
        unknown = [k for k in keys if k not in own and k not in demo_keys]
        if unknown:
            raise NotFound(f"unknown source(s): {', '.join(unknown)}", {"sources": unknown})
        data: SourceData = {}
        demo = generate_demo() if any(k in demo_keys for k in keys) else {}
        for key in keys:
            if key in demo_keys:
                data[key] = demo[key]
            elif own[key].kind == "file":
                data[key] = self._files(own[key])
            else:
                data[key] = self._sql(own[key])
        return data

    def _files(self, row: DclSource) -> dict[str, pa.Table]:
        files = {
            t["file"]: self._storage.get_bytes(f"{row.object_prefix}{t['file']}")
            for t in row.tables
        }
        return read_files(files)

    def _sql(self, row: DclSource) -> dict[str, pa.Table]:
        url = self._open_secret(row.sql_url_sealed or "")
        spec = row.sql_tables or {}
        return read_sql_tables(url, spec.get("tables") or None, schema=spec.get("schema"))
