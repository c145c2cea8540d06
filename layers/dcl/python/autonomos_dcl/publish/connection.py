"""Read-only access to a published version (for previews, lineage and agents)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from autonomos_dcl.errors import PublishError


def open_readonly(db_path: Path | str, *, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open a version file read-only, with external access (files, network,
    ``ATTACH``, ``COPY``) disabled and the configuration locked, so SQL run
    on it (e.g. by an agent) can read the version's tables and nothing else.

    Raises :class:`PublishError` when the file is missing or not a DuckDB database.
    """
    path = Path(db_path)
    if not path.is_file():
        raise PublishError(f"published version {path.name} does not exist")
    config: dict[str, str | bool | int | float | list[str]] = {"enable_external_access": False}
    if threads is not None:
        config["threads"] = threads
    config["lock_configuration"] = True
    try:
        return duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as exc:
        raise PublishError(f"published version {path.name} cannot be opened: {exc}") from exc


def table_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the tables and views in the database, sorted."""
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]
