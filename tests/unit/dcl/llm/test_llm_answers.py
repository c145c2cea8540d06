"""Validation of the model's mapping answers against the asked batch (no I/O)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from autonomos_dcl.errors import LlmMalformedAnswerError
from autonomos_dcl.llm import CandidateField, ColumnQuestion
from autonomos_dcl.llm.answers import MAX_REASON_CHARS, parse_mapping_answer
from autonomos_dcl.llm.prompt import MAX_CANDIDATES

QUESTIONS = [
    ColumnQuestion(
        table="Account",
        column="AnnualRevenue",
        candidates=[
            CandidateField("account", "revenue", "decimal", 0.6),
            CandidateField("account", "employee_count", "integer", 0.3),
        ],
    ),
    ColumnQuestion(
        table="Account",
        column="Name",
        candidates=[CandidateField("account", "account_name", "string", 0.5)],
    ),
]


def _answer(column: str, entity: Any, field: Any, confidence: Any = 0.8, **extra: Any) -> dict:
    return {
        "table": "Account",
        "column": column,
        "entity": entity,
        "field": field,
        "confidence": confidence,
        "reason": "because",
        **extra,
    }


def _text(*answers: dict) -> str:
    return json.dumps({"answers": list(answers)})


def test_valid_answers_come_back_in_question_order() -> None:
    text = _text(
        _answer("Name", "account", "account_name", 0.9), _answer("AnnualRevenue", None, None, 0.2)
    )
    answers = parse_mapping_answer(text, QUESTIONS)
    assert [(a.column, a.field, a.confidence) for a in answers] == [
        ("AnnualRevenue", None, 0.2),
        ("Name", "account_name", 0.9),
    ]


def test_a_markdown_code_fence_is_accepted() -> None:
    text = "```json\n" + _text(_answer("Name", "account", "account_name")) + "\n```"
    assert parse_mapping_answer(text, QUESTIONS)[0].field == "account_name"


def test_skipped_columns_have_no_answer_and_extra_keys_are_ignored() -> None:
    answers = parse_mapping_answer(
        _text(_answer("Name", "account", "account_name", note="x")), QUESTIONS
    )
    assert [a.column for a in answers] == ["Name"]


def test_identical_repeated_answers_count_once() -> None:
    same = _answer("Name", "account", "account_name")
    assert len(parse_mapping_answer(_text(same, same), QUESTIONS)) == 1


def test_long_reasons_are_cut() -> None:
    answer = {**_answer("Name", "account", "account_name"), "reason": "r" * 1000}
    assert len(parse_mapping_answer(_text(answer), QUESTIONS)[0].reason) == MAX_REASON_CHARS


@pytest.mark.parametrize(
    "text",
    [
        '{"answers": [{"table": "',
        "not json at all",
        json.dumps({"mappings": []}),
        json.dumps({"answers": "none"}),
        _text(_answer("Name", "account", "account_name", 1.5)),
        _text(_answer("Name", "account", "account_name", -0.1)),
        _text(_answer("Name", "account", "account_name", "high")),
        _text(_answer("Name", "account", None)),
        _text(_answer("Name", None, "account_name")),
        _text({"table": "Account", "column": "Name", "entity": None, "field": None}),
    ],
    ids=[
        "truncated",
        "prose",
        "wrong-root",
        "answers-not-list",
        "confidence-above-1",
        "confidence-below-0",
        "confidence-text",
        "field-missing",
        "entity-missing",
        "confidence-absent",
    ],
)
def test_malformed_or_schema_breaking_answers_are_rejected(text: str) -> None:
    with pytest.raises(LlmMalformedAnswerError):
        parse_mapping_answer(text, QUESTIONS)


def test_a_field_that_is_not_a_candidate_is_rejected() -> None:
    with pytest.raises(LlmMalformedAnswerError, match="not one of its candidates"):
        parse_mapping_answer(_text(_answer("Name", "account", "industry")), QUESTIONS)


def test_another_columns_candidate_is_rejected() -> None:
    with pytest.raises(LlmMalformedAnswerError, match="not one of its candidates"):
        parse_mapping_answer(_text(_answer("Name", "account", "revenue")), QUESTIONS)


def test_an_unasked_column_is_rejected() -> None:
    with pytest.raises(LlmMalformedAnswerError, match="not asked"):
        parse_mapping_answer(_text(_answer("Industry", None, None)), QUESTIONS)


def test_a_candidate_not_shown_to_the_model_is_rejected() -> None:
    candidates = [
        CandidateField("e", f"f{i}", None, 1.0 - i / 100) for i in range(MAX_CANDIDATES + 1)
    ]
    question = ColumnQuestion("Account", "c", candidates=candidates)
    hidden = candidates[-1]
    with pytest.raises(LlmMalformedAnswerError):
        parse_mapping_answer(_text(_answer("c", hidden.entity, hidden.field)), [question])


def test_the_error_names_its_code_and_is_not_retryable() -> None:
    with pytest.raises(LlmMalformedAnswerError) as caught:
        parse_mapping_answer("nope", QUESTIONS)
    assert caught.value.code == "llm_malformed_answer"
    assert caught.value.retryable is False
