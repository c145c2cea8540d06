"""SQL source URLs and value conversion (no database needed)."""

import datetime as dt
import uuid
from decimal import Decimal

import pyarrow as pa
import pytest

from autonomos_dcl.errors import SqlSourceInvalidError
from autonomos_dcl.sources.sql import arrow_column, parse_url, safe_url


@pytest.mark.parametrize(
    "url",
    ["postgresql://u:p@db.example.com/x", "postgres://u@db:5433/x", "postgresql+psycopg://h/x"],
)
def test_postgresql_urls_use_psycopg(url: str) -> None:
    assert parse_url(url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    "url",
    ["sqlite:///etc/passwd", "mysql://u@h/x", "duckdb:///tmp/x", "nonsense", "postgresql:///x"],
)
def test_other_schemes_and_hostless_urls_are_refused(url: str) -> None:
    with pytest.raises(SqlSourceInvalidError) as raised:
        parse_url(url)
    assert raised.value.status == 400


def test_safe_url_masks_the_password() -> None:
    assert "secret" not in safe_url("postgresql://me:secret@h/db")
    assert "***" in safe_url("postgresql://me:secret@h/db")


def test_values_keep_plain_types_and_exotic_ones_become_text() -> None:
    stamp = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert arrow_column([stamp, None]).type == pa.timestamp("us")
    assert arrow_column([Decimal("1.50"), None]).type.id == pa.decimal128(3, 2).id
    assert arrow_column([{"a": 1}, None]).to_pylist() == ['{"a": 1}', None]
    value = uuid.UUID(int=1)
    assert arrow_column([value]).to_pylist() == [str(value)]
    assert arrow_column([1, "x"]).to_pylist() == ["1", "x"]
