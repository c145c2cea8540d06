"""Validation of the model's mapping answer (pydantic), against the batch it answers."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import pydantic

from autonomos_dcl.errors import LlmMalformedAnswerError
from autonomos_dcl.llm.prompt import top_candidates
from autonomos_dcl.llm.types import ColumnQuestion, LlmAnswer

MAX_REASON_CHARS = 200
_EXCERPT_CHARS = 160
_CODE_FENCE = re.compile(r"^\s*```(?:json)?\s*(?P<body>.*?)\s*```\s*$", re.DOTALL)


class _RawAnswer(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="ignore")

    table: str
    column: str
    entity: str | None
    field: str | None
    confidence: float = pydantic.Field(ge=0.0, le=1.0, allow_inf_nan=False)
    reason: str = ""

    @pydantic.model_validator(mode="after")
    def _entity_and_field_together(self) -> _RawAnswer:
        if (self.entity is None) != (self.field is None):
            raise ValueError("entity and field must both be set or both be null")
        return self


class _RawAnswerSet(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="ignore")

    answers: list[_RawAnswer]


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT_CHARS else flat[:_EXCERPT_CHARS] + "..."


def parse_mapping_answer(text: str, questions: Sequence[ColumnQuestion]) -> list[LlmAnswer]:
    """Parse and validate the model's text for one batch of ``questions``.

    Accepted: ``{"answers": [{table, column, entity, field, confidence, reason}]}``,
    optionally inside a Markdown code fence. Each answer must name an asked column and
    either one of that column's candidates (as shown to the model) or null entity and
    field; confidence must be in [0, 1]. Repeated identical answers count once; columns
    the model skipped simply have no answer. Answers come back in question order.

    Raises :class:`LlmMalformedAnswerError` when the text is not JSON or any answer breaks
    these rules (the whole batch is then rejected).
    """
    fenced = _CODE_FENCE.match(text)
    body = fenced.group("body") if fenced else text
    try:
        decoded = json.loads(body)
    except ValueError as exc:
        raise LlmMalformedAnswerError(f"the answer is not JSON: {_excerpt(text)!r}") from exc
    try:
        answer_set = _RawAnswerSet.model_validate(decoded)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()[:5]
        )
        raise LlmMalformedAnswerError(f"the answer breaks the schema: {problems}") from exc

    position = {(q.table, q.column): index for index, q in enumerate(questions)}
    allowed = {
        (q.table, q.column): {(c.entity, c.field) for c in top_candidates(q)} for q in questions
    }
    seen: set[tuple[str, str, str | None, str | None]] = set()
    answers: list[LlmAnswer] = []
    for raw in answer_set.answers:
        key = (raw.table, raw.column)
        if key not in position:
            raise LlmMalformedAnswerError(f"the answer names a column that was not asked: {key}")
        if raw.entity is not None and (raw.entity, raw.field) not in allowed[key]:
            raise LlmMalformedAnswerError(
                f"the answer for {raw.table}.{raw.column} is not one of its candidates: "
                f"{raw.entity}.{raw.field}"
            )
        identity = (raw.table, raw.column, raw.entity, raw.field)
        if identity in seen:
            continue
        seen.add(identity)
        answers.append(
            LlmAnswer(
                table=raw.table,
                column=raw.column,
                entity=raw.entity,
                field=raw.field,
                confidence=raw.confidence,
                reason=raw.reason.strip()[:MAX_REASON_CHARS],
            )
        )
    answers.sort(key=lambda answer: position[(answer.table, answer.column)])
    return answers
