"""Prompt building, answer schema and batching (no I/O)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from autonomos_dcl.llm import CandidateField, ColumnQuestion, MemoryExample
from autonomos_dcl.llm.prompt import (
    MAPPING_INSTRUCTION,
    MAX_CANDIDATES,
    MAX_EXAMPLES,
    MAX_SAMPLE_CHARS,
    MAX_SAMPLES,
    answer_schema,
    batch_questions,
    mapping_request,
    question_payload,
    top_candidates,
)


def _question(column: str, candidates: int = 2, **extra: Any) -> ColumnQuestion:
    fields = [CandidateField("account", f"field_{i}", "string", 0.1 * i) for i in range(candidates)]
    return ColumnQuestion(table="accounts", column=column, candidates=fields, **extra)


def test_question_payload_omits_unknown_values() -> None:
    payload = question_payload(_question("AcctNm"))
    assert set(payload) == {"table", "column", "candidates"}


def test_samples_are_deduplicated_truncated_and_capped() -> None:
    long_value = "x" * (MAX_SAMPLE_CHARS + 40)
    samples = ["a", "a", long_value, *[str(i) for i in range(20)]]
    payload = question_payload(_question("c", samples=samples))
    assert payload["samples"][0] == "a"
    assert payload["samples"][1] == long_value[:MAX_SAMPLE_CHARS]
    assert len(payload["samples"]) == MAX_SAMPLES
    assert len(set(payload["samples"])) == MAX_SAMPLES


def test_profile_is_compacted_to_json_ready_values() -> None:
    profile = {
        "null_ratio": 0.123456,
        "patterns": {"email", "id"},
        "top_values": list(range(50)),
        "nested": {"deeper": {"deepest": {"x": 1}}},
        "kind": object(),
    }
    payload = question_payload(_question("c", profile=profile))
    compacted = payload["profile"]
    assert compacted["null_ratio"] == 0.123
    assert sorted(compacted["patterns"]) == ["email", "id"]
    assert compacted["top_values"] == [0, 1, 2, 3, 4]
    assert compacted["nested"] == {"deeper": None}  # mappings nest two levels at most
    assert isinstance(compacted["kind"], str)
    json.dumps(payload)  # must serialise


def test_top_candidates_keep_the_best_scores_in_stable_order() -> None:
    candidates = [
        CandidateField("e", "low", None, 0.1),
        CandidateField("e", "high_a", None, 0.9),
        CandidateField("e", "high_b", None, 0.9),
        *[CandidateField("e", f"f{i}", None, 0.5) for i in range(MAX_CANDIDATES)],
    ]
    chosen = top_candidates(ColumnQuestion("t", "c", candidates=candidates))
    assert [c.field for c in chosen[:2]] == ["high_a", "high_b"]
    assert len(chosen) == MAX_CANDIDATES
    assert "low" not in {c.field for c in chosen}


def test_mapping_request_carries_columns_candidates_and_capped_examples() -> None:
    examples = [MemoryExample(f"col{i}", "old_table", "account", "account_name") for i in range(30)]
    question = _question("AcctNm", system="dynamics", type="string", samples=["Acme"])
    request = mapping_request([question], examples)
    payload = json.loads(request.user)
    assert request.system == MAPPING_INSTRUCTION
    assert payload["columns"][0]["column"] == "AcctNm"
    assert payload["columns"][0]["system"] == "dynamics"
    assert [c["field"] for c in payload["columns"][0]["candidates"]] == ["field_1", "field_0"]
    assert len(payload["examples"]) == MAX_EXAMPLES
    assert payload["examples"][0] == {
        "table": "old_table",
        "column": "col0",
        "entity": "account",
        "field": "account_name",
    }
    assert request.json_schema == answer_schema([question])


def test_answer_schema_restricts_names_to_the_batch_candidates() -> None:
    questions = [
        ColumnQuestion("t", "a", candidates=[CandidateField("account", "revenue")]),
        ColumnQuestion("t", "b", candidates=[CandidateField("usage", "sessions_30d")]),
    ]
    item = answer_schema(questions)["properties"]["answers"]["items"]
    entity_options = item["properties"]["entity"]["anyOf"]
    field_options = item["properties"]["field"]["anyOf"]
    assert entity_options[0]["enum"] == ["account", "usage"]
    assert field_options[0]["enum"] == ["revenue", "sessions_30d"]
    assert {"type": "null"} in field_options
    assert set(item["required"]) == set(item["properties"])
    assert item["additionalProperties"] is False


def test_batches_respect_the_column_bound_and_keep_order() -> None:
    questions = [_question(f"c{i}") for i in range(7)]
    batches = batch_questions(questions, max_columns=3)
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [q.column for b in batches for q in b] == [f"c{i}" for i in range(7)]


def test_batches_respect_the_payload_bound_but_never_split_one_question() -> None:
    small = [_question(f"s{i}") for i in range(3)]
    huge = _question("huge", candidates=MAX_CANDIDATES, samples=[f"v{i}" * 10 for i in range(5)])
    size = len(json.dumps(question_payload(huge), separators=(",", ":")))
    batches = batch_questions([*small, huge], max_columns=10, max_payload_chars=size - 1)
    assert [q.column for q in batches[-1]] == ["huge"]
    assert all(len(json.dumps([question_payload(q) for q in b])) < size for b in batches[:-1])


def test_questions_without_candidates_are_not_batched() -> None:
    questions = [_question("a"), _question("nothing", candidates=0), _question("b")]
    batches = batch_questions(questions)
    assert [q.column for b in batches for q in b] == ["a", "b"]
    assert batch_questions([_question("x", candidates=0)]) == []


@pytest.mark.parametrize(("columns", "chars"), [(0, 100), (3, 0)])
def test_batch_bounds_must_be_positive(columns: int, chars: int) -> None:
    with pytest.raises(ValueError):
        batch_questions([_question("a")], max_columns=columns, max_payload_chars=chars)
