"""The DCL's LLM provider layer: OpenAI and Gemini through their official SDKs.

Public surface:

- :class:`LlmConfig`: provider, model, key, base URL, timeout, retries (plain values).
- :func:`propose_mappings` / :func:`propose_mappings_or_fallback`: ask the model to map
  uncertain columns (:class:`ColumnQuestion` with :class:`CandidateField` s, plus
  :class:`MemoryExample` few-shots) and get validated :class:`LlmAnswer` s and
  :class:`LlmUsage`.
- :func:`summarize_findings`, :func:`summarize_or_template`, :func:`template_summary`:
  an agent's short narrative summary.

Failures raise the ``Llm*`` errors of :mod:`autonomos_dcl.errors`, all subclasses of
``LlmError``: ``LlmMalformedAnswerError``, ``LlmTimeoutError``, ``LlmProviderError`` (and
its ``LlmRateLimitedError`` / ``LlmRequestRejectedError``) and ``LlmConfigError``, each
with ``status``, ``code`` and ``retryable``.
"""

from autonomos_dcl.llm.config import PROVIDERS, LlmConfig, LlmProvider
from autonomos_dcl.llm.mapping import propose_mappings, propose_mappings_or_fallback
from autonomos_dcl.llm.summary import summarize_findings, summarize_or_template, template_summary
from autonomos_dcl.llm.types import (
    CandidateField,
    ColumnQuestion,
    LlmAnswer,
    LlmMappingResult,
    LlmUsage,
    MemoryExample,
    SummaryResult,
)

__all__ = [
    "PROVIDERS",
    "CandidateField",
    "ColumnQuestion",
    "LlmAnswer",
    "LlmConfig",
    "LlmMappingResult",
    "LlmProvider",
    "LlmUsage",
    "MemoryExample",
    "SummaryResult",
    "propose_mappings",
    "propose_mappings_or_fallback",
    "summarize_findings",
    "summarize_or_template",
    "template_summary",
]
