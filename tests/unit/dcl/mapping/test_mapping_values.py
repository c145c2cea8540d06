"""Value kinds, profiles and overlap."""

from autonomos_dcl.mapping.values import (
    kind_similarity,
    normalise_value,
    profile_values,
    value_kind,
    value_overlap,
)


def test_value_kinds() -> None:
    assert value_kind("42") == "integer"
    assert value_kind("3.14") == "decimal"
    assert value_kind("2024-01-31") == "date"
    assert value_kind("20240131") == "date"  # SAP DATS
    assert value_kind("20241331") == "integer"  # month 13: not a date
    assert value_kind("ann@example.com") == "email"
    assert value_kind("https://example.com/x") == "url"
    assert value_kind("+1 (415) 555-0100") == "phone"
    assert value_kind("$1,200.50") == "currency"
    assert value_kind("true") == "boolean"
    assert value_kind("DE") == "country"
    assert value_kind("C3L-00004") == "code"
    assert value_kind("Clear cell carcinoma") == "text"


def test_normalise_value_unifies_case_quotes_and_numbers() -> None:
    assert normalise_value(" 'Los Angeles' ") == "los angeles"
    assert normalise_value("4.0") == "4"
    assert normalise_value("4.50") == "4.5"


def test_profile_counts_nulls_distincts_and_ranges() -> None:
    profile = profile_values(["1", "2", "2", None, ""])
    assert profile.null_ratio == 0.4
    assert profile.distinct == frozenset({"1", "2"})
    assert profile.numeric_min == 1.0 and profile.numeric_max == 2.0
    assert profile.is_numeric


def test_overlap_is_high_for_shared_categories_and_zero_for_disjoint() -> None:
    genders = profile_values(["Male", "Female", "Male"])
    target = profile_values(["female", "male", "unknown", "not reported"])
    other = profile_values(["red", "green", "blue"])
    assert value_overlap(genders, target) > 0.6
    assert value_overlap(genders, other) == 0.0


def test_kind_similarity_separates_dates_from_names() -> None:
    dates = profile_values(["2024-01-01", "2023-05-06"])
    names = profile_values(["Ann", "Bob"])
    assert kind_similarity(dates, dates) == 1.0
    assert kind_similarity(dates, names) == 0.0
