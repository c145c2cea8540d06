"""The SQL source against a real PostgreSQL (``DATABASE_URL``, default the local test one)."""

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from autonomos_dcl.errors import SqlSourceInvalidError, SqlSourceUnavailableError
from autonomos_dcl.sources.sql import (
    SqlLimits,
    list_sql_tables,
    parse_url,
    read_sql_tables,
    sql_connection,
)

pytestmark = pytest.mark.functional

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
HOSTILE = 'Deals "2024"; DROP TABLE x; --'


@pytest.fixture(scope="module")
def schema() -> Iterator[str]:
    name = f"dcl_src_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(parse_url(DATABASE_URL))
    quoted = '"' + HOSTILE.replace('"', '""') + '"'
    with engine.begin() as db:
        db.exec_driver_sql(f"CREATE SCHEMA {name}")
        db.exec_driver_sql(
            f"CREATE TABLE {name}.accounts (id int PRIMARY KEY, name text, revenue numeric(12,2), "
            "created timestamptz, tags jsonb, ref uuid, active boolean)"
        )
        db.exec_driver_sql(
            f"INSERT INTO {name}.accounts SELECT g, 'Company ' || g, g * 1000.5, "
            "now() - g * interval '1 day', jsonb_build_object('g', g), gen_random_uuid(), "
            "mod(g, 2) = 0 FROM generate_series(1, 250) g"
        )
        db.exec_driver_sql(f"CREATE TABLE {name}.{quoted} (dealname text, amount float8)")
        db.exec_driver_sql(f"INSERT INTO {name}.{quoted} VALUES ('Big deal', 10.5), (NULL, NULL)")
        db.exec_driver_sql(
            f"CREATE VIEW {name}.rich AS SELECT * FROM {name}.accounts WHERE id > 200"
        )
    try:
        yield name
    finally:
        with engine.begin() as db:
            db.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        engine.dispose()


def test_tables_and_views_are_listed_with_their_columns(schema: str) -> None:
    tables = {t.name: t for t in list_sql_tables(DATABASE_URL, schema=schema)}
    assert set(tables) == {"accounts", HOSTILE, "rich"}
    assert tables["accounts"].columns == (
        "id",
        "name",
        "revenue",
        "created",
        "tags",
        "ref",
        "active",
    )


def test_tables_are_read_into_typed_arrow_tables(schema: str) -> None:
    tables = read_sql_tables(DATABASE_URL, ["accounts", HOSTILE], schema=schema)
    accounts = tables["accounts"]
    assert accounts.num_rows == 250
    types = {f.name: str(f.type) for f in accounts.schema}
    assert types["id"] == "int32" or types["id"] == "int64"
    assert types["created"] == "timestamp[us]"
    assert types["tags"] == "string" and types["ref"] == "string" and types["active"] == "bool"
    assert accounts.column("tags").to_pylist()[0] == '{"g": 1}'
    hostile = tables[HOSTILE]
    assert hostile.column("dealname").to_pylist() == ["Big deal", None]


def test_reads_stop_at_the_row_limit(schema: str) -> None:
    tables = read_sql_tables(
        DATABASE_URL, ["accounts"], schema=schema, limits=SqlLimits(row_limit=40)
    )
    assert tables["accounts"].num_rows == 40


def test_unknown_tables_are_refused_before_reading(schema: str) -> None:
    with pytest.raises(SqlSourceInvalidError, match="unknown tables: accounts; DROP") as raised:
        read_sql_tables(DATABASE_URL, ["accounts; DROP TABLE accounts"], schema=schema)
    assert raised.value.status == 400
    assert read_sql_tables(DATABASE_URL, ["accounts"], schema=schema)["accounts"].num_rows == 250


def test_sessions_are_read_only(schema: str) -> None:
    with (
        pytest.raises(SqlSourceUnavailableError, match="read-only"),
        sql_connection(DATABASE_URL) as connection,
    ):
        connection.exec_driver_sql(f"DELETE FROM {schema}.accounts")
    assert read_sql_tables(DATABASE_URL, ["accounts"], schema=schema)["accounts"].num_rows == 250


def test_unreachable_databases_are_a_retryable_error_without_the_password() -> None:
    with pytest.raises(SqlSourceUnavailableError) as raised:
        list_sql_tables(
            "postgresql://me:s3cret@127.0.0.1:1/nothing", limits=SqlLimits(connect_timeout_s=2)
        )
    assert raised.value.retryable and raised.value.status == 502
    assert "s3cret" not in str(raised.value)
