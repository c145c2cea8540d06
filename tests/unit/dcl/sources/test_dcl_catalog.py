"""Catalogue entries describe sources from their Arrow tables."""

import pyarrow as pa

from autonomos_dcl.sources.catalog import demo_catalog, describe_source, describe_table
from autonomos_dcl.sources.demo import DEMO_SYSTEMS, generate_demo


def test_describe_table_maps_arrow_types_to_field_types() -> None:
    table = pa.table(
        {
            "i": pa.array([1], pa.int32()),
            "f": [1.5],
            "b": [True],
            "d": pa.array([0], pa.date32()),
            "t": pa.array([0], pa.timestamp("ms")),
            "s": ["x"],
            "l": [[1, 2]],
            "k": pa.array(["x"]).dictionary_encode(),
        }
    )
    described = describe_table("src", "file", "things", table)
    assert [(c.name, c.type) for c in described.columns] == [
        ("i", "integer"), ("f", "decimal"), ("b", "boolean"), ("d", "date"),
        ("t", "timestamp"), ("s", "string"), ("l", "string"), ("k", "string"),
    ]  # fmt: skip
    assert described.row_count == 1
    assert described.to_dict()["columns"][0] == {"name": "i", "type": "integer"}


def test_describe_source_keeps_table_order() -> None:
    source = describe_source(
        "up1", "Uploads", "file", "file", {"b": pa.table({"x": [1]}), "a": pa.table({"y": [2]})}
    )
    assert [t.name for t in source.tables] == ["b", "a"]
    assert source.to_dict()["kind"] == "file"
    assert source.table("a") is not None and source.table("zzz") is None


def test_the_demo_catalogue_lists_every_system_with_counts() -> None:
    catalogue = demo_catalog()
    data = generate_demo()
    assert [s.key for s in catalogue] == [s.key for s in DEMO_SYSTEMS]
    for source in catalogue:
        assert source.kind == "demo" and source.system == source.key
        for table in source.tables:
            assert table.row_count == data[source.key][table.name].num_rows
            assert [c.name for c in table.columns] == data[source.key][table.name].column_names
    shape = catalogue[0].to_dict()
    assert set(shape) >= {"key", "name", "kind", "tables"}
    assert set(shape["tables"][0]) == {"name", "columns", "row_count"}
