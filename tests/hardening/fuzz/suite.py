"""The fuzz suite: seed the tenants, run every category against one local stack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.hardening.fuzz import (
    brute_force,
    cross_tenant,
    headers,
    injection,
    jwt_attacks,
    schema_fuzz,
    ssrf,
    uploads,
)
from tests.hardening.fuzz.report import Category
from tests.hardening.fuzz.world import World, seed
from tests.support.bruteforce import loopback_address
from tests.support.services import RunningStack

DASHBOARD_ORIGIN = "https://dashboard.fuzz.test"
# Settings of the stack under test: one CORS origin, and only 127.0.0.1 exempt from the
# SSRF rules (so localhost, other loopback addresses and host names are really checked).
STACK_SETTINGS = {"CORS_ORIGIN": DASHBOARD_ORIGIN, "CALLBACK_DEV_ALLOW_HOSTS": "127.0.0.1"}


@dataclass(frozen=True)
class Profile:
    """How much to try: the schemathesis budget, its seed, and which categories."""

    requests: int = 1000
    seed: int = 0
    full: bool = True
    only: frozenset[str] = field(default_factory=frozenset)

    def wants(self, name: str) -> bool:
        return not self.only or name in self.only


@dataclass
class Context:
    stack: RunningStack
    client: httpx.Client
    document: dict[str, Any]
    world: World
    profile: Profile


CATEGORIES: dict[str, Callable[[Context], Category]] = {
    "cross-tenant": lambda c: cross_tenant.run(c.client, c.document, c.world),
    "schemathesis": lambda c: schema_fuzz.run(
        c.stack.base_url,
        c.document,
        c.world.fuzz,
        c.profile.requests,
        seed=c.profile.seed,
        source=loopback_address(),
    ),
    "jwt attacks": lambda c: jwt_attacks.run(
        c.client, c.document, c.world.fuzz, _secret(c.stack), full=c.profile.full
    ),
    "brute force": lambda c: brute_force.run(c.client, c.stack.base_url, c.stack.settings),
    "ssrf": lambda c: ssrf.run(c.client, c.world.b.owner),
    "injection": lambda c: injection.run(c.client, c.stack, c.world),
    "uploads & bodies": lambda c: uploads.run(c.client, c.world.fuzz.owner),
    "headers & cors": lambda c: headers.run(c.client, c.document, c.world.fuzz, DASHBOARD_ORIGIN),
}


def _secret(stack: RunningStack) -> str:
    secret = stack.settings.jwt_secret
    assert secret is not None, "the fuzz stack is started with an explicit JWT secret"
    return secret.get_secret_value()


def run_suite(stack: RunningStack, profile: Profile) -> list[Category]:
    """Every wanted category, in order; a category that crashes is one failure."""
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        document = client.get("/openapi.json").json()
        context = Context(stack, client, document, seed(client), profile)
        results: list[Category] = []
        for name, category in CATEGORIES.items():
            if not profile.wants(name):
                continue
            try:
                results.append(category(context))
            except Exception as exc:
                crashed = Category(name)
                crashed.fail(f"the category crashed: {exc!r}")
                results.append(crashed)
        return results
