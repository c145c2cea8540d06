"""Values too common to tell columns apart."""

from autonomos_dcl.mapping.common_values import (
    COMMON_MIN_COLUMNS,
    common_values,
    without_values,
)
from autonomos_dcl.mapping.value_similarity import value_overlap
from autonomos_dcl.mapping.values import profile_values


def test_placeholders_held_by_many_columns_are_common_but_numbers_are_not() -> None:
    profiles = [
        profile_values(["unknown", "1", f"value {i}", "not reported"])
        for i in range(COMMON_MIN_COLUMNS)
    ]
    common = common_values(profiles)
    assert {"unknown", "not reported"} <= common
    assert "1" not in common
    assert "value 3" not in common
    assert common_values(profiles[:2]) == frozenset()


def test_dropping_common_values_leaves_only_specific_overlap() -> None:
    site = profile_values(["Lower pole", "Upper pole", "Other", "Unknown"])
    bulk = profile_values(["Abdomen", "Chest", "Other", "Unknown"])
    dropped = frozenset({"other", "unknown"})
    assert value_overlap(site, bulk) > 0.0
    assert value_overlap(without_values(site, dropped), without_values(bulk, dropped)) == 0.0
    assert without_values(site, frozenset({"absent"})) is site
    kept = without_values(site, dropped)
    assert "other" not in kept.shares
    assert kept.top_shares == site.top_shares
