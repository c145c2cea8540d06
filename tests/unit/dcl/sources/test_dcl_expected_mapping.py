"""The hand-checked expected mapping covers every demo column and only real fields."""

import pyarrow as pa
import pytest

from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.publish.feeds import table_feeds
from autonomos_dcl.sources.demo import (
    EXPECTED_MAPPING,
    expected_field_mappings,
    expected_pairs,
    generate_demo,
)


@pytest.fixture(scope="module")
def demo() -> dict[str, dict[str, pa.Table]]:
    return generate_demo(scale=0.1)


def test_every_demo_column_has_exactly_one_entry(demo: dict[str, dict[str, pa.Table]]) -> None:
    columns = {
        (key, table, column)
        for key, tables in demo.items()
        for table, data in tables.items()
        for column in data.column_names
    }
    assert set(EXPECTED_MAPPING) == columns


def test_every_target_is_a_field_of_the_default_ontology() -> None:
    for column, pairs in EXPECTED_MAPPING.items():
        for entity, field in pairs:
            assert DEFAULT_ONTOLOGY.has_field(entity, field), (column, entity, field)


def test_every_ontology_field_is_fed_by_some_demo_column() -> None:
    fed = {(entity, field) for *_, entity, field in expected_pairs()}
    for entity in DEFAULT_ONTOLOGY.entities:
        for field in entity.fields:
            assert (entity.name, field.name) in fed, (entity.name, field.name)


def test_some_columns_map_to_nothing_and_one_column_to_two_fields() -> None:
    assert sum(1 for pairs in EXPECTED_MAPPING.values() if not pairs) >= 40
    assert EXPECTED_MAPPING[("salesforce", "Account", "Id")] == (
        ("account", "account_id"),
        ("health", "account_id"),
    )
    assert EXPECTED_MAPPING[("dynamics", "opportunities", "parentaccountid")] == (
        ("opportunity", "account_id"),
    )


def test_as_field_mappings_every_mapped_table_feeds_rows() -> None:
    mappings = expected_field_mappings()
    assert all(m.method == "human" and m.confidence == 1.0 for m in mappings)
    assert len(mappings) == len(expected_pairs())
    mapped_tables = {(m.entity, m.source_key, m.table) for m in mappings}
    feeding = {(f.entity, f.source_key, f.table) for f in table_feeds(DEFAULT_ONTOLOGY, mappings)}
    assert feeding == mapped_tables
    assert {m.source_key for m in expected_field_mappings({"sap"})} == {"sap"}
