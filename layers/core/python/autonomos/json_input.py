"""Strict parsing of untrusted JSON (request bodies): only finite numbers, bounded nesting,
no NUL characters (PostgreSQL text and ``jsonb`` cannot hold them).

Python's ``json`` accepts ``NaN``/``Infinity`` (which PostgreSQL's ``jsonb`` and other JSON
readers refuse) and raises ``RecursionError`` on very deep documents; documents that parse
but nest deeply break later serialisation. :func:`parse_json` turns all of that into one
:class:`~autonomos.errors.BadRequest` (400) before anything is stored.
"""

from __future__ import annotations

import json
import math
from typing import Any

from autonomos.errors import BadRequest

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a request body."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def depth(value: Any) -> int:
    """Nesting depth of arrays/objects (a scalar is 0), computed without recursion."""
    return _inspect(value)[0]


def _inspect(value: Any) -> tuple[int, bool]:
    """Nesting depth, and whether any string or key holds a NUL character."""
    deepest, nul, stack = 0, False, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, str):
            nul = nul or "\x00" in item
        elif isinstance(item, dict):
            deepest = max(deepest, level)
            nul = nul or any("\x00" in key for key in item)
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest, nul


def refuse_nul(value: str, what: str) -> str:
    """``value`` unless it holds a NUL character (which no text column can store): 400."""
    if "\x00" in value:
        raise BadRequest(f"{what} contains a NUL character")
    return value


def parse_json(
    body: bytes | str, what: str = "request body", max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """The parsed document; :class:`BadRequest` naming ``what`` when it is not valid JSON,
    holds a non-finite number or a NUL character, or nests deeper than ``max_depth``."""
    try:
        value = json.loads(body, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError as exc:
        raise BadRequest(
            f"{what} nests deeper than {max_depth} levels", {"max_depth": max_depth}
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"{what} is not valid JSON", {"reason": str(exc)[:200]}) from exc
    deepest, nul = _inspect(value)
    if deepest > max_depth:
        raise BadRequest(f"{what} nests deeper than {max_depth} levels", {"max_depth": max_depth})
    if nul:
        raise BadRequest(f"{what} contains a NUL character (\\u0000)")
    return value
