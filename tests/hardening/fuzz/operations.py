"""The operations of ``/openapi.json`` as (method, path) pairs, with concrete URLs."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

PARAM = re.compile(r"\{([^}]+)\}")
AGENT = "finops_pilot"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    authenticated: bool
    takes_body: bool

    def url(self, values: dict[str, str] | None = None) -> str:
        """The path with its parameters filled from ``values`` (else an unknown uuid, or an
        agent id for ``agent_id``)."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if values and name in values:
                return values[name]
            return AGENT if name == "agent_id" else str(uuid.uuid4())

        return PARAM.sub(fill, self.path)


def operations(document: dict[str, Any]) -> list[Operation]:
    """Every documented operation, sorted by path and method."""
    found = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            found.append(
                Operation(method.upper(), path, bool(op.get("security")), "requestBody" in op)
            )
    return sorted(found, key=lambda o: (o.path, o.method))
