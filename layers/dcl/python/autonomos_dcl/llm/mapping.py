"""Ask the LLM to choose ontology fields for the columns the heuristics are unsure of."""

from __future__ import annotations

from collections.abc import Sequence

from autonomos_dcl.errors import LlmError
from autonomos_dcl.llm.answers import parse_mapping_answer
from autonomos_dcl.llm.config import LlmConfig
from autonomos_dcl.llm.prompt import DEFAULT_MAX_COLUMNS_PER_CALL, batch_questions, mapping_request
from autonomos_dcl.llm.provider import complete
from autonomos_dcl.llm.types import (
    ColumnQuestion,
    LlmAnswer,
    LlmMappingResult,
    LlmUsage,
    MemoryExample,
)


def _ask_batch(
    config: LlmConfig, batch: Sequence[ColumnQuestion], examples: Sequence[MemoryExample]
) -> tuple[list[LlmAnswer], LlmUsage]:
    completion = complete(config, mapping_request(batch, examples))
    return parse_mapping_answer(completion.text, batch), completion.usage


def propose_mappings(
    config: LlmConfig,
    questions: Sequence[ColumnQuestion],
    examples: Sequence[MemoryExample] = (),
    *,
    max_columns_per_call: int = DEFAULT_MAX_COLUMNS_PER_CALL,
) -> LlmMappingResult:
    """Ask ``config``'s model to map ``questions`` onto their candidates.

    Questions are sent in batches of at most ``max_columns_per_call`` columns (one
    provider call each), with ``examples`` (approved mappings, most relevant first) as
    few-shot context; questions without candidates are not sent. Every answer is
    validated (JSON, schema, only that column's candidates, confidence in [0, 1]).

    Raises a subclass of :class:`autonomos_dcl.errors.LlmError` on the first failed
    batch: ``LlmMalformedAnswerError``, ``LlmTimeoutError``, ``LlmProviderError`` (and its
    ``LlmRateLimitedError`` / ``LlmRequestRejectedError``). Use
    :func:`propose_mappings_or_fallback` to get a narration line instead.
    """
    answers: list[LlmAnswer] = []
    usage = LlmUsage()
    for batch in batch_questions(questions, max_columns=max_columns_per_call):
        batch_answers, batch_usage = _ask_batch(config, batch, examples)
        answers.extend(batch_answers)
        usage += batch_usage
    return LlmMappingResult(answers=answers, usage=usage)


def _tokens_phrase(usage: LlmUsage) -> str:
    calls = "call" if usage.calls == 1 else "calls"
    return (
        f"{usage.calls} {calls}, {usage.input_tokens} tokens in, {usage.output_tokens} tokens out"
    )


def _shortened(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "..."


def propose_mappings_or_fallback(
    config: LlmConfig | None,
    questions: Sequence[ColumnQuestion],
    examples: Sequence[MemoryExample] = (),
    *,
    max_columns_per_call: int = DEFAULT_MAX_COLUMNS_PER_CALL,
) -> tuple[LlmMappingResult | None, str]:
    """Like :func:`propose_mappings`, but never raises an ``LlmError``.

    Returns ``(result, narration)``:

    - ``config is None`` (no key configured): ``(None, "... heuristics only ...")``;
    - every batch failed: ``(None, narration naming the error)``: use heuristics;
    - otherwise the answers of the batches that succeeded (columns of failed batches have
      no answer and fall back to heuristics) with the usage of the successful calls, and a
      narration line for the task events (it never contains the API key).
    """
    if config is None:
        return None, "No LLM configured: mapping uses heuristics and memory only."
    batches = batch_questions(questions, max_columns=max_columns_per_call)
    if not batches:
        return LlmMappingResult(answers=[], usage=LlmUsage()), "No column needed the LLM."
    answers: list[LlmAnswer] = []
    usage = LlmUsage()
    failures: list[LlmError] = []
    failed_columns = 0
    for batch in batches:
        try:
            batch_answers, batch_usage = _ask_batch(config, batch, examples)
        except LlmError as error:
            failures.append(error)
            failed_columns += len(batch)
            continue
        answers.extend(batch_answers)
        usage += batch_usage
    asked = sum(len(batch) for batch in batches)
    if not failures:
        return LlmMappingResult(answers=answers, usage=usage), (
            f"LLM {config.label} answered for {len({(a.table, a.column) for a in answers})} "
            f"of {asked} columns ({_tokens_phrase(usage)})."
        )
    first = failures[0]
    failure = f"{first.code}: {_shortened(str(first))}"
    if len(failures) == len(batches):
        return None, (
            f"LLM {config.label} failed ({failure}); heuristics used for all {asked} columns."
        )
    return LlmMappingResult(answers=answers, usage=usage), (
        f"LLM {config.label} answered {asked - failed_columns} of {asked} columns "
        f"({_tokens_phrase(usage)}); {len(failures)} of {len(batches)} calls failed "
        f"({failure}); heuristics used for {failed_columns} columns."
    )
