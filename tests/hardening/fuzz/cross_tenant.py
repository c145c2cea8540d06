"""Cross-tenant matrix generated from ``/openapi.json``.

For every path with a path parameter and every method, tenant B's token against tenant A's
ids must answer 404 or 403 (405 for a method the path does not document) and never carry
A's data; A's own token on the same GETs answers 200 (the control that makes the ids real).
Every list B can read (GETs without path parameters) must not contain A's markers either.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.hardening.fuzz.report import Category
from tests.hardening.fuzz.world import Tenant, World

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PARAM = re.compile(r"\{([^}]+)\}")
# Path parameter -> the kind of id it names (anything else gets every kind of A's ids).
KINDS = {"task_id": "task", "user_id": "user", "mapping_id": "mapping", "action_id": "action"}
# Path parameters that name a shared catalogue entry, not a tenant's object.
SHARED = {"agent_id": ["finops_pilot", "revops_pilot"]}
# Bodies that pass validation, so the answer is about the id, not the body.
BODIES: dict[tuple[str, str], Any] = {
    ("PATCH", "/api/v1/users/{user_id}"): {"role": "member", "is_active": False},
    ("PATCH", "/api/v1/dcl/mappings/{mapping_id}"): {"ontology_field": "account.name"},
}


def leaked(text: str, victim: Tenant, exclude: str = "") -> list[str]:
    """The victim's markers present in ``text`` (``exclude``: the id put in the path)."""
    return [m for m in victim.markers() if m in text and m != exclude]


def _values(param: str, victim: Tenant) -> list[str]:
    if param in SHARED:
        return SHARED[param]
    kind = KINDS.get(param)
    if kind is not None and victim.ids.get(kind):
        return victim.ids[kind][:3] + [i for k, v in victim.ids.items() if k != kind for i in v[:1]]
    return [i for values in victim.ids.values() for i in values[:1]]


def run(client: httpx.Client, document: dict[str, Any], world: World) -> Category:
    result = Category("cross-tenant")
    attacker, victim = world.b.owner.headers, world.a
    for path, operations in sorted(document["paths"].items()):
        params = PARAM.findall(path)
        if not params:
            if "get" in operations and operations["get"].get("security"):
                result.count()
                response = client.get(path, headers=attacker)
                found = leaked(response.text, victim)
                result.expect(not found, f"GET {path} as B shows A's {found[:3]}")
                result.expect(response.status_code < 500, f"GET {path}: {response.status_code}")
            continue
        documented = {m.upper() for m in operations}
        for param in params:
            for value in _values(param, victim):
                url = path.replace("{" + param + "}", value)
                for other in params:
                    url = url.replace("{" + other + "}", _values(other, victim)[0])
                for method in METHODS:
                    _probe(client, result, method, path, url, value, documented, param, world)
    return result


def _probe(
    client: httpx.Client,
    result: Category,
    method: str,
    path: str,
    url: str,
    value: str,
    documented: set[str],
    param: str,
    world: World,
) -> None:
    body = BODIES.get((method, path))
    result.count()
    response = client.request(method, url, headers=world.b.owner.headers, json=body)
    label = f"{method} {url} as B"
    found = leaked(response.text, world.a, exclude=value)
    result.expect(not found, f"{label} shows A's {found[:3]} ({response.status_code})")
    if param in SHARED:
        result.expect(response.status_code < 500, f"{label}: {response.status_code}")
        return
    allowed = {403, 404} if method in documented else {403, 404, 405}
    result.expect(
        response.status_code in allowed,
        f"{label}: {response.status_code} (expected {sorted(allowed)}): {response.text[:200]}",
    )
    if (
        method == "GET"
        and method in documented
        and KINDS.get(param)
        and value in (world.a.ids.get(KINDS[param], []))
    ):
        result.count()
        own = client.get(url, headers=world.a.owner.headers)
        result.expect(own.status_code == 200, f"control GET {url} as A: {own.status_code}")
