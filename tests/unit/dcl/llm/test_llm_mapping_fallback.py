"""propose_mappings_or_fallback paths that need no provider call (no I/O)."""

from __future__ import annotations

from autonomos_dcl.llm import (
    ColumnQuestion,
    LlmConfig,
    LlmUsage,
    propose_mappings,
    propose_mappings_or_fallback,
)

# An address nothing listens on: a test fails loudly if a call is attempted.
UNREACHABLE = LlmConfig(
    provider="openai",
    model="m",
    api_key="k",
    base_url="http://127.0.0.1:9/v1",
    timeout_seconds=0.1,
    max_retries=0,
)


def test_without_a_config_the_caller_is_told_to_use_heuristics() -> None:
    result, narration = propose_mappings_or_fallback(None, [ColumnQuestion("t", "c")])
    assert result is None
    assert "No LLM configured" in narration


def test_questions_without_candidates_need_no_call() -> None:
    result, narration = propose_mappings_or_fallback(UNREACHABLE, [ColumnQuestion("t", "c")])
    assert result is not None
    assert result.answers == []
    assert result.usage == LlmUsage()
    assert "No column needed the LLM" in narration
    assert propose_mappings(UNREACHABLE, []).usage.calls == 0


def test_usage_adds_up() -> None:
    total = LlmUsage(1, 10, 2) + LlmUsage(2, 5, 3)
    assert total == LlmUsage(3, 15, 5)
    assert total.total_tokens == 20
