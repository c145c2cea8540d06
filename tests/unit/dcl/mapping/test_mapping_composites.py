"""Composite fields (address, phone, full name) against their parts."""

from autonomos_dcl.mapping import ColumnSample, TableSample, match_schemas
from autonomos_dcl.mapping.composites import (
    COMPOSITES,
    NAME_ONLY_CONFIDENCE,
    add_composite_parts,
    part_of,
    whole_of,
)
from autonomos_dcl.mapping.names import base_vocabulary
from autonomos_dcl.mapping.scoring import ColumnInfo, prepare_tables

ADDRESS, PHONE, NAME = COMPOSITES


def _info(name: str, table: str = "contact") -> ColumnInfo:
    return prepare_tables([TableSample(table, [ColumnSample(name)])], base_vocabulary(), False)[0]


def test_wholes_and_parts_are_read_from_names() -> None:
    assert whole_of(_info("address"), ADDRESS)
    assert not whole_of(_info("email_address"), ADDRESS)
    assert not whole_of(_info("street_address"), ADDRESS)
    assert part_of(_info("ZipCode"), ADDRESS) == "postal"
    assert part_of(_info("city"), ADDRESS) == "city"
    assert part_of(_info("phone_prefix"), PHONE) == "prefix"
    assert part_of(_info("prefix"), PHONE) is None
    assert whole_of(_info("full_name"), NAME)
    assert not whole_of(_info("product_name"), NAME)
    assert part_of(_info("surname"), NAME) == "last"


def _rows() -> tuple[list[str], list[str], list[str], list[str]]:
    cities = ["Boston", "Berlin", "Austin", "Denver"] * 5
    zips = [f"{10000 + 7 * i}" for i in range(20)]
    streets = [f"{i + 1} Main St" for i in range(20)]
    phones = [f"+{1 if i % 2 else 49} 30 {1000000 + i}" for i in range(20)]
    return cities, zips, streets, phones


def test_address_parts_feed_one_address_field_and_a_phone_feeds_its_parts() -> None:
    cities, zips, streets, phones = _rows()
    source = TableSample(
        "customers",
        [
            ColumnSample("street", streets),
            ColumnSample("city", cities),
            ColumnSample("postal_code", zips),
            ColumnSample("phone", phones),
        ],
    )
    target = TableSample(
        "contact",
        [
            ColumnSample(
                "address", [f"{s}, {z} {c}" for s, z, c in zip(streets, zips, cities, strict=True)]
            ),
            ColumnSample("phone_prefix", [p.split()[0] for p in phones]),
            ColumnSample("phone_number", [" ".join(p.split()[1:]) for p in phones]),
        ],
    )
    pairs = {(m.source_column, m.target_column): m for m in match_schemas([source], [target])}
    for part in ("street", "city", "postal_code"):
        assert (part, "address") in pairs
    assert ("phone", "phone_prefix") in pairs
    assert ("phone", "phone_number") in pairs
    assert pairs[("city", "address")].evidence["embedded"] == 1.0
    assert pairs[("city", "address")].confidence >= 0.9


def test_parts_whose_values_are_not_inside_the_whole_are_not_added() -> None:
    cities, zips, _, _ = _rows()
    source = TableSample(
        "customers", [ColumnSample("city", cities), ColumnSample("street", ["Elm 1"] * 20)]
    )
    target = TableSample("contact", [ColumnSample("address", [f"Elm 1, {z} Paris" for z in zips])])
    pairs = {(m.source_column, m.target_column) for m in match_schemas([source], [target])}
    assert ("city", "address") not in pairs


def test_schema_only_parts_get_a_name_only_confidence_and_respect_one_to_one() -> None:
    source = TableSample("people", [ColumnSample("first_name"), ColumnSample("last_name")])
    target = TableSample("contact", [ColumnSample("full_name")])
    matches = match_schemas([source], [target])
    found = {m.source_column: m for m in matches if m.target_column == "full_name"}
    assert set(found) == {"first_name", "last_name"}
    added = [m for m in found.values() if "composite" in m.evidence]
    assert added and all(m.confidence == NAME_ONLY_CONFIDENCE for m in added)
    assert add_composite_parts([], [], [], 1) == []
