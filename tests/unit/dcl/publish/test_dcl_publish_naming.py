"""Quoting and table names inside a version file."""

import pytest

from autonomos_dcl.publish.arrow_prep import distinct_names
from autonomos_dcl.publish.naming import (
    TableNames,
    entity_table_name,
    quote_ident,
    quote_literal,
    slug,
)


def test_identifiers_and_literals_escape_their_quotes() -> None:
    assert quote_ident('a"; DROP TABLE x; --') == '"a""; DROP TABLE x; --"'
    assert quote_literal("O'Brien") == "'O''Brien'"
    with pytest.raises(ValueError):
        quote_ident("a\x00b")
    with pytest.raises(ValueError):
        quote_literal("a\x00b")


def test_slugs_and_table_names_are_safe_and_unique() -> None:
    assert slug("Cloud Spend-2") == "cloud_spend_2"
    assert slug('";--') == "x"
    names = TableNames()
    first = names.source_table("sf", "Account")
    second = names.source_table("SF", "account")
    assert first == "src_sf__account"
    assert second == "src_sf__account_2"
    assert entity_table_name("aws_resources") == "entity_aws_resources"


def test_column_names_become_distinct_ignoring_case() -> None:
    assert distinct_names(["Id", "ID", "", "id", "name"]) == [
        "Id",
        "ID_2",
        "column_3",
        "id_3",
        "name",
    ]
