"""The login throttle's bucket keys (pure)."""

from autonomos.auth.throttle import account_key, source_key


def test_account_key_ignores_case_and_blanks_and_hides_the_address() -> None:
    key = account_key(" Alice@Example.com ")
    assert key == account_key("alice@example.com")
    assert key.startswith("login:account:") and "alice" not in key
    assert key != account_key("bob@example.com")


def test_source_key_is_none_without_an_address() -> None:
    assert source_key(None) is None and source_key("") is None
    assert source_key("203.0.113.9") == "login:source:203.0.113.9"
