"""The LLM layer through the real OpenAI and Gemini SDKs against the local fake provider."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from autonomos_dcl.errors import (
    LlmMalformedAnswerError,
    LlmProviderError,
    LlmRateLimitedError,
    LlmRequestRejectedError,
    LlmTimeoutError,
)
from autonomos_dcl.llm import (
    CandidateField,
    ColumnQuestion,
    LlmConfig,
    LlmProvider,
    MemoryExample,
    propose_mappings,
    propose_mappings_or_fallback,
    summarize_findings,
    summarize_or_template,
)
from tests.fakes.llm_server import FakeLlmServer

pytestmark = pytest.mark.functional

PROVIDERS: list[LlmProvider] = ["openai", "gemini"]
API_KEY = "test-key-7f3a"

QUESTIONS = [
    ColumnQuestion(
        table="Account",
        column="AccountName",
        system="salesforce",
        type="string",
        samples=["Acme Corp", "Globex"],
        profile={"null_ratio": 0.0, "distinct_ratio": 0.98},
        candidates=[
            CandidateField("account", "industry", "string", 0.4),
            CandidateField("account", "account_name", "string", 0.55),
        ],
    ),
    ColumnQuestion(
        table="Account",
        column="AnnualRevenue",
        type="decimal",
        samples=["1200000.50"],
        candidates=[
            CandidateField("account", "revenue", "decimal", 0.6),
            CandidateField("account", "employee_count", "integer", 0.3),
        ],
    ),
    ColumnQuestion(
        table="Opportunity",
        column="StageName",
        candidates=[CandidateField("opportunity", "stage", "string", 0.5)],
    ),
]
EXAMPLES = [MemoryExample("AcctNm", "accounts", "account", "account_name")]
FINDINGS = [
    {"severity": "high", "title": "Cost spike on EC2", "detail": "+240% in March"},
    {"severity": "low", "title": "Untagged bucket"},
]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeLlmServer]:
    with FakeLlmServer() as srv:
        yield srv


@pytest.fixture
def fake(server: FakeLlmServer) -> FakeLlmServer:
    server.reset()
    return server


def _config(
    provider: LlmProvider, srv: FakeLlmServer, timeout: float = 5.0, retries: int = 0
) -> LlmConfig:
    return LlmConfig(
        provider=provider,
        model=f"{provider}-test-model",
        api_key=API_KEY,
        base_url=srv.base_url_openai if provider == "openai" else srv.base_url_gemini,
        timeout_seconds=timeout,
        max_retries=retries,
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_good_answer_is_parsed_and_validated(provider: LlmProvider, fake: FakeLlmServer) -> None:
    result = propose_mappings(_config(provider, fake), QUESTIONS, EXAMPLES)

    replied = json.loads(fake.requests[0].reply_text)["answers"]
    assert [(a.column, a.entity, a.field, a.confidence) for a in result.answers] == [
        (r["column"], r["entity"], r["field"], r["confidence"]) for r in replied
    ]
    chosen = {a.column: a.field for a in result.answers}
    assert chosen["AccountName"] == "account_name"  # beats the higher-listed "industry"
    assert chosen["StageName"] == "stage"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_model_and_api_key_reach_the_provider(provider: LlmProvider, fake: FakeLlmServer) -> None:
    config = _config(provider, fake)
    propose_mappings(config, QUESTIONS[:1])
    (request,) = fake.requests
    assert request.provider == provider
    assert request.model == config.model
    assert request.api_key == API_KEY


@pytest.mark.parametrize("provider", PROVIDERS)
def test_prompt_carries_profiles_candidates_examples_and_asks_for_json(
    provider: LlmProvider, fake: FakeLlmServer
) -> None:
    propose_mappings(_config(provider, fake), QUESTIONS, EXAMPLES)
    (request,) = fake.requests
    for expected in ("AccountName", "Acme Corp", "distinct_ratio", "employee_count", "AcctNm"):
        assert expected in request.prompt_text
    if provider == "openai":
        response_format = request.body["response_format"]
        assert response_format["type"] == "json_schema"
        assert "answers" in response_format["json_schema"]["schema"]["properties"]
    else:
        generation = request.body["generationConfig"]
        assert generation["responseMimeType"] == "application/json"
        assert "answers" in generation["responseJsonSchema"]["properties"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_batches_and_usage_are_counted_from_the_responses(
    provider: LlmProvider, fake: FakeLlmServer
) -> None:
    questions = [
        *QUESTIONS,
        *(
            ColumnQuestion(f"T{i}", q.column, candidates=q.candidates)
            for i, q in enumerate(QUESTIONS)
        ),
    ]
    result = propose_mappings(_config(provider, fake), questions, max_columns_per_call=2)

    requests = fake.requests
    assert len(requests) == 3
    assert result.usage.calls == 3
    assert result.usage.input_tokens == sum(r.input_tokens for r in requests) > 0
    assert result.usage.output_tokens == sum(r.output_tokens for r in requests) > 0
    assert len(result.answers) == len(questions)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("mode", ["malformed", "invalid"])
def test_bad_answers_raise_malformed_answer(
    provider: LlmProvider, mode: str, fake: FakeLlmServer
) -> None:
    fake.mode = mode
    with pytest.raises(LlmMalformedAnswerError):
        propose_mappings(_config(provider, fake), QUESTIONS)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_slow_provider_raises_timeout(provider: LlmProvider, fake: FakeLlmServer) -> None:
    fake.mode = "slow"
    with pytest.raises(LlmTimeoutError) as caught:
        propose_mappings(_config(provider, fake, timeout=0.3), QUESTIONS)
    assert caught.value.retryable is True


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("mode", "expected", "retryable"),
    [
        ("error500", LlmProviderError, True),
        ("error429", LlmRateLimitedError, True),
        ("error401", LlmRequestRejectedError, False),
    ],
)
def test_provider_errors_raise_typed_errors(
    provider: LlmProvider, mode: str, expected: type, retryable: bool, fake: FakeLlmServer
) -> None:
    fake.mode = mode
    with pytest.raises(LlmProviderError) as caught:
        propose_mappings(_config(provider, fake), QUESTIONS)
    assert type(caught.value) is expected
    assert caught.value.retryable is retryable
    assert len(fake.requests) == 1  # max_retries=0: no SDK retry


@pytest.mark.parametrize("provider", PROVIDERS)
def test_max_retries_reaches_the_sdk(provider: LlmProvider, fake: FakeLlmServer) -> None:
    fake.queue_modes("error500")
    result = propose_mappings(_config(provider, fake, retries=1), QUESTIONS[:1])
    assert [r.mode for r in fake.requests] == ["error500", "good"]
    assert result.usage.calls == 1
    assert result.answers[0].field == "account_name"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_fallback_reports_failure_without_leaking_the_key(
    provider: LlmProvider, fake: FakeLlmServer
) -> None:
    fake.mode = "malformed"
    result, narration = propose_mappings_or_fallback(_config(provider, fake), QUESTIONS)
    assert result is None
    assert "llm_malformed_answer" in narration
    assert API_KEY not in narration


@pytest.mark.parametrize("provider", PROVIDERS)
def test_fallback_keeps_the_answers_of_successful_batches(
    provider: LlmProvider, fake: FakeLlmServer
) -> None:
    fake.queue_modes("good", "error429")
    result, narration = propose_mappings_or_fallback(
        _config(provider, fake), QUESTIONS, max_columns_per_call=2
    )
    assert result is not None
    assert [a.column for a in result.answers] == ["AccountName", "AnnualRevenue"]
    assert result.usage.calls == 1
    assert "1 of 2 calls failed" in narration
    assert "llm_rate_limited" in narration


@pytest.mark.parametrize("provider", PROVIDERS)
def test_summary_text_and_usage_come_from_the_provider(
    provider: LlmProvider, fake: FakeLlmServer
) -> None:
    text, usage = summarize_findings(_config(provider, fake), "finops_pilot", FINDINGS)
    (request,) = fake.requests
    assert text == request.reply_text.strip()
    assert (usage.calls, usage.input_tokens, usage.output_tokens) == (
        1,
        request.input_tokens,
        request.output_tokens,
    )
    assert "Cost spike on EC2" in request.prompt_text


@pytest.mark.parametrize("provider", PROVIDERS)
def test_summary_falls_back_to_the_template_on_failure(
    provider: LlmProvider, fake: FakeLlmServer
) -> None:
    fake.mode = "error500"
    result = summarize_or_template(_config(provider, fake), "finops_pilot", FINDINGS)
    assert result.method == "template"
    assert result.text.startswith("finops_pilot: 2 findings")
    assert "llm_provider_error" in result.narration
    fake.mode = "good"
    assert summarize_or_template(_config(provider, fake), "finops_pilot", FINDINGS).method == "llm"
