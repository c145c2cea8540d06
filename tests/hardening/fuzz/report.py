"""Per-category results of the fuzz suite and the table it prints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Category:
    """Requests tried in one category and the failures found (one line each)."""

    name: str
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, n: int = 1) -> None:
        self.requests += n

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def expect(self, ok: bool, message: str) -> bool:
        """Record ``message`` as a failure unless ``ok``; returns ``ok``."""
        if not ok:
            self.fail(message)
        return ok


def table(categories: Iterable[Category]) -> str:
    """``category | requests | failures`` with a total line."""
    rows = [(c.name, c.requests, len(c.failures)) for c in categories]
    rows.append(("total", sum(r[1] for r in rows), sum(r[2] for r in rows)))
    width = max(len("category"), *(len(r[0]) for r in rows))
    lines = [f"{'category':<{width}} | {'requests':>8} | {'failures':>8}"]
    lines.append(f"{'-' * width}-|-{'-' * 8}-|-{'-' * 8}")
    lines += [
        f"{name:<{width}} | {requests:>8} | {failures:>8}" for name, requests, failures in rows
    ]
    return "\n".join(lines)


def failure_details(categories: Iterable[Category], limit: int = 20) -> str:
    """The first ``limit`` failures of each failing category, for logs and assertions."""
    parts: list[str] = []
    for c in categories:
        if c.failures:
            parts.append(f"[{c.name}] {len(c.failures)} failure(s):")
            parts += [f"  - {f}" for f in c.failures[:limit]]
    return "\n".join(parts)
