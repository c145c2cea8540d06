"""Casts and transforms in unified tables, hostile names, previews and read-only access."""

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from autonomos_dcl.errors import PublishError, UnknownViewError
from autonomos_dcl.models import Entity, EntityField, FieldMapping, FieldType, Ontology, Unit
from autonomos_dcl.publish import build_version, open_readonly, read_preview

FIELDS: list[tuple[str, FieldType, Unit | None]] = [
    ("id", "string", None), ("email", "string", None), ("name", "string", None),
    ("shout", "string", None), ("amount", "decimal", None), ("strict", "decimal", None),
    ("when", "date", None), ("eu_when", "date", None), ("stamp", "timestamp", None),
    ("ratio", "decimal", "percent"), ("pct", "decimal", "percent"), ("count", "integer", None),
    ("flag", "boolean", None), ("ymd", "date", None), ("epoch", "timestamp", None),
    ("phone", "string", None), ("unused", "integer", None),
]  # fmt: skip
THING = Entity("thing", "id", tuple(EntityField(n, t, u) for n, t, u in FIELDS))
ONTOLOGY = Ontology((THING,))

SOURCE = pa.table(
    {
        "ID": [1, 2, 3],
        "Mail": ["  Alice@Example.COM ", "bob@x.io", None],
        "Name": ["  Acme  ", "", "X"],
        "Amount": ["$1,234.50", "(20.00)", "n/a"],
        "When": ["2024-01-31", "20240201", "03/04/2024"],
        "EuWhen": ["13/04/2024", "01/02/2024", "31.12.2023"],
        "Stamp": ["2024-01-31T10:11:12.000+0000", "2024-01-31 08:00", None],
        "Ratio": [0.1, 0.555, 1.0],
        "Pct": [10, 55, 100],
        "Count": ["1,234", "7", ""],
        "Flag": ["Y", "no", "maybe"],
        "Ymd": pa.array([20240131, 20231201, None], pa.int64()),
        "Epoch": pa.array([1_706_700_000_000, None, 0], pa.int64()),
        "Phone": [None, "+1 555", None],
        "Mobile": ["+44 1", "+44 2", None],
    }
)
COLUMNS = {
    "ID": "id", "Mail": "email", "Name": "name", "Amount": "amount", "When": "when",
    "EuWhen": "eu_when", "Stamp": "stamp", "Ratio": "ratio", "Pct": "pct", "Count": "count",
    "Flag": "flag", "Ymd": "ymd", "Epoch": "epoch",
}  # fmt: skip


def _mapping(column: str, field: str, confidence: float = 0.9, **kw: Any) -> FieldMapping:
    return FieldMapping("up", "file", "things", column, "thing", field, confidence, "human", **kw)


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    mappings = [_mapping(c, f) for c, f in COLUMNS.items()]
    mappings += [
        _mapping("Name", "shout", transform="upper"),
        _mapping("Amount", "strict", transform="cast"),
        _mapping("Phone", "phone", 0.9),
        _mapping("Mobile", "phone", 0.5),
    ]
    version = build_version(
        tmp_path_factory.mktemp("t"), 1, {"up": {"things": SOURCE}}, ONTOLOGY, mappings
    )
    with open_readonly(version.path) as db:
        result = db.execute("SELECT * FROM entity_thing ORDER BY _source_row")
        names = [d[0] for d in result.description or []]
        return [dict(zip(names, r, strict=True)) for r in result.fetchall()]


def _column(rows: list[dict[str, Any]], name: str) -> list[Any]:
    return [r[name] for r in rows]


def test_text_is_trimmed_and_emails_lower_cased(rows: list[dict[str, Any]]) -> None:
    assert _column(rows, "id") == ["1", "2", "3"]
    assert _column(rows, "email") == ["alice@example.com", "bob@x.io", None]
    assert _column(rows, "name") == ["Acme", None, "X"]
    assert _column(rows, "shout") == ["ACME", None, "X"]


def test_numbers_from_text_and_percent_scaling(rows: list[dict[str, Any]]) -> None:
    assert _column(rows, "amount") == [1234.5, -20.0, None]
    assert _column(rows, "strict") == [None, None, None]
    assert _column(rows, "ratio") == pytest.approx([10.0, 55.5, 100.0])
    assert _column(rows, "pct") == [10.0, 55.0, 100.0]
    assert _column(rows, "count") == [1234, 7, None]
    assert _column(rows, "unused") == [None, None, None]


