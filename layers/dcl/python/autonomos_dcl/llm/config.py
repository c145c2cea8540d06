"""The LLM provider configuration: plain values, validated on construction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from autonomos_dcl.errors import LlmConfigError

LlmProvider = Literal["openai", "gemini"]
PROVIDERS: tuple[str, ...] = get_args(LlmProvider)


@dataclass(frozen=True)
class LlmConfig:
    """Which provider and model to call, and how.

    - ``provider``: ``"openai"`` or ``"gemini"``.
    - ``model``: the provider's model name (chosen per request by the caller).
    - ``api_key``: the provider key; never shown by ``repr``.
    - ``base_url``: the API root, or ``None`` for the provider's public endpoint.
      For OpenAI it includes the version (``https://api.openai.com/v1``); for Gemini it
      is the host root (the SDK adds ``/v1beta/models/...``).
    - ``timeout_seconds``: bound on each HTTP attempt (connect, send and every read).
      A call makes at most ``1 + max_retries`` attempts.
    - ``max_retries``: SDK retries on timeouts, 429 and 5xx answers (0 disables them).

    The core settings object builds it; this package never reads the environment.
    Raises :class:`LlmConfigError` when a value is unusable.
    """

    provider: LlmProvider
    model: str
    api_key: str = field(repr=False)
    base_url: str | None = None
    timeout_seconds: float = 30.0
    max_retries: int = 1

    def __post_init__(self) -> None:
        if self.provider not in PROVIDERS:
            raise LlmConfigError(f"unknown LLM provider {self.provider!r}; use one of {PROVIDERS}")
        if not self.model.strip():
            raise LlmConfigError("the LLM model name is empty")
        if not self.api_key.strip():
            raise LlmConfigError(f"the {self.provider} API key is empty")
        if self.base_url is not None and not self.base_url.startswith(("http://", "https://")):
            raise LlmConfigError("the LLM base URL must start with http:// or https://")
        if not self.timeout_seconds > 0:
            raise LlmConfigError("the LLM timeout must be a positive number of seconds")
        if self.max_retries < 0:
            raise LlmConfigError("the LLM max_retries must be zero or more")

    @property
    def label(self) -> str:
        """``provider/model``, for narration lines and logs."""
        return f"{self.provider}/{self.model}"
