"""A scored candidate pair: the unit the matcher scores, assigns and emits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autonomos_dcl.mapping.types import Match


@dataclass(frozen=True)
class ScoredPair:
    """One candidate pair with its raw score, calibrated confidence and evidence."""

    source_table: str
    source_column: str
    target_table: str
    target_column: str
    raw: float
    confidence: float
    evidence: dict[str, Any]

    def to_match(self, method: str = "heuristic") -> Match:
        """This pair as a :class:`Match`."""
        return Match(
            self.source_table,
            self.source_column,
            self.target_table,
            self.target_column,
            self.confidence,
            method,
            self.evidence,
        )
