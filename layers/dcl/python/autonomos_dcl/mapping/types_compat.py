"""Declared and inferred column types, reduced to a few families, and how
compatible two families are."""

from __future__ import annotations

import re

from autonomos_dcl.mapping.values import ValueProfile

FAMILIES: tuple[str, ...] = ("integer", "number", "text", "date", "boolean")

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"bool|bit\b|flag"), "boolean"),
    (re.compile(r"date|time|timestamp"), "date"),
    (re.compile(r"^(big|small|tiny|medium)?int|integer|serial|long\b|short\b"), "integer"),
    (re.compile(r"dec|numeric|number|float|double|real|money|currency|percent"), "number"),
    (re.compile(r"char|text|string|str\b|varchar|clob|uuid|json|enum|object"), "text"),
)

_COMPATIBILITY: dict[frozenset[str], float] = {
    frozenset({"integer", "number"}): 0.85,
    frozenset({"integer", "text"}): 0.45,
    frozenset({"number", "text"}): 0.35,
    frozenset({"date", "text"}): 0.45,
    frozenset({"boolean", "integer"}): 0.55,
    frozenset({"boolean", "text"}): 0.45,
    frozenset({"boolean", "number"}): 0.3,
    frozenset({"date", "integer"}): 0.2,
    frozenset({"date", "number"}): 0.1,
    frozenset({"boolean", "date"}): 0.05,
}


def declared_family(declared: str | None) -> str | None:
    """The family of a declared SQL or ontology type, or None if unknown."""
    if not declared:
        return None
    text = declared.strip().lower()
    for pattern, family in _PATTERNS:
        if pattern.search(text):
            return family
    return None


def inferred_family(profile: ValueProfile) -> str | None:
    """The family suggested by a column's values, or None without values."""
    kind = profile.dominant_kind
    if kind is None:
        return None
    share = profile.kinds.get(kind, 0.0)
    if profile.is_numeric:
        integer = profile.kinds.get("integer", 0.0)
        return "integer" if integer >= 0.95 else "number"
    if share < 0.8:
        return "text"
    return {
        "date": "date",
        "boolean": "boolean",
        "currency": "number",
    }.get(kind, "text")


def compatibility(a: str | None, b: str | None) -> float:
    """Compatibility of two families in [0, 1]; 0.7 when either is unknown."""
    if a is None or b is None:
        return 0.7
    if a == b:
        return 1.0
    return _COMPATIBILITY.get(frozenset({a, b}), 0.3)
