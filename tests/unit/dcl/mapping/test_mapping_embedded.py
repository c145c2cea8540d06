"""Values found inside other values."""

from autonomos_dcl.mapping.embedded import embedded_share, value_tokens


def test_value_tokens_are_lower_case_words_and_digits_without_leading_zeros() -> None:
    assert value_tokens("+49 030/123") == ("49", "30", "123")
    assert value_tokens("12 Main St.") == ("12", "main", "st")
    assert value_tokens("000") == ("0",)


def test_parts_are_found_inside_wholes() -> None:
    addresses = ["12 Main St, 02134 Boston", "7 Oak Ave, 10115 Berlin"]
    assert embedded_share(["Boston", "Berlin"], addresses) == 1.0
    assert embedded_share(["02134", "99999"], addresses) == 0.5
    assert embedded_share(["12 Main St"], addresses) == 1.0


def test_equal_values_and_single_token_wholes_are_not_parts() -> None:
    assert embedded_share(["Boston"], ["Boston", "Berlin"]) == 0.0
    assert embedded_share(["Boston"], ["Boston Berlin"]) == 1.0
    assert embedded_share([], ["a b"]) == 0.0
    assert embedded_share(["a", None], [None]) == 0.0
