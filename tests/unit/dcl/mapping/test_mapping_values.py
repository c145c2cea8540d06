"""Value kinds, profiles and overlap."""

from autonomos_dcl.mapping.value_similarity import (
    distribution_similarity,
    frequency_shape_similarity,
    is_closed_set,
    kind_similarity,
    profile_similarity,
    value_overlap,
)
from autonomos_dcl.mapping.values import (
    constant_affixes,
    normalise_value,
    profile_values,
    value_kind,
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


def test_normalise_value_puts_dates_money_and_phones_in_one_form() -> None:
    iso = "2024-01-31"
    assert {normalise_value(v) for v in ("20240131", "2024-01-31T00:00:00Z", "31/01/2024")} == {iso}
    assert normalise_value("01/31/2024") == iso
    assert normalise_value("2024-01-31 14:05") == "2024-01-31 14:05:00"
    assert normalise_value("$1,200.50") == normalise_value("1200.5") == "1200.5"
    assert normalise_value("1,200") == "1200"
    assert normalise_value("+1 (415) 555-0100") == normalise_value("415.555.0100")
    assert normalise_value("Yes") == "true" and normalise_value("no") == "false"
    assert normalise_value("C3L-00004") == "c3l-00004"
    assert normalise_value("Germany") == normalise_value("DEU") == normalise_value("de") == "de"


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


def test_constant_affixes_are_cut_where_the_character_class_changes() -> None:
    assert constant_affixes(["pT1a", "pT3", "pTX"]) == ("pT", "")
    assert constant_affixes(["12 cm", "3.5 cm"]) == ("", " cm")
    assert constant_affixes(["Stage I", "Stage II", "Stage IV"]) == ("Stage ", "")
    assert constant_affixes(["Male", "Female"]) == ("", "")
    assert constant_affixes(["C3L-00004", "C3L-00010"])[0] == "C"  # no digits in an affix
    assert constant_affixes(["same", "same"]) == ("", "")


def test_values_shared_once_a_constant_prefix_is_removed_count_as_overlap() -> None:
    staged = profile_values(["pT1a", "pT3", "pT3a", "pT2b", "pT1a"])
    plain = profile_values(["T0", "T1a", "T2b", "T3", "T3a", "Tis", "TX"])
    unrelated = profile_values(["Tumor", "Normal", "Unknown"])
    assert value_overlap(staged, plain) > 0.6
    assert value_overlap(staged, unrelated) == 0.0


def test_one_letter_codes_match_the_initials_of_words() -> None:
    words = profile_values(["male"] * 6 + ["female"] * 4)
    codes = profile_values(["m"] * 6 + ["f"] * 4)
    other_codes = profile_values(["x"] * 5 + ["z"] * 5)
    assert value_overlap(words, codes) > 0.5
    assert value_overlap(words, other_codes) == 0.0


def test_one_letter_codes_are_not_booleans_unless_all_values_are() -> None:
    assert profile_values(["m", "f", "t", "n"]).kinds.get("boolean", 0.0) == 0.0
    assert profile_values(["t", "f", "t"]).kinds == {"boolean": 1.0}


def test_rows_covered_by_shared_values_count_when_a_column_is_skewed() -> None:
    skewed = profile_values(["White"] * 20 + ["Asian"] * 3 + [f"note {i}" for i in range(12)])
    allowed = profile_values(["white", "asian", "black or african american", "other"])
    # Only 2 of 14 distinct values are shared, but they cover two thirds of the rows.
    assert value_overlap(skewed, allowed) > 0.4


def test_numeric_deciles_tell_alike_distributions_apart() -> None:
    ages = profile_values([str(20 + i % 60) for i in range(200)])
    older = profile_values([str(25 + i % 60) for i in range(200)])
    counts = profile_values([str(i % 5) for i in range(200)])
    close = distribution_similarity(ages.quantiles, older.quantiles)
    far = distribution_similarity(ages.quantiles, counts.quantiles)
    assert close is not None and far is not None and close > far
    assert distribution_similarity((), ages.quantiles) is None


def test_frequency_shapes_compare_only_repeating_columns() -> None:
    words = profile_values(["male"] * 60 + ["female"] * 40)
    codes = profile_values(["m"] * 60 + ["f"] * 40)
    balanced = profile_values(["a"] * 10 + ["b"] * 10 + ["c"] * 10 + ["d"] * 10)
    listing = profile_values(["male", "female", "unknown"])
    shape = frequency_shape_similarity(words, codes)
    other = frequency_shape_similarity(words, balanced)
    assert shape is not None and other is not None and shape > 0.95 > other
    assert frequency_shape_similarity(words, listing) is None
    assert profile_similarity(words, codes) > profile_similarity(words, balanced)


def test_codes_match_without_their_separators() -> None:
    dashed = profile_values(["AB-1001", "AB-1002", "CD-2001", "CD-2002"])
    plain = profile_values(["AB1001", "AB1002", "CD2001", "EF3001"])
    other = profile_values(["XY1001", "XY1002", "ZZ2001", "ZZ2002"])
    assert value_overlap(dashed, plain) > 0.4
    assert value_overlap(dashed, other) == 0.0


def test_closed_sets_are_few_distinct_words_or_codes() -> None:
    assert is_closed_set(profile_values(["Unifocal", "Multifocal", "Unifocal"]))
    assert not is_closed_set(profile_values(["1", "2", "3"]))
    assert not is_closed_set(profile_values([f"name {i}" for i in range(80)]))
    assert not is_closed_set(profile_values([]))
