"""Identifier splitting, stemming and word segmentation."""

from autonomos_dcl.mapping.tokens import (
    normalise_name,
    segment,
    split_identifier,
    stem,
    strip_custom_suffix,
)


def test_split_handles_camel_pascal_snake_kebab_and_upper_case() -> None:
    assert split_identifier("familyNameLabel") == ("family", "name", "label")
    assert split_identifier("AnnualRevenue") == ("annual", "revenue")
    assert split_identifier("line_item_usage_type") == ("line", "item", "usage", "type")
    assert split_identifier("close-date") == ("close", "date")
    assert split_identifier("UNBLENDED_COST") == ("unblended", "cost")
    assert split_identifier("HTTPServer") == ("http", "server")


def test_split_separates_digits_and_abbreviations() -> None:
    assert split_identifier("sessions30d") == ("sessions", "30", "d")
    assert split_identifier("telephone1") == ("telephone", "1")
    assert split_identifier("NChildren") == ("n", "children")


def test_salesforce_custom_suffix_is_stripped() -> None:
    assert strip_custom_suffix("Health_Score__c") == ("Health_Score", True)
    assert strip_custom_suffix("Name") == ("Name", False)
    assert split_identifier("Customer_Tier__c") == ("customer", "tier")
    assert normalise_name("Account_Name__c") == "accountname"


def test_stem_makes_plurals_singular_but_keeps_status_like_words() -> None:
    assert stem("opportunities") == "opportunity"
    assert stem("addresses") == "address"
    assert stem("sessions") == "session"
    assert stem("status") == "status"
    assert stem("class") == "class"


def test_segment_splits_concatenated_words_with_a_vocabulary() -> None:
    vocabulary = {"account", "id", "close", "date", "mobile", "no"}
    assert segment("accountid", vocabulary) == ("account", "id")
    assert segment("closedate", vocabulary) == ("close", "date")
    assert segment("mobileno", vocabulary) == ("mobile", "no")
    assert segment("musician", vocabulary) == ("musician",)


def test_segment_accepts_plurals_of_vocabulary_words() -> None:
    vocabulary = {"unit", "in", "stock", "report", "to"}
    assert segment("unitsinstock", vocabulary) == ("units", "in", "stock")
    assert segment("reportsto", vocabulary) == ("reports", "to")
