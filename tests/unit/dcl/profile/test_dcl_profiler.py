"""Column profiles: ratios, patterns, bounds, samples and sampling."""

import datetime as dt

import pyarrow as pa
import pytest

from autonomos_dcl.models import ColumnProfile
from autonomos_dcl.profile import profile_column, profile_sources, profile_table, sample_rows


def _profile(values: list[object], dtype: pa.DataType | None = None) -> ColumnProfile:
    return profile_column("c", pa.array(values, dtype))


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        (["a@x.com", "B.c@y.org", "d+e@z.co.uk"], "email"),
        (["+1 (206) 555-1234", "+44 20 7946 0958", "555-123-4567"], "phone"),
        (["https://acme.com", "http://x.org/a?b=1", "www.example.com"], "url"),
        (["ca009717-f87d-8879-3419-265f92f4184a", "6c3247d3-eded-6346-be97-18c6ef1cea3a"], "uuid"),
        (["Germany", "FR", "usa", "United Kingdom"], "country"),
        (["$1,234.50", "€12", "99.00 USD"], "currency"),
        (["2024-01-01", "20240102", "03/04/2024"], "date"),
        (["ACC-001", "ACC-002", "ACC-003", "ACC-004"], "id_like"),
        ([0.1, 0.25, 1.0, 0.0], "fraction"),
        ([10.5, 99.0, 0.0, 45.2], "percent"),
    ],
)
def test_value_patterns_are_recognised(values: list[object], pattern: str) -> None:
    assert pattern in _profile(values).patterns


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        (["Acme Corp", "Globex", "Initech"], "email"),
        (["12.50", "3.25", "1000.00"], "phone"),
        (["2024-01-01", "2024-02-01"], "phone"),
        (["x", "x", "y", "y"], "id_like"),
        (["ACC-1", "ACC-1", "ACC-2", "ACC-2"], "id_like"),
        (["Acme Corp", "Globex Inc"], "id_like"),
        ([1.5, 250.0], "fraction"),
        (["12.50", "3.25"], "currency"),
        (["Report for March", "Q1 summary"], "date"),
    ],
)
def test_values_without_the_pattern_do_not_get_it(values: list[object], pattern: str) -> None:
    assert pattern not in _profile(values).patterns


def test_null_and_distinct_ratios_count_blanks_as_missing() -> None:
    profile = _profile(["a", "a", "b", None, "  "])
    assert profile.null_ratio == pytest.approx(0.4)
    assert profile.distinct_ratio == pytest.approx(2 / 3)
    assert profile.row_count == 5 and profile.sampled_rows == 5


def test_bounds_follow_the_inferred_type() -> None:
    numbers = _profile(["$1,200.00", "$30.50"])
    assert (numbers.inferred_type, numbers.min_value, numbers.max_value) == (
        "decimal",
        30.5,
        1200.0,
    )
    integers = _profile(["10", "9", "100"])
    assert (integers.min_value, integers.max_value) == (9, 100)
    dates = _profile(["20240105", "20231231"])
    assert (dates.min_value, dates.max_value) == ("2023-12-31", "2024-01-05")
    typed = _profile([dt.date(2024, 1, 2), None], pa.date32())
    assert typed.inferred_type == "date" and typed.max_value == "2024-01-02"
    assert "date" in typed.patterns
    text = _profile(["pear", "apple"])
    assert (text.min_value, text.max_value) == ("apple", "pear")


def test_typed_columns_keep_their_type_and_give_samples() -> None:
    profile = _profile([3, 1, 2, 3, 3], pa.int32())
    assert profile.inferred_type == "integer"
    assert profile.samples == ("3", "1", "2")
    flags = _profile([True, False, None])
    assert flags.inferred_type == "boolean" and flags.null_ratio == pytest.approx(1 / 3)
    nested = _profile([[1, 2], None])
    assert nested.inferred_type == "string" and nested.samples == ("[1, 2]",)


def test_large_tables_are_profiled_on_a_seeded_sample() -> None:
    table = pa.table({"id": list(range(30_000)), "half": [None, "x"] * 15_000})
    sample = sample_rows(table, 1_000, seed=3)
    assert sample.num_rows == 1_000
    assert sample.equals(sample_rows(table, 1_000, seed=3))
    ids = sample.column("id").to_pylist()
    assert ids == sorted(ids)
    profiles = profile_table(table, max_rows=1_000)
    assert profiles[0].row_count == 30_000 and profiles[0].sampled_rows == 1_000
    assert profiles[1].null_ratio == pytest.approx(0.5, abs=0.08)


def test_profile_sources_keys_profiles_by_source_table_and_column() -> None:
    profiles = profile_sources({"crm": {"people": pa.table({"email": ["a@b.io"], "n": [1]})}})
    assert set(profiles) == {("crm", "people", "email"), ("crm", "people", "n")}
    assert profiles[("crm", "people", "email")].patterns == ("email",)
