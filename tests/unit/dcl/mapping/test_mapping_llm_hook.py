"""Uncertain columns for the LLM, and merging its answers back."""

from dataclasses import dataclass

from autonomos_dcl.mapping import (
    ColumnSample,
    Match,
    TableSample,
    match_schemas,
    merge_llm_answers,
    uncertain_columns,
)


@dataclass(frozen=True)
class _Answer:
    table: str
    column: str
    entity: str | None
    field: str | None
    confidence: float
    reason: str = ""


_SOURCE = [
    TableSample(
        "deals", [ColumnSample("amount"), ColumnSample("zz_flag_7"), ColumnSample("stage_nm")]
    )
]
_TARGET = [
    TableSample(
        "opportunity", [ColumnSample("amount"), ColumnSample("stage"), ColumnSample("probability")]
    )
]


def test_uncertain_columns_are_those_under_the_threshold_with_candidates() -> None:
    matches = match_schemas(_SOURCE, _TARGET)
    best = {m.source_column: m.confidence for m in matches}
    unsure = uncertain_columns(_SOURCE, _TARGET, matches, threshold=0.99, top_k=2)
    assert unsure
    for column in unsure:
        assert best.get(column.source_column, 0.0) < 0.99
        assert 1 <= len(column.candidates) <= 2
        confidences = [c.confidence for c in column.candidates]
        assert confidences == sorted(confidences, reverse=True)
    # At threshold 0 only columns without any match are left, if they have candidates.
    relaxed = uncertain_columns(_SOURCE, _TARGET, matches, threshold=0.0)
    assert all(u.best is None and u.source_column not in best for u in relaxed)


def test_settled_columns_are_never_uncertain() -> None:
    human = [Match("deals", "zz_flag_7", "opportunity", "probability", 1.0, "human")]
    unsure = uncertain_columns(_SOURCE, _TARGET, human, threshold=1.01)
    assert "zz_flag_7" not in [u.source_column for u in unsure]


def test_merge_replaces_heuristics_keeps_memory_and_honours_no_match() -> None:
    matches = [
        Match("deals", "amount", "opportunity", "amount", 0.9, "heuristic"),
        Match("deals", "stage_nm", "opportunity", "probability", 0.5, "heuristic"),
        Match("deals", "zz_flag_7", "opportunity", "stage", 0.4, "heuristic"),
        Match("deals", "owner", "opportunity", "stage", 0.95, "memory"),
    ]
    answers = [
        _Answer("deals", "stage_nm", "opportunity", "stage", 0.8),
        _Answer("deals", "zz_flag_7", None, None, 0.7),
        _Answer("deals", "owner", "opportunity", "amount", 0.6),
    ]
    merged = {
        (m.source_column, m.target_column, m.method) for m in merge_llm_answers(matches, answers)
    }
    assert merged == {
        ("amount", "amount", "heuristic"),
        ("stage_nm", "stage", "llm"),
        ("owner", "stage", "memory"),
    }
