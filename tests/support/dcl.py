"""Helpers for DCL tests over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.api import Account, wait_task

DEMO_SOURCES = [
    "dynamics",
    "hubspot",
    "legacy_sql",
    "mongodb",
    "netsuite",
    "salesforce",
    "sap",
    "snowflake",
    "supabase",
]
AGENTS = ["finops_pilot", "revops_pilot"]


def connect(
    client: httpx.Client,
    account: Account,
    sources: list[str] | None = None,
    agents: list[str] | None = None,
    timeout: float = 120,
    **extra: Any,
) -> dict[str, Any]:
    """Run ``dcl.connect`` to the end and return the finished task (asserts success)."""
    response = client.post(
        "/api/v1/dcl/connect",
        headers=account.headers,
        json={
            "sources": sources or DEMO_SOURCES,
            "agents": AGENTS if agents is None else agents,
            **extra,
        },
    )
    assert response.status_code == 202, response.text
    done = wait_task(client, account, response.json()["id"], timeout=timeout)
    assert done["status"] == "success", done
    return done


def upload(
    client: httpx.Client, account: Account, files: dict[str, bytes], name: str | None = None
) -> httpx.Response:
    data = {"name": name} if name else None
    return client.post(
        "/api/v1/dcl/sources",
        headers=account.headers,
        data=data,
        files=[("files", (filename, body)) for filename, body in files.items()],
    )


def review_like_an_expert(client: httpx.Client, account: Account) -> int:
    """Approve the proposals the demo's hand-checked mapping confirms, reject the others
    (what a careful reviewer would do); returns how many were decided."""
    from autonomos_dcl.sources.demo import EXPECTED_MAPPING

    decided = 0
    proposed = client.get(
        "/api/v1/dcl/mappings", params={"status": "proposed", "limit": 200}, headers=account.headers
    ).json()["items"]
    for m in proposed:
        expected = EXPECTED_MAPPING.get(
            (m["source_system"], m["source_table"], m["source_field"]), ()
        )
        verb = "approve" if (m["entity"], m["field"]) in expected else "reject"
        response = client.post(f"/api/v1/dcl/mappings/{m['id']}/{verb}", headers=account.headers)
        assert response.status_code == 200, response.text
        decided += 1
    return decided


def publish(client: httpx.Client, account: Account) -> dict[str, Any]:
    response = client.post("/api/v1/dcl/publish", headers=account.headers)
    assert response.status_code == 202, response.text
    done = wait_task(client, account, response.json()["id"], timeout=120)
    assert done["status"] == "success", done
    return done


def run_agent(client: httpx.Client, account: Account, agent: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/agents/{agent}/run", headers=account.headers)
    assert response.status_code == 202, response.text
    done = wait_task(client, account, response.json()["id"], timeout=120)
    assert done["status"] == "success", done
    return done
