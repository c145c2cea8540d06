"""LlmConfig validation and its key-safe repr."""

from __future__ import annotations

from typing import Any

import pytest

from autonomos_dcl.errors import LlmConfigError
from autonomos_dcl.llm import LlmConfig

VALID: dict[str, Any] = {
    "provider": "openai",
    "model": "gpt-test",
    "api_key": "sk-secret-value",
    "base_url": "http://127.0.0.1:9999/v1",
    "timeout_seconds": 5.0,
    "max_retries": 0,
}


def test_valid_config_keeps_values_and_labels_provider_and_model() -> None:
    config = LlmConfig(**VALID)
    assert config.label == "openai/gpt-test"
    assert config.timeout_seconds == 5.0


def test_repr_never_shows_the_api_key() -> None:
    assert "sk-secret-value" not in repr(LlmConfig(**VALID))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("provider", "anthropic"),
        ("model", "  "),
        ("api_key", ""),
        ("base_url", "ftp://example.com"),
        ("timeout_seconds", 0),
        ("timeout_seconds", -1.0),
        ("max_retries", -1),
    ],
)
def test_unusable_values_raise_llm_config_invalid(name: str, value: object) -> None:
    with pytest.raises(LlmConfigError):
        LlmConfig(**{**VALID, name: value})


def test_base_url_may_be_none_for_the_public_endpoint() -> None:
    assert LlmConfig(**{**VALID, "base_url": None}).base_url is None
