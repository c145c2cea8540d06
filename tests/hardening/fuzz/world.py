"""The tenants the fuzz suite attacks and the ids of every kind they own.

Tenant A (the victim) gets users, tasks (with a callback delivery), a file source, DCL
mappings and a published version (a connect), agent findings with actions waiting for
approval; tenant B (the attacker) a little of the same; tenant F is the schemathesis
tenant, so generated requests cannot disturb A and B.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.api import Account, add_user, register, submit, wait_task
from tests.support.dcl import connect, run_agent, upload

SOURCE_CSV = b"account_id,account_name,owner_email,annual_revenue\n1,Acme,a@acme.test,100\n"


@dataclass
class Tenant:
    """One seeded tenant: its owner, other users and the ids it owns, by kind."""

    owner: Account
    ids: dict[str, list[str]] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)

    def add(self, kind: str, value: Any) -> None:
        if value is not None and str(value) not in self.ids.setdefault(kind, []):
            self.ids[kind].append(str(value))

    def all_ids(self) -> list[str]:
        return [i for values in self.ids.values() for i in values]

    def markers(self) -> list[str]:
        """Strings only this tenant's data contains: a response to another tenant that
        contains one of them is a leak (uuids, e-mails, source keys, the webhook secret)."""
        return [m for m in (*self.all_ids(), *self.secrets) if len(m) >= 12]


@dataclass
class World:
    a: Tenant
    b: Tenant
    fuzz: Tenant


def _json(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return response.json()


def seed_tenant(client: httpx.Client, *, rich: bool) -> Tenant:
    """Register a tenant and create objects of every kind (all of them when ``rich``)."""
    owner = register(client, f"Fuzz org {uuid.uuid4().hex[:6]}")
    tenant = Tenant(owner)
    h = owner.headers
    tenant.add("tenant", owner.tenant_id)
    tenant.add("user", owner.user_id)
    tenant.add("email", owner.email)
    secret = _json(client.get("/api/v1/tenant/webhook-secret", headers=h))["secret"]
    tenant.secrets.append(secret)
    task = submit(client, owner, payload={"marker": uuid.uuid4().hex})
    tenant.add("task", task["id"])
    if not rich:
        return tenant
    for role in ("admin", "member"):
        user = add_user(client, owner, role)
        tenant.add("user", user.user_id)
        tenant.add("email", user.email)
    wait_task(client, owner, task["id"])
    # A delivery row: a callback to a port nothing listens on (allow-listed loopback).
    called = submit(client, owner, callback_url="http://127.0.0.1:9/hook")
    tenant.add("task", called["id"])
    source = _json(upload(client, owner, {f"ledger_{uuid.uuid4().hex[:8]}.csv": SOURCE_CSV}), 201)
    tenant.add("source", source["key"])
    _json(client.put("/api/v1/tenant/settings", headers=h, json={"autonomy_mode": "approve"}))
    done = connect(client, owner, sources=["salesforce", "dynamics", source["key"]])
    tenant.add("task", done["id"])
    for item in _json(client.get("/api/v1/dcl/mappings", params={"limit": 200}, headers=h))[
        "items"
    ]:
        tenant.add("mapping", item["id"])
    for agent in ("finops_pilot", "revops_pilot"):
        tenant.add("task", run_agent(client, owner, agent)["id"])
        findings = _json(client.get(f"/api/v1/agents/{agent}/findings", headers=h))["items"]
        for finding in findings:
            tenant.add("finding", finding["id"])
            if finding.get("action"):
                tenant.add("action", finding["action"]["id"])
    return tenant


def seed(client: httpx.Client) -> World:
    """A (rich), B (an attacker with a little data) and F (the schemathesis tenant)."""
    return World(
        a=seed_tenant(client, rich=True),
        b=seed_tenant(client, rich=False),
        fuzz=seed_tenant(client, rich=False),
    )
