"""Temporal siblings: one moment, several granularities."""

from autonomos_dcl.mapping import ColumnSample, TableSample, match_schemas
from autonomos_dcl.mapping.siblings import is_temporal, temporal_siblings


def test_siblings_share_every_word_but_the_temporal_ones() -> None:
    siblings = temporal_siblings(
        {
            ("death", "death_date"): ("death", "date"),
            ("death", "death_datetime"): ("death", "time"),
            ("death", "cause"): ("cause",),
            ("visit", "visit_date"): ("visit", "date"),
            ("visit", "end_date"): ("end", "date"),
        }
    )
    assert siblings == {
        ("death", "death_date"): [("death", "death_datetime")],
        ("death", "death_datetime"): [("death", "death_date")],
    }
    assert is_temporal(("discharge", "time"), None) and is_temporal(("x",), "date")
    assert not is_temporal(("amount",), "number")


def test_a_source_timestamp_feeds_both_siblings() -> None:
    source = TableSample("patients", [ColumnSample("dod", type="TIMESTAMP"), ColumnSample("sex")])
    target = TableSample(
        "death",
        [
            ColumnSample("death_date", type="DATE"),
            ColumnSample("death_datetime", type="TIMESTAMP"),
            ColumnSample("cause_source_value", type="VARCHAR"),
        ],
    )
    targets = {
        m.target_column for m in match_schemas([source], [target]) if m.source_column == "dod"
    }
    assert targets == {"death_date", "death_datetime"}
