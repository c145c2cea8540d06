"""Dispatch one completion to the configured provider's adapter."""

from __future__ import annotations

from collections.abc import Callable

from autonomos_dcl.llm.completion import Completion, CompletionRequest
from autonomos_dcl.llm.config import LlmConfig
from autonomos_dcl.llm.gemini_provider import complete_gemini
from autonomos_dcl.llm.openai_provider import complete_openai

_ADAPTERS: dict[str, Callable[[LlmConfig, CompletionRequest], Completion]] = {
    "openai": complete_openai,
    "gemini": complete_gemini,
}


def complete(config: LlmConfig, request: CompletionRequest) -> Completion:
    """One call to ``config.provider``; raises the typed errors of :mod:`autonomos_dcl.errors`."""
    return _ADAPTERS[config.provider](config, request)
