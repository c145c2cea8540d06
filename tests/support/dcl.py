"""Helpers for DCL tests over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.api import Account, wait_task

DEMO_SOURCES = ["dynamics", "hubspot", "legacy_sql", "mongodb", "netsuite", "salesforce", "sap",
                "snowflake", "supabase"]
AGENTS = ["finops_pilot", "revops_pilot"]


def connect(client: httpx.Client, account: Account, sources: list[str] | None = None,
            agents: list[str] | None = None, timeout: float = 120,
            **extra: Any) -> dict[str, Any]:
    """Run ``dcl.connect`` to the end and return the finished task (asserts success)."""
    response = client.post("/api/v1/dcl/connect", headers=account.headers, json={
        "sources": sources or DEMO_SOURCES, "agents": AGENTS if agents is None else agents,
        **extra})
    assert response.status_code == 202, response.text
    done = wait_task(client, account, response.json()["id"], timeout=timeout)
    assert done["status"] == "success", done
    return done


def upload(client: httpx.Client, account: Account, files: dict[str, bytes],
           name: str | None = None) -> httpx.Response:
    data = {"name": name} if name else None
    return client.post("/api/v1/dcl/sources", headers=account.headers, data=data,
                       files=[("files", (filename, body)) for filename, body in files.items()])