def test_dates_and_timestamps_in_several_formats(rows: list[dict[str, Any]]) -> None:
    assert _column(rows, "when") == [dt.date(2024, 1, 31), dt.date(2024, 2, 1), dt.date(2024, 3, 4)]
    assert _column(rows, "eu_when") == [
        dt.date(2024, 4, 13), dt.date(2024, 2, 1), dt.date(2023, 12, 31),
    ]  # fmt: skip
    assert _column(rows, "stamp") == [
        dt.datetime(2024, 1, 31, 10, 11, 12), dt.datetime(2024, 1, 31, 8, 0), None,
    ]  # fmt: skip
    assert _column(rows, "ymd") == [dt.date(2024, 1, 31), dt.date(2023, 12, 1), None]
    assert _column(rows, "epoch") == [
        dt.datetime(2024, 1, 31, 11, 20),
        None,
        dt.datetime(1970, 1, 1),
    ]


def test_booleans_and_several_columns_for_one_field(rows: list[dict[str, Any]]) -> None:
    assert _column(rows, "flag") == [True, False, None]
    assert _column(rows, "phone") == ["+44 1", "+1 555", None]


def test_provenance_columns(rows: list[dict[str, Any]]) -> None:
    assert {r["_source_system"] for r in rows} == {"file"}
    assert {r["_source_table"] for r in rows} == {"things"}
    assert _column(rows, "_source_row") == [0, 1, 2]


HOSTILE_TABLE = 'Robert"); DROP TABLE entity_thing;--'
HOSTILE_COLUMN = "a\"b'; DROP TABLE x"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    table = pa.table({HOSTILE_COLUMN: ["x", "y"], "select": ["k1", "k2"], "ID": ["1", "2"]})
    mappings = [
        FieldMapping("we'ird\"key", "file", HOSTILE_TABLE, HOSTILE_COLUMN, "thing", "name", 0.9,
                     "human"),
        FieldMapping("we'ird\"key", "file", HOSTILE_TABLE, "select", "thing", "id", 0.9, "human"),
    ]  # fmt: skip
    sources = {"we'ird\"key": {HOSTILE_TABLE: table}}
    return build_version(tmp_path_factory.mktemp("h"), 1, sources, ONTOLOGY, mappings).path


def test_hostile_source_names_are_quoted_not_executed(hostile: Path) -> None:
    with open_readonly(hostile) as db:
        rows = db.execute(
            "SELECT id, name, _source_key, _source_table FROM entity_thing"
        ).fetchall()
        tables = {r[0] for r in db.execute("SELECT table_name FROM _sources").fetchall()}
    assert rows == [
        ("k1", "x", "we'ird\"key", HOSTILE_TABLE),
        ("k2", "y", "we'ird\"key", HOSTILE_TABLE),
    ]
    assert tables == {"src_we_ird_key__robert_drop_table_entity_thing"}


def test_previews_resolve_entity_names_and_refuse_unknown_views(hostile: Path) -> None:
    preview = read_preview(hostile, "thing", limit=1)
    assert preview["columns"][:2] == ["id", "email"]
    assert len(preview["rows"]) == 1
    row = dict(zip(preview["columns"], preview["rows"][0], strict=True))
    assert (row["id"], row["name"], row["_source_table"]) == ("k1", "x", HOSTILE_TABLE)
    assert len(read_preview(hostile, "entity_thing", limit=0)["rows"]) == 1
    assert len(read_preview(hostile, "_lineage", limit=5000)["rows"]) == 2
    for bad in ["nope", "entity_thing; DROP TABLE entity_thing", '"entity_thing"']:
        with pytest.raises(UnknownViewError) as raised:
            read_preview(hostile, bad)
        assert raised.value.status == 404


def test_read_only_connections_cannot_write_or_reach_outside(hostile: Path) -> None:
    with open_readonly(hostile) as db:
        for statement in [
            "CREATE TABLE x AS SELECT 1",
            "SELECT * FROM read_csv('/etc/passwd')",
            "SET enable_external_access = true",
            "COPY entity_thing TO '/tmp/leak.csv'",
        ]:
            with pytest.raises(duckdb.Error):
                db.execute(statement)
    with pytest.raises(PublishError):
        open_readonly(hostile.parent / "missing.duckdb")
