"""OpenAI adapter: ``client.chat.completions.create`` through the official SDK.

Every SDK failure becomes one of the typed errors of :mod:`autonomos_dcl.errors`.
"""

from __future__ import annotations

from typing import Any

import openai

from autonomos_dcl.errors import (
    LlmError,
    LlmMalformedAnswerError,
    LlmProviderError,
    LlmRateLimitedError,
    LlmRequestRejectedError,
    LlmTimeoutError,
)
from autonomos_dcl.llm.completion import Completion, CompletionRequest
from autonomos_dcl.llm.config import LlmConfig
from autonomos_dcl.llm.types import LlmUsage


def complete_openai(config: LlmConfig, request: CompletionRequest) -> Completion:
    """Send ``request`` to OpenAI (or an OpenAI-compatible ``base_url``) and return its text."""
    client = openai.OpenAI(
        api_key=config.api_key,
        base_url=config.base_url,
        timeout=config.timeout_seconds,
        max_retries=config.max_retries,
    )
    try:
        response = client.chat.completions.create(
            model=config.model,
            messages=[
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
            ],
            response_format=_response_format(request),
        )
    except openai.OpenAIError as exc:
        raise translate_openai_error(exc) from exc
    finally:
        client.close()
    if not response.choices or response.choices[0].message.content is None:
        raise LlmMalformedAnswerError(f"{config.label} returned no message content")
    usage = response.usage
    return Completion(
        text=response.choices[0].message.content,
        usage=LlmUsage(
            calls=1,
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
        ),
    )


def _response_format(request: CompletionRequest) -> Any:
    if request.json_schema is None:
        return openai.omit
    return {
        "type": "json_schema",
        "json_schema": {
            "name": request.schema_name,
            "schema": dict(request.json_schema),
            "strict": True,
        },
    }


def translate_openai_error(exc: openai.OpenAIError) -> LlmError:
    """Map an OpenAI SDK exception onto the layer's typed errors."""
    if isinstance(exc, openai.APITimeoutError):
        return LlmTimeoutError(f"OpenAI did not answer in time: {exc}")
    if isinstance(exc, openai.APIResponseValidationError):
        return LlmMalformedAnswerError(f"OpenAI answered with an unexpected shape: {exc}")
    if isinstance(exc, openai.RateLimitError):
        return LlmRateLimitedError(f"OpenAI rate limit or quota (HTTP 429): {exc}")
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code == 408:
            return LlmTimeoutError(f"OpenAI timed out the request (HTTP 408): {exc}")
        if exc.status_code == 409 or exc.status_code >= 500:
            return LlmProviderError(f"OpenAI failed (HTTP {exc.status_code}): {exc}")
        return LlmRequestRejectedError(
            f"OpenAI rejected the request (HTTP {exc.status_code}): {exc}"
        )
    if isinstance(exc, openai.APIConnectionError):
        return LlmProviderError(f"cannot reach OpenAI: {exc}")
    return LlmProviderError(f"OpenAI call failed: {exc}")
