"""The mapping prompt: a fixed instruction, a compact JSON payload per batch, and the
JSON schema the answer must follow. Pure functions, no I/O."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from autonomos_dcl.llm.completion import CompletionRequest
from autonomos_dcl.llm.types import CandidateField, ColumnQuestion, MemoryExample

MAX_SAMPLES = 5
MAX_SAMPLE_CHARS = 60
MAX_CANDIDATES = 8
MAX_EXAMPLES = 12
MAX_PROFILE_ITEMS = 16
MAX_LIST_ITEMS = 5
MAX_TEXT_CHARS = 60
DEFAULT_MAX_COLUMNS_PER_CALL = 8
DEFAULT_MAX_PAYLOAD_CHARS = 12_000

MAPPING_INSTRUCTION = """\
You map columns of enterprise data sources onto a unified ontology.
The user message is JSON: "columns" lists source columns, each with its table, source \
system, inferred type, sample values, value profile and "candidates" (ontology fields \
with a heuristic score); "examples" lists mappings this organisation approved before: \
follow their conventions.
For every column choose the one candidate that holds the same information (copy its \
"entity" and "field" exactly), or null entity and field when no candidate fits.
Use the column name (mind each system's naming conventions and abbreviations), its type, \
profile and samples. "confidence" is the probability (0 to 1) that your choice is right. \
"reason" is at most 12 words.
Answer only with JSON: {"answers": [{"table", "column", "entity", "field", "confidence", \
"reason"}]}, one answer per column, in the given order."""


def _compact(value: Any, depth: int = 0) -> Any:
    """A JSON-ready, size-bounded copy of a profile value."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, str):
        return value[:MAX_TEXT_CHARS]
    if isinstance(value, Mapping):
        if depth >= 2:
            return None
        items = list(value.items())[:MAX_PROFILE_ITEMS]
        return {str(key): _compact(item, depth + 1) for key, item in items}
    if isinstance(value, Sequence | set | frozenset):
        return [_compact(item, depth + 1) for item in list(value)[:MAX_LIST_ITEMS]]
    return str(value)[:MAX_TEXT_CHARS]


def _candidate_payload(candidate: CandidateField) -> dict[str, Any]:
    payload: dict[str, Any] = {"entity": candidate.entity, "field": candidate.field}
    if candidate.type:
        payload["type"] = candidate.type
    payload["score"] = round(candidate.heuristic_score, 2)
    return payload


def top_candidates(question: ColumnQuestion) -> list[CandidateField]:
    """The candidates shown to the model: the best ``MAX_CANDIDATES`` by heuristic score
    (ties keep the caller's order). Answers are validated against these."""
    ranked = sorted(
        enumerate(question.candidates), key=lambda item: (-item[1].heuristic_score, item[0])
    )
    return [candidate for _, candidate in ranked[:MAX_CANDIDATES]]


def question_payload(question: ColumnQuestion) -> dict[str, Any]:
    """The compact JSON object describing one column to the model (``None`` values omitted)."""
    samples: list[str] = []
    for sample in question.samples:
        text = str(sample)[:MAX_SAMPLE_CHARS]
        if text not in samples:
            samples.append(text)
        if len(samples) == MAX_SAMPLES:
            break
    payload: dict[str, Any] = {"table": question.table, "column": question.column}
    if question.system:
        payload["system"] = question.system
    if question.type:
        payload["type"] = question.type
    if samples:
        payload["samples"] = samples
    if question.profile:
        payload["profile"] = _compact(question.profile)
    payload["candidates"] = [_candidate_payload(c) for c in top_candidates(question)]
    return payload


def example_payload(example: MemoryExample) -> dict[str, str]:
    return {
        "table": example.source_table,
        "column": example.source_column,
        "entity": example.entity,
        "field": example.field,
    }


def _dumps(payload: Any) -> str:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def mapping_user_message(
    questions: Sequence[ColumnQuestion], examples: Sequence[MemoryExample]
) -> str:
    """The user message for one batch: ``{"columns": [...], "examples": [...]}``.

    At most ``MAX_EXAMPLES`` examples are shown, in the caller's order (most relevant first).
    """
    payload: dict[str, Any] = {"columns": [question_payload(q) for q in questions]}
    if examples:
        payload["examples"] = [example_payload(e) for e in examples[:MAX_EXAMPLES]]
    return _dumps(payload)


def _nullable_enum(values: Sequence[str]) -> dict[str, Any]:
    return {"anyOf": [{"type": "string", "enum": sorted(set(values))}, {"type": "null"}]}


def answer_schema(questions: Sequence[ColumnQuestion]) -> dict[str, Any]:
    """JSON schema of the answer to one batch; entity and field names are restricted to
    the batch's candidates (usable as OpenAI strict structured output and Gemini
    ``response_json_schema``). Per-column candidate checks happen in validation."""
    candidates = [c for q in questions for c in top_candidates(q)]
    answer = {
        "type": "object",
        "properties": {
            "table": {"type": "string"},
            "column": {"type": "string"},
            "entity": _nullable_enum([c.entity for c in candidates]),
            "field": _nullable_enum([c.field for c in candidates]),
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "reason": {"type": "string"},
        },
        "required": ["table", "column", "entity", "field", "confidence", "reason"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"answers": {"type": "array", "items": answer}},
        "required": ["answers"],
        "additionalProperties": False,
    }


def mapping_request(
    questions: Sequence[ColumnQuestion], examples: Sequence[MemoryExample]
) -> CompletionRequest:
    """The complete provider request for one batch of questions."""
    return CompletionRequest(
        system=MAPPING_INSTRUCTION,
        user=mapping_user_message(questions, examples),
        json_schema=answer_schema(questions),
        schema_name="column_mappings",
    )


def batch_questions(
    questions: Sequence[ColumnQuestion],
    max_columns: int = DEFAULT_MAX_COLUMNS_PER_CALL,
    max_payload_chars: int = DEFAULT_MAX_PAYLOAD_CHARS,
) -> list[list[ColumnQuestion]]:
    """Split the questions that have candidates into batches, keeping their order.

    A batch holds at most ``max_columns`` questions and, unless a single question is
    larger on its own, at most ``max_payload_chars`` characters of column payload.
    Questions without candidates are dropped (there is nothing to choose from).
    """
    if max_columns < 1 or max_payload_chars < 1:
        raise ValueError("batch bounds must be positive")
    batches: list[list[ColumnQuestion]] = []
    current: list[ColumnQuestion] = []
    current_chars = 0
    for question in questions:
        if not question.candidates:
            continue
        size = len(_dumps(question_payload(question)))
        if current and (len(current) >= max_columns or current_chars + size > max_payload_chars):
            batches.append(current)
            current, current_chars = [], 0
        current.append(question)
        current_chars += size
    if current:
        batches.append(current)
    return batches
