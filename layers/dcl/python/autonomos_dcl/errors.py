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


class LlmConfigError(LlmError):
    """The LLM configuration is unusable (unknown provider, empty key or model, bad values)."""

    status = 400
    code = "llm_config_invalid"
    retryable = False


class LlmMalformedAnswerError(LlmError):
    """The provider answered, but not with JSON that matches the expected schema."""

    status = 502
    code = "llm_malformed_answer"
    retryable = False


class LlmTimeoutError(LlmError):
    """The provider did not answer within the configured timeout."""

    status = 504
    code = "llm_timeout"
    retryable = True


class LlmProviderError(LlmError):
    """The provider failed: a 5xx answer or a connection error (transient)."""

    status = 502
    code = "llm_provider_error"
    retryable = True


class LlmRateLimitedError(LlmProviderError):
    """The provider refused the call for rate or quota reasons (HTTP 429)."""

    status = 503
    code = "llm_rate_limited"
    retryable = True


class LlmRequestRejectedError(LlmProviderError):
    """The provider rejected the request (4xx other than 429: bad key, unknown model...)."""

    status = 502
    code = "llm_request_rejected"
    retryable = False


# The names the mapping pipeline's brief uses.
LlmMalformedAnswer = LlmMalformedAnswerError
LlmTimeout = LlmTimeoutError


# --- ontology, sources, publish (autonomos_dcl.models, .sources, .publish) ----


class InvalidOntologyError(DclError):
    """An ontology document is malformed (bad names, types, duplicate or missing keys)."""

    status = 400
    code = "invalid_ontology"
    retryable = False


class SourceError(DclError):
    """Base class of the source readers' errors (demo, file, SQL)."""

    status = 400
    code = "source_error"
    retryable = False


class UnknownSourceError(SourceError):
    """The source key or table is not in the catalogue."""

    status = 404
    code = "unknown_source"
    retryable = False


class InvalidSourceFileError(SourceError):
    """An uploaded file cannot be read: bad format, encoding or structure.

    The message names the file and, where it applies, the line.
    """

    status = 400
    code = "invalid_source_file"
    retryable = False


class SourceTooLargeError(SourceError):
    """An uploaded file or SQL table exceeds a size, row or column limit."""

    status = 413
    code = "source_too_large"
    retryable = False


class SqlSourceInvalidError(SourceError):
    """A SQL source URL or table selection is unusable (bad URL, unknown table, no driver)."""

    status = 400
    code = "sql_source_invalid"
    retryable = False


class SqlSourceUnavailableError(SourceError):
    """The SQL source could not be reached or failed while reading (may be transient)."""

    status = 502
    code = "sql_source_unavailable"
    retryable = True


class PublishError(DclError):
    """Base class of the publish stage's errors."""

    status = 500
    code = "publish_error"
    retryable = False


class InvalidMappingError(PublishError):
    """A mapping names a source table, column, entity, field or transform that does not exist."""

    status = 400
    code = "invalid_mapping"
    retryable = False


class VersionExistsError(PublishError):
    """The version number is already published; versions are immutable."""

    status = 409
    code = "version_exists"
    retryable = False


class UnknownViewError(PublishError):
    """A preview names a view that the published version does not contain."""

    status = 404
    code = "unknown_view"
    retryable = False


# --- mapping (autonomos_dcl.mapping) --------------------------------------------


class MappingError(DclError):
    """Base class of the mapping stage's errors."""

    status = 400
    code = "mapping_error"
    retryable = False


class MatchInputError(MappingError):
    """Tables given to the matcher cannot be read: a missing path, a folder
    without CSV files, a malformed schema CSV (the message names the path)."""

    status = 400
    code = "match_input_invalid"
    retryable = False


# --- agents (autonomos_dcl.agents) ------------------------------------------------


class AgentError(DclError):
    """Base class of the agents' errors (missing inputs are a result, not an error)."""

    status = 500
    code = "agent_error"
    retryable = False


class UnknownAgentError(AgentError):
    """The agent id is not in the catalogue."""

    status = 404
    code = "unknown_agent"
    retryable = False


class InvalidAgentSettingsError(AgentError):
    """Agent settings have unknown keys, bad values, or belong to another agent."""

    status = 400
    code = "invalid_agent_settings"
    retryable = False
