"""Values exchanged with the LLM provider layer (frozen dataclasses, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CandidateField:
    """An ontology field the heuristics consider possible for a column.

    ``heuristic_score`` is the heuristics' confidence in [0, 1]; ``type`` the field's
    ontology type when known.
    """

    entity: str
    field: str
    type: str | None = None
    heuristic_score: float = 0.0


@dataclass(frozen=True)
class ColumnQuestion:
    """One source column the LLM should map onto one of ``candidates`` (or nothing).

    ``system`` names the source system (its naming conventions help), ``type`` the
    inferred column type, ``samples`` a few values as text, ``profile`` the column
    profile (ratios, patterns, min/max...) as JSON-ready values.
    Questions without candidates are never sent to the provider.
    """

    table: str
    column: str
    system: str | None = None
    type: str | None = None
    samples: Sequence[str] = ()
    profile: Mapping[str, Any] = field(default_factory=dict)
    candidates: Sequence[CandidateField] = ()


@dataclass(frozen=True)
class MemoryExample:
    """A mapping the tenant approved before, shown to the model as a few-shot example."""

    source_column: str
    source_table: str
    entity: str
    field: str


@dataclass(frozen=True)
class LlmAnswer:
    """The model's choice for one column: ``entity``/``field`` are both ``None`` when the
    model says no candidate fits. ``confidence`` is in [0, 1]; ``reason`` is short text."""

    table: str
    column: str
    entity: str | None
    field: str | None
    confidence: float
    reason: str


@dataclass(frozen=True)
class LlmUsage:
    """Provider calls made and tokens reported by the providers' usage fields."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: LlmUsage) -> LlmUsage:
        return LlmUsage(
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
        )

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class LlmMappingResult:
    """Answers for the asked columns, in question order, and the usage it cost.

    A column without an answer (not asked, or the model skipped it) is left to the
    heuristics by the caller.
    """

    answers: list[LlmAnswer]
    usage: LlmUsage


@dataclass(frozen=True)
class SummaryResult:
    """An agent's narrative summary: written by the LLM (``method="llm"``) or by
    :func:`template_summary` (``method="template"``), with a narration line saying which."""

    text: str
    usage: LlmUsage
    method: str
    narration: str
