"""Gemini adapter: ``google.genai.Client(...).models.generate_content`` (official SDK).

Every SDK or transport failure becomes one of the typed errors of
:mod:`autonomos_dcl.errors`.
"""

from __future__ import annotations

import importlib

import pydantic
from google import genai
from google.genai import errors as genai_errors
from google.genai import types

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

_RETRY_INITIAL_DELAY_SECONDS = 0.5
_RETRY_MAX_DELAY_SECONDS = 8.0


def _transport_errors(name: str) -> tuple[type[Exception], ...]:
    """``name`` (e.g. ``TimeoutException``) from httpx and httpx2, whichever the SDK uses."""
    found: list[type[Exception]] = []
    for module_name in ("httpx", "httpx2"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        error_type = getattr(module, name, None)
        if isinstance(error_type, type) and issubclass(error_type, Exception):
            found.append(error_type)
    return tuple(found)


_TIMEOUT_ERRORS = _transport_errors("TimeoutException")
_TRANSPORT_ERRORS = _transport_errors("TransportError")
_CALL_ERRORS: tuple[type[Exception], ...] = (genai_errors.APIError, *_TRANSPORT_ERRORS)


def _http_options(config: LlmConfig) -> types.HttpOptions:
    retry = (
        types.HttpRetryOptions(
            attempts=config.max_retries + 1,
            initial_delay=_RETRY_INITIAL_DELAY_SECONDS,
            max_delay=_RETRY_MAX_DELAY_SECONDS,
        )
        if config.max_retries > 0
        else None
    )
    return types.HttpOptions(
        base_url=config.base_url,
        timeout=max(1, round(config.timeout_seconds * 1000)),  # the SDK counts milliseconds
        retry_options=retry,
    )


def complete_gemini(config: LlmConfig, request: CompletionRequest) -> Completion:
    """Send ``request`` to Gemini (or ``config.base_url``) and return its text."""
    client = genai.Client(
        vertexai=False, api_key=config.api_key, http_options=_http_options(config)
    )
    generation = types.GenerateContentConfig(
        system_instruction=request.system,
        response_mime_type="application/json" if request.json_schema is not None else None,
        response_json_schema=dict(request.json_schema) if request.json_schema is not None else None,
    )
    try:
        response = client.models.generate_content(
            model=config.model, contents=request.user, config=generation
        )
    except _CALL_ERRORS as exc:
        raise translate_gemini_error(exc) from exc
    except (genai_errors.UnknownApiResponseError, pydantic.ValidationError) as exc:
        raise LlmMalformedAnswerError(f"Gemini answered with an unexpected shape: {exc}") from exc
    finally:
        client.close()
    text = response.text
    if text is None:
        raise LlmMalformedAnswerError(f"{config.label} returned no text")
    metadata = response.usage_metadata
    output_tokens = 0
    if metadata is not None:
        output_tokens = (metadata.candidates_token_count or 0) + (
            metadata.thoughts_token_count or 0
        )
    return Completion(
        text=text,
        usage=LlmUsage(
            calls=1,
            input_tokens=(metadata.prompt_token_count or 0) if metadata else 0,
            output_tokens=output_tokens,
        ),
    )


def translate_gemini_error(exc: Exception) -> LlmError:
    """Map a Gemini SDK (or its HTTP transport's) exception onto the layer's typed errors."""
    if isinstance(exc, _TIMEOUT_ERRORS):
        return LlmTimeoutError(f"Gemini did not answer in time: {exc}")
    if isinstance(exc, genai_errors.APIError):
        status = exc.code
        if status == 429:
            return LlmRateLimitedError(f"Gemini rate limit or quota (HTTP 429): {exc.message}")
        if status == 408:
            return LlmTimeoutError(f"Gemini timed out the request (HTTP 408): {exc.message}")
        if status == 409 or status >= 500:
            return LlmProviderError(f"Gemini failed (HTTP {status}): {exc.message}")
        return LlmRequestRejectedError(
            f"Gemini rejected the request (HTTP {status}): {exc.message}"
        )
    return LlmProviderError(f"cannot reach Gemini: {exc}")
