"""Arrow tables are normalised before loading into DuckDB."""

import datetime as dt
import uuid

import pyarrow as pa

from autonomos_dcl.publish.arrow_prep import prepare_table


def test_prepare_table_decodes_strips_zones_and_names_columns() -> None:
    moment = dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC)
    table = pa.table(
        {
            "k": pa.array(["a", "b"]).dictionary_encode(),
            "t": pa.array([moment, None], pa.timestamp("us", tz="Europe/Paris")),
            "u": pa.array([uuid.UUID(int=5).bytes, None], pa.uuid()),
            "n": pa.nulls(2),
            "K": [1, 2],
        }
    )
    prepared, names = prepare_table(table)
    assert names == ["k", "t", "u", "n", "K_2"]
    assert prepared.column("k").type == pa.string()
    assert prepared.column("t").type == pa.timestamp("us")
    assert prepared.column("t").to_pylist()[0] == dt.datetime(2024, 1, 1, 12)
    assert prepared.column("u").to_pylist() == [str(uuid.UUID(int=5)), None]
    assert prepared.column("n").type == pa.string()
