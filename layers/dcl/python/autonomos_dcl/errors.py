"""Typed errors of the DCL engine.

Every error carries three class attributes the core services rely on:

- ``status``: the HTTP status an API handler should answer with,
- ``code``: a stable snake_case code for ``{"error": {"code": ...}}``,
- ``retryable``: whether retrying the same operation can help.

Each stage adds its own subclasses here; keep one base per stage.
"""

from __future__ import annotations


class DclError(Exception):
    """Base class of every error raised by the DCL engine."""

    status: int = 500
    code: str = "dcl_error"
    retryable: bool = False


# --- LLM provider layer (autonomos_dcl.llm) ---------------------------------


class LlmError(DclError):
    """Base class of the LLM provider layer's errors.

    Callers of the mapping pipeline catch this and fall back to heuristics.
    """

    status = 502
    code = "llm_error"
    retryable = False


class LlmConfigInvalid(LlmError):
    """The LLM configuration is unusable (unknown provider, empty key or model, bad values)."""

    status = 400
    code = "llm_config_invalid"
    retryable = False


class LlmMalformedAnswer(LlmError):
    """The provider answered, but not with JSON that matches the expected schema."""

    status = 502
    code = "llm_malformed_answer"
    retryable = False


class LlmTimeout(LlmError):
    """The provider did not answer within the configured timeout."""

    status = 504
    code = "llm_timeout"
    retryable = True


class LlmProviderError(LlmError):
    """The provider failed: a 5xx answer or a connection error (transient)."""

    status = 502
    code = "llm_provider_error"
    retryable = True


class LlmRateLimited(LlmProviderError):
    """The provider refused the call for rate or quota reasons (HTTP 429)."""

    status = 503
    code = "llm_rate_limited"
    retryable = True


class LlmRequestRejected(LlmProviderError):
    """The provider rejected the request (4xx other than 429: bad key, unknown model...)."""

    status = 502
    code = "llm_request_rejected"
    retryable = False
