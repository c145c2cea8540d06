"""SQL database sources: list and read tables of a remote database, read-only.

Only PostgreSQL URLs are accepted (``postgresql://`` or ``postgres://``,
read through psycopg 3): other schemes such as ``sqlite`` would let a tenant
read files of the server. Every session is read-only
(``default_transaction_read_only``) with a statement timeout; table names
come from the database's own catalogue and are quoted by SQLAlchemy, never
interpolated. Reads stop at :attr:`SqlLimits.row_limit` rows per table.

Errors: a bad URL, unknown table or missing driver raise
:class:`SqlSourceInvalidError` (400); connection and query failures raise
:class:`SqlSourceUnavailableError` (502, retryable). Messages never contain
the password.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from autonomos_dcl.errors import SqlSourceInvalidError, SqlSourceUnavailableError
from autonomos_dcl.sources.file_common import unique_names

_POSTGRES_BACKENDS = {"postgresql", "postgres"}
_PLAIN = (bool, int, float, str, Decimal, date, datetime, time)


@dataclass(frozen=True)
class SqlLimits:
    """Limits on reading a SQL source."""

    row_limit: int = 100_000
    max_tables: int = 500
    max_columns: int = 500
    connect_timeout_s: int = 10
    statement_timeout_ms: int = 60_000
    fetch_batch: int = 10_000


DEFAULT_SQL_LIMITS = SqlLimits()


@dataclass(frozen=True)
class SqlTable:
    """A table (or view) of the remote database."""

    schema: str
    name: str
    columns: tuple[str, ...]


def parse_url(url: str) -> URL:
    """Validate a PostgreSQL URL and pin the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise SqlSourceInvalidError("the database URL is not valid") from exc
    if parsed.get_backend_name() not in _POSTGRES_BACKENDS:
        raise SqlSourceInvalidError(
            f"unsupported database URL scheme {parsed.drivername!r}; use postgresql://"
        )
    if not parsed.host and not parsed.query.get("host"):
        raise SqlSourceInvalidError("the database URL must name a host")
    return parsed.set(drivername="postgresql+psycopg")


def safe_url(url: str) -> str:
    """The URL with its password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(invalid URL)"


@contextmanager
def sql_connection(url: str, limits: SqlLimits = DEFAULT_SQL_LIMITS) -> Iterator[Connection]:
    """A read-only connection to a PostgreSQL source (session and transaction
    read-only, statement timeout, no pooling); database errors inside the
    block become :class:`SqlSourceUnavailableError`."""
    parsed = parse_url(url)
    options = (
        f"-c default_transaction_read_only=on -c statement_timeout={limits.statement_timeout_ms}"
    )
    try:
        engine = sa.create_engine(
            parsed,
            poolclass=NullPool,
            connect_args={"connect_timeout": limits.connect_timeout_s, "options": options},
        )
    except (NoSuchModuleError, ArgumentError) as exc:
        raise SqlSourceInvalidError(f"cannot use {safe_url(url)}: {exc}") from exc
    try:
        with engine.connect() as connection:
            yield connection.execution_options(postgresql_readonly=True)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise SqlSourceUnavailableError(f"database {safe_url(url)}: {reason}") from exc
    except SQLAlchemyError as exc:
        raise SqlSourceUnavailableError(f"database {safe_url(url)}: {exc}") from exc
    finally:
        engine.dispose()


def list_sql_tables(
    url: str, *, schema: str | None = None, limits: SqlLimits = DEFAULT_SQL_LIMITS
) -> list[SqlTable]:
    """Tables and views of ``schema`` (default: the connection's default schema)."""
    with sql_connection(url, limits) as connection:
        return _catalogue(connection, schema, limits)


def _catalogue(connection: Connection, schema: str | None, limits: SqlLimits) -> list[SqlTable]:
    inspector = sa.inspect(connection)
    schema_name = schema or inspector.default_schema_name or "public"
    names = sorted(
        set(inspector.get_table_names(schema=schema_name))
        | set(inspector.get_view_names(schema=schema_name))
    )
    if len(names) > limits.max_tables:
        raise SqlSourceInvalidError(
            f"schema {schema_name!r} has {len(names)} tables; select at most {limits.max_tables}"
        )
    return [
        SqlTable(
            schema=schema_name,
            name=name,
            columns=tuple(c["name"] for c in inspector.get_columns(name, schema=schema_name)),
        )
        for name in names
    ]


def read_sql_tables(
    url: str,
    tables: Sequence[str] | None = None,
    *,
    schema: str | None = None,
    limits: SqlLimits = DEFAULT_SQL_LIMITS,
) -> dict[str, pa.Table]:
    """Read ``tables`` (default: all of ``schema``) into Arrow tables, at most
    ``limits.row_limit`` rows each: ``{table name: table}``.

    Unknown table names raise :class:`SqlSourceInvalidError` before anything is read.
    """
    with sql_connection(url, limits) as connection:
        catalogue = {t.name: t for t in _catalogue(connection, schema, limits)}
        wanted = list(tables) if tables is not None else list(catalogue)
        unknown = [t for t in wanted if t not in catalogue]
        if unknown:
            raise SqlSourceInvalidError(f"unknown tables: {', '.join(sorted(unknown))}")
        return {name: _read_table(connection, catalogue[name], limits) for name in wanted}


def _read_table(connection: Connection, table: SqlTable, limits: SqlLimits) -> pa.Table:
    if len(table.columns) > limits.max_columns:
        raise SqlSourceInvalidError(
            f"table {table.name!r} has {len(table.columns)} columns; "
            f"the limit is {limits.max_columns}"
        )
    remote = sa.table(table.name, *(sa.column(c) for c in table.columns), schema=table.schema)
    query = sa.select(*remote.columns).limit(limits.row_limit)
    result = connection.execution_options(stream_results=True).execute(query)
    rows: list[Sequence[Any]] = []
    for batch in result.partitions(limits.fetch_batch):
        rows.extend(batch)
    columns = [arrow_column([row[i] for row in rows]) for i in range(len(table.columns))]
    return pa.table(columns, names=unique_names(list(table.columns)))


def arrow_column(values: list[Any]) -> pa.Array:
    """Plain scalars keep their type (timestamps as naive UTC); anything else becomes text."""
    if any(v is not None and not isinstance(v, _PLAIN) for v in values):
        return pa.array([_as_text(v) for v in values], type=pa.string())
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return pa.array([_as_text(v) for v in values], type=pa.string())
    if pa.types.is_timestamp(array.type) and array.type.tz is not None:
        return array.cast(pa.timestamp(array.type.unit))
    return array


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)
