"""Type inference of text values, safe coercion, and date parsing."""

import datetime as dt

import pyarrow as pa
import pytest

from autonomos_dcl.profile.dates import parse_times
from autonomos_dcl.profile.inference import coerce_text_column, infer_text_type


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "-2", "30"], "integer"),
        (["1.5", "2", "-0.25", "1e3"], "decimal"),
        (["$1,234.50", "$2.00", "(3.10)"], "decimal"),
        (["yes", "No", "Y"], "boolean"),
        (["2024-01-31", "2024-02-01"], "date"),
        (["20240131", "20231231"], "date"),
        (["03/21/2025", "12/01/2024"], "date"),
        (["31.01.2024", "01.02.2024"], "date"),
        (["2024-01-31T10:11:12.000+0000", "2024-02-01 08:00"], "timestamp"),
        (["2025-06-26T00:00:00.000Z", "2025-03-17T00:00:00.000Z"], "date"),
        (["0090001234", "0090001235"], "string"),
        (["March report", "April report"], "string"),
        (["2024-13-45", "2024-99-99"], "string"),
        (["12345678", "87654321"], "integer"),
        (["Acme", "1"], "string"),
        ([None, "", "  "], "string"),
    ],
)
def test_text_values_get_their_meaning(values: list[str | None], expected: str) -> None:
    assert infer_text_type(pa.array(values, pa.string())) == expected


def test_a_text_column_is_a_date_only_when_nearly_all_values_parse() -> None:
    mostly = ["2024-01-01"] * 99 + ["n/a"]
    half = ["2024-01-01"] * 50 + ["n/a"] * 50
    assert infer_text_type(pa.array(mostly)) == "date"
    assert infer_text_type(pa.array(half)) == "string"


def test_coercion_converts_only_when_every_value_converts_exactly() -> None:
    assert coerce_text_column(pa.array(["1", " 2 ", ""])).to_pylist() == [1, 2, None]
    assert coerce_text_column(pa.array(["1.5", "2"])).type == pa.float64()
    assert coerce_text_column(pa.array(["007", "8"])).to_pylist() == ["007", "8"]
    assert coerce_text_column(pa.array(["True", "false"])).to_pylist() == [True, False]
    assert coerce_text_column(pa.array(["yes", "no"])).type == pa.string()
    assert coerce_text_column(pa.array(["2024-01-02"])).to_pylist() == [dt.date(2024, 1, 2)]
    assert coerce_text_column(pa.array(["2024-01-02 03:04:05"])).type == pa.timestamp("us")
    assert coerce_text_column(pa.array(["03/04/2024"])).type == pa.string()
    assert coerce_text_column(pa.array(["1", "x"])).to_pylist() == ["1", "x"]
    long_id = "1234567890123456789012"
    assert coerce_text_column(pa.array([long_id])).to_pylist() == [long_id]
    assert coerce_text_column(pa.array([1, 2])).type == pa.int64()


def test_slash_dates_follow_the_reading_that_fits_the_column() -> None:
    european = parse_times(pa.array(["13/04/2024", "03/04/2024"])).values.to_pylist()
    assert european == [dt.datetime(2024, 4, 13), dt.datetime(2024, 4, 3)]
    american = parse_times(pa.array(["04/13/2024", "03/04/2024"])).values.to_pylist()
    assert american == [dt.datetime(2024, 4, 13), dt.datetime(2024, 3, 4)]


def test_parse_times_reports_times_of_day_and_rejects_implausible_years() -> None:
    dates = parse_times(pa.array(["2024-01-01", "20240102"]))
    assert not dates.has_time and dates.parsed == 2
    stamps = parse_times(pa.array(["2024-01-01T10:00:00Z", None]))
    assert stamps.has_time and stamps.values.to_pylist()[0] == dt.datetime(2024, 1, 1, 10)
    assert parse_times(pa.array(["00010101", "99991231"])).parsed == 0
