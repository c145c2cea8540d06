"""The map stage for one source, end to end and pure: sample its tables, match them onto
the ontology, reuse the tenant's mapping memory, and let an LLM settle the columns the
heuristics are unsure of (falling back to heuristics when it cannot).

The core service persists what comes out; nothing here reads the environment or a database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from autonomos_dcl.llm import (
    CandidateField,
    ColumnQuestion,
    LlmConfig,
    LlmUsage,
    MemoryExample,
    propose_mappings_or_fallback,
)
from autonomos_dcl.mapping import (
    ColumnSample,
    MappingMemory,
    Match,
    MemoryEntry,
    TableSample,
    match_with_memory,
    merge_llm_answers,
    tables_from_ontology,
    uncertain_columns,
)
from autonomos_dcl.models import ColumnProfile, FieldMapping, Method, Ontology
from autonomos_dcl.profile import profile_table

SAMPLE_ROWS = 400


def table_samples(
    system: str, tables: Mapping[str, pa.Table], max_rows: int = SAMPLE_ROWS
) -> list[TableSample]:
    """The matcher's view of Arrow tables: up to ``max_rows`` evenly spread rows as text."""
    samples = []
    for name, table in tables.items():
        step = max(1, table.num_rows // max_rows) if table.num_rows else 1
        sampled = table.take(list(range(0, table.num_rows, step))[:max_rows])
        columns = [
            ColumnSample(
                column,
                tuple(None if v is None else str(v) for v in sampled.column(column).to_pylist()),
                type=str(table.schema.field(column).type),
            )
            for column in table.column_names
        ]
        samples.append(TableSample(name, columns, system=system))
    return samples


@dataclass
class MapOutcome:
    """Proposals for one source and what it took to make them."""

    mappings: list[FieldMapping]
    retrievals: int = 0
    memory_hits: int = 0
    llm_usage: LlmUsage = field(default_factory=LlmUsage)
    narration: list[str] = field(default_factory=list)

    @property
    def llm_calls_saved(self) -> int:
        return self.memory_hits


def propose(
    source_key: str,
    system: str,
    tables: Mapping[str, pa.Table],
    ontology: Ontology,
    memory: Sequence[MemoryEntry] = (),
    llm: LlmConfig | None = None,
    uncertain_threshold: float = 0.7,
) -> MapOutcome:
    """Mapping proposals ``table.column -> entity.field`` for one source.

    Heuristics first; the memory's hits replace them (``method="memory"``); with ``llm``,
    only the columns still under ``uncertain_threshold`` are asked, with the memory as
    few-shot examples, and a bad or failed answer leaves the heuristics in place.
    """
    source = table_samples(system, tables)
    target = tables_from_ontology(ontology)
    result = match_with_memory(source, target, MappingMemory(list(memory)))
    matches: list[Match] = result.matches
    outcome = MapOutcome([], result.stats.retrievals, result.stats.hits)
    if result.stats.hits:
        outcome.narration.append(
            f"{source_key}: memory settled {result.stats.hits} of "
            f"{result.stats.retrievals} columns (LLM calls saved: {result.stats.hits})"
        )
    if llm is not None:
        unsure = uncertain_columns(source, target, matches, threshold=uncertain_threshold)
        if unsure:
            samples = {(t.name, c.name): c for t in source for c in t.columns}
            profiles = {
                (name, p.name): p
                for name in {u.source_table for u in unsure}
                for p in profile_table(tables[name])
            }
            types = {(t.name, c.name): c.type for t in target for c in t.columns}
            questions = [
                ColumnQuestion(
                    table=u.source_table,
                    column=u.source_column,
                    system=system,
                    type=samples[(u.source_table, u.source_column)].type,
                    samples=[v for v in samples[(u.source_table, u.source_column)].values if v][:8],
                    profile=_prompt_profile(profiles.get((u.source_table, u.source_column))),
                    candidates=[
                        CandidateField(
                            c.target_table,
                            c.target_column,
                            types.get((c.target_table, c.target_column)),
                            round(c.confidence, 3),
                        )
                        for c in u.candidates
                    ],
                )
                for u in unsure
            ]
            examples = [
                MemoryExample(m.source_column, m.source_table, m.entity, m.field)
                for m in memory[:12]
            ]
            answers, narration = propose_mappings_or_fallback(llm, questions, examples)
            outcome.narration.append(f"{source_key}: {narration}")
            if answers is not None:
                matches = merge_llm_answers(matches, answers.answers)
                outcome.llm_usage = answers.usage
    else:
        outcome.narration.append(f"{source_key}: heuristic mapping (no LLM configured)")
    outcome.mappings = [
        FieldMapping(
            source_key,
            system,
            m.source_table,
            m.source_column,
            m.target_table,
            m.target_column,
            round(float(m.confidence), 4),
            _method(m.method),
        )
        for m in matches
    ]
    return outcome


def _method(method: str) -> Method:
    """The matcher's method word as a mapping method (anything unknown is a heuristic)."""
    if method == "memory":
        return "memory"
    if method == "llm":
        return "llm"
    return "heuristic"


def _prompt_profile(profile: ColumnProfile | None) -> dict[str, object]:
    """The profile facts worth showing a model: type, ratios, patterns and range."""
    if profile is None:
        return {}
    return {
        "inferred_type": profile.inferred_type,
        "null_ratio": profile.null_ratio,
        "distinct_ratio": profile.distinct_ratio,
        "patterns": list(profile.patterns),
        "min": profile.min_value,
        "max": profile.max_value,
    }
