"""The LLM errors' contract and the translation of SDK exceptions (no network)."""

from __future__ import annotations

import re

import httpx2
import openai
import pytest
from google.genai import errors as genai_errors

from autonomos_dcl import errors
from autonomos_dcl.errors import (
    LlmError,
    LlmMalformedAnswerError,
    LlmProviderError,
    LlmRateLimitedError,
    LlmRequestRejectedError,
    LlmTimeoutError,
)
from autonomos_dcl.llm.gemini_provider import translate_gemini_error
from autonomos_dcl.llm.openai_provider import translate_openai_error

LLM_ERRORS = sorted(
    {
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, LlmError)
    },
    key=lambda error_type: error_type.__name__,
)


@pytest.mark.parametrize("error_type", LLM_ERRORS, ids=lambda t: t.__name__)
def test_every_llm_error_declares_status_code_and_retryable(error_type: type[LlmError]) -> None:
    assert isinstance(error_type.status, int) and 400 <= error_type.status < 600
    assert re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", error_type.code)
    assert isinstance(error_type.retryable, bool)


def test_llm_error_codes_are_distinct() -> None:
    codes = [error_type.code for error_type in LLM_ERRORS]
    assert len(codes) == len(set(codes))


_REQUEST = httpx2.Request("POST", "http://127.0.0.1:1/v1/chat/completions")


_OPENAI_STATUS_TYPES: dict[int, type[openai.APIStatusError]] = {
    401: openai.AuthenticationError,
    404: openai.NotFoundError,
    429: openai.RateLimitError,
    500: openai.InternalServerError,
    503: openai.InternalServerError,
}


def _openai_status_error(status: int) -> openai.APIStatusError:
    """The exception the SDK raises for ``status`` (its own class per status)."""
    response = httpx2.Response(status, request=_REQUEST, json={"error": {"message": "x"}})
    error_type = _OPENAI_STATUS_TYPES.get(status, openai.APIStatusError)
    return error_type("x", response=response, body=None)


@pytest.mark.parametrize(
    ("status", "expected", "retryable"),
    [
        (500, LlmProviderError, True),
        (503, LlmProviderError, True),
        (429, LlmRateLimitedError, True),
        (408, LlmTimeoutError, True),
        (401, LlmRequestRejectedError, False),
        (404, LlmRequestRejectedError, False),
    ],
)
def test_openai_status_errors_translate(status: int, expected: type, retryable: bool) -> None:
    translated = translate_openai_error(_openai_status_error(status))
    assert type(translated) is expected
    assert translated.retryable is retryable


def test_openai_timeout_and_connection_errors_translate() -> None:
    assert type(translate_openai_error(openai.APITimeoutError(request=_REQUEST))) is LlmTimeoutError
    connection = translate_openai_error(openai.APIConnectionError(request=_REQUEST))
    assert type(connection) is LlmProviderError


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, LlmProviderError),
        (429, LlmRateLimitedError),
        (408, LlmTimeoutError),
        (403, LlmRequestRejectedError),
    ],
)
def test_gemini_api_errors_translate(status: int, expected: type) -> None:
    error_type = genai_errors.ServerError if status >= 500 else genai_errors.ClientError
    exc = error_type(status, {"error": {"code": status, "message": "m", "status": "S"}})
    assert type(translate_gemini_error(exc)) is expected


def test_gemini_transport_errors_translate() -> None:
    assert type(translate_gemini_error(httpx2.ReadTimeout("slow"))) is LlmTimeoutError
    assert type(translate_gemini_error(httpx2.ConnectError("refused"))) is LlmProviderError


def test_the_briefs_short_names_stay_importable() -> None:
    assert errors.LlmMalformedAnswer is LlmMalformedAnswerError
    assert errors.LlmTimeout is LlmTimeoutError


def test_malformed_answers_are_not_retryable_but_timeouts_are() -> None:
    assert LlmMalformedAnswerError.retryable is False
    assert LlmTimeoutError.retryable is True
