"""Company-name normalisation and deal-stage keys."""

import pytest

from autonomos_dcl.agents.names import normalize_company_name, stage_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ACME Cloud Corporation", "acme cloud"),
        ("Acme Cloud Corp.", "acme cloud"),
        ("acme  cloud, inc", "acme cloud"),
        ("Globex L.L.C.", "globex"),
        ("Initech Ltd", "initech"),
        ("Initech Limited", "initech"),
        ("Hooli GmbH", "hooli"),
        ("Bluth Group Holdings", "bluth group"),
        ("Wonka Industries International", "wonka industries"),
        ("Stark-Wayne Partners LLP", "stark wayne partners"),
        ("O'Neil & Sons Co", "oneil sons"),
        ("  Tyrell\tCorp  ", "tyrell"),
    ],
)
def test_legal_suffixes_punctuation_and_blanks_go(name: str, expected: str) -> None:
    assert normalize_company_name(name) == expected


def test_numbered_names_keep_their_number() -> None:
    assert normalize_company_name("Acme Corp 2") == "acme 2"
    assert normalize_company_name("ACME Corporation 2") == "acme 2"
    assert normalize_company_name("Acme Corp 2") != normalize_company_name("Acme Corp 3")


def test_the_first_word_stays_even_when_it_is_a_legal_word() -> None:
    assert normalize_company_name("Company") == "company"
    assert normalize_company_name("Co Op Inc") == "co op"


def test_words_that_only_contain_a_legal_word_stay() -> None:
    assert (
        normalize_company_name("Incognito Corporate Solutions") == "incognito corporate solutions"
    )


def test_none_and_blank_give_empty() -> None:
    assert normalize_company_name(None) == ""
    assert normalize_company_name("  ...  ") == ""


def test_normalisation_is_idempotent() -> None:
    once = normalize_company_name("The Acme, Inc. (Europe) GmbH")
    assert normalize_company_name(once) == once


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("Closed Won", "closedwon"),
        ("closedwon", "closedwon"),
        ("Closed-Lost", "closedlost"),
        ("Proposal/Price Quote", "proposalpricequote"),
        (None, ""),
    ],
)
def test_stage_keys(stage: str | None, expected: str) -> None:
    assert stage_key(stage) == expected
