"""One provider call: the request and answer shapes shared by both provider adapters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from autonomos_dcl.llm.types import LlmUsage


@dataclass(frozen=True)
class CompletionRequest:
    """A system instruction and one user message.

    When ``json_schema`` is set the provider is asked for JSON matching it (OpenAI
    structured outputs, Gemini ``response_json_schema``); ``schema_name`` names it.
    """

    system: str
    user: str
    json_schema: Mapping[str, Any] | None = None
    schema_name: str = "answer"


@dataclass(frozen=True)
class Completion:
    """The model's text and the usage of this one call (``calls == 1``)."""

    text: str
    usage: LlmUsage
