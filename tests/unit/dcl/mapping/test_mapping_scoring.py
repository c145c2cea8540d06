"""Pair evidence: names that list values and disjoint category lists."""

from autonomos_dcl.mapping.names import base_vocabulary, token_weights
from autonomos_dcl.mapping.scoring import (
    DISJOINT_CATEGORIES_FACTOR,
    ColumnInfo,
    pair_evidence,
    prepare_tables,
    set_token_weights,
)
from autonomos_dcl.mapping.types import ColumnSample, TableSample


def _columns(*columns: ColumnSample) -> list[ColumnInfo]:
    infos = prepare_tables([TableSample("t", columns)], base_vocabulary(), True)
    set_token_weights(infos, token_weights(info.name for info in infos))
    return infos


def test_a_name_listing_the_targets_values_counts_as_a_name_match() -> None:
    source, target = _columns(
        ColumnSample("Tumor/Normal", ("T", "TN", "T", "N")),
        ColumnSample("tissue_type", ("Tumor", "Normal", "Abnormal", "Peritumoral")),
    )
    evidence = pair_evidence(source, target)
    assert evidence["name_values"] == 1.0
    assert evidence["name"] >= 0.85
    assert "disjoint_categories" not in evidence


def test_category_lists_without_a_shared_value_are_held_back() -> None:
    source, shared, disjoint = _columns(
        ColumnSample("histology_type", ("clear cell", "papillary", "clear cell")),
        ColumnSample("histology_kind", ("clear cell", "papillary", "chromophobe")),
        ColumnSample("histology_class", ("progressive", "stable", "regressive")),
    )
    kept, held = pair_evidence(source, shared), pair_evidence(source, disjoint)
    assert "disjoint_categories" not in kept
    assert held["disjoint_categories"] == 1.0
    assert held["raw"] <= kept["raw"] * DISJOINT_CATEGORIES_FACTOR


def test_same_names_are_not_held_back_by_differently_coded_categories() -> None:
    source, target = _columns(
        ColumnSample("status", ("open", "closed", "open")),
        ColumnSample("Status", ("active", "inactive", "active")),
    )
    assert "disjoint_categories" not in pair_evidence(source, target)
