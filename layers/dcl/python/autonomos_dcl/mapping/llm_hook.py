"""Hooks for an LLM layer: which columns the heuristics are unsure of (with
their best candidates), and merging the LLM's answers back.

The LLM layer itself (``autonomos_dcl.llm``) is asked only about the columns
:func:`uncertain_columns` returns; :func:`merge_llm_answers` takes any
objects with the attributes of ``autonomos_dcl.llm.types.LlmAnswer``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from autonomos_dcl.mapping.matcher import score_pairs
from autonomos_dcl.mapping.pairs import ScoredPair
from autonomos_dcl.mapping.types import Match, MatchOptions, TableSample

DEFAULT_UNCERTAIN_THRESHOLD = 0.7


@dataclass(frozen=True)
class UncertainColumn:
    """A source column whose best proposal (if any) is under the threshold,
    with its ``top_k`` candidates (best first) for the LLM to choose from."""

    source_table: str
    source_column: str
    best: Match | None
    candidates: tuple[Match, ...]


class LlmAnswerLike(Protocol):
    """What :func:`merge_llm_answers` reads from an LLM answer."""

    @property
    def table(self) -> str: ...
    @property
    def column(self) -> str: ...
    @property
    def entity(self) -> str | None: ...
    @property
    def field(self) -> str | None: ...
    @property
    def confidence(self) -> float: ...


def uncertain_columns(
    source: Sequence[TableSample],
    target: Sequence[TableSample],
    matches: Sequence[Match],
    *,
    threshold: float = DEFAULT_UNCERTAIN_THRESHOLD,
    top_k: int = 3,
    options: MatchOptions | None = None,
    pairs: Sequence[ScoredPair] | None = None,
) -> list[UncertainColumn]:
    """Source columns whose matches all have a confidence under ``threshold``
    (or that have no match) but that have at least one candidate, in source
    order. ``pairs`` may pass the result of :func:`score_pairs` to avoid
    scoring twice. Columns already settled by memory or a person (method
    other than ``heuristic``) are never uncertain."""
    scored = list(pairs) if pairs is not None else score_pairs(source, target, options=options)
    by_column: dict[tuple[str, str], list[ScoredPair]] = {}
    for pair in scored:
        by_column.setdefault((pair.source_table, pair.source_column), []).append(pair)
    best: dict[tuple[str, str], Match] = {}
    settled: set[tuple[str, str]] = set()
    for match in matches:
        key = (match.source_table, match.source_column)
        if match.method != "heuristic":
            settled.add(key)
        if key not in best or match.confidence > best[key].confidence:
            best[key] = match
    out: list[UncertainColumn] = []
    for table in source:
        for column in table.columns:
            key = (table.name, column.name)
            if key in settled:
                continue
            current = best.get(key)
            if current is not None and current.confidence >= threshold:
                continue
            candidates = sorted(by_column.get(key, []), key=lambda p: -p.confidence)[:top_k]
            if not candidates:
                continue
            out.append(
                UncertainColumn(
                    table.name, column.name, current, tuple(p.to_match() for p in candidates)
                )
            )
    return out


def merge_llm_answers(matches: Sequence[Match], answers: Iterable[LlmAnswerLike]) -> list[Match]:
    """Replace the heuristic matches of every answered column by the LLM's
    choice (``method="llm"``, the LLM's confidence); an answer with no entity
    or field removes the column's heuristic matches (the LLM says nothing
    fits). Matches from memory or a person are kept whatever the LLM said;
    unanswered columns keep their heuristic matches."""
    answered: dict[tuple[str, str], LlmAnswerLike] = {(a.table, a.column): a for a in answers}
    protected = {
        (m.source_table, m.source_column) for m in matches if m.method in ("memory", "human")
    }
    merged: list[Match] = []
    for match in matches:
        key = (match.source_table, match.source_column)
        if key in answered and key not in protected:
            continue
        merged.append(match)
    for key, answer in answered.items():
        if key in protected or answer.entity is None or answer.field is None:
            continue
        merged.append(
            Match(
                key[0],
                key[1],
                answer.entity,
                answer.field,
                max(0.0, min(1.0, float(answer.confidence))),
                "llm",
                {"llm_confidence": float(answer.confidence)},
            )
        )
    return merged
