"""Values found inside other values: a city inside full addresses, a dialling
prefix inside phone numbers, a first name inside full names.

Values are compared as sequences of word tokens (lower-case letters and
digits, digits without leading zeros), so ``02134`` is found in
``12 Main St, Boston MA 02134`` and ``+49`` in ``+49 30 1234567``. Pure
functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# At most this many distinct values of the part and of the whole are compared.
PART_SAMPLE = 300
WHOLE_SAMPLE = 2000
# Longest part value, in tokens, looked for inside a whole.
MAX_PART_TOKENS = 6
_TOKEN = re.compile(r"[^\W_]+")


def value_tokens(value: str) -> tuple[str, ...]:
    """Word tokens of a value (``+49 030/123`` -> ``49``, ``30``, ``123``)."""
    out: list[str] = []
    for token in _TOKEN.findall(value.lower()):
        out.append((token.lstrip("0") or "0") if token.isdigit() else token)
    return tuple(out)


def _distinct(values: Iterable[str | None], limit: int) -> list[tuple[str, ...]]:
    seen: dict[tuple[str, ...], None] = {}
    for value in values:
        if value is None:
            continue
        tokens = value_tokens(value)
        if tokens:
            seen.setdefault(tokens, None)
            if len(seen) >= limit:
                break
    return list(seen)


def _runs(whole: Sequence[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Every contiguous run of up to MAX_PART_TOKENS tokens of the wholes,
    except a whole value itself (that is plain overlap, not a part)."""
    runs: set[tuple[str, ...]] = set()
    for tokens in whole:
        n = len(tokens)
        for size in range(1, min(MAX_PART_TOKENS, n) + 1):
            for start in range(n - size + 1):
                if size < n:
                    runs.add(tokens[start : start + size])
    return runs


def embedded_share(part: Sequence[str | None], whole: Sequence[str | None]) -> float:
    """Share of the part column's distinct values (the first PART_SAMPLE)
    found as a strict piece of some value of the whole column (of its first
    WHOLE_SAMPLE distinct values), in
    [0, 1]; 0 when either side has no values or the whole's values are
    single tokens (nothing to split)."""
    parts, wholes = _distinct(part, PART_SAMPLE), _distinct(whole, WHOLE_SAMPLE)
    if not parts or not wholes:
        return 0.0
    if sum(len(w) for w in wholes) <= len(wholes):
        return 0.0
    runs = _runs(wholes)
    found = sum(1 for p in parts if len(p) <= MAX_PART_TOKENS and p in runs)
    return found / len(parts)
