"""A small HTTP client for the local gateway, with sign-up helpers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class Account:
    tenant_id: str
    user_id: str
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def register(client: httpx.Client, organization: str | None = None) -> Account:
    """Sign up a new organisation with a unique e-mail; asserts 201."""
    email = f"owner-{uuid.uuid4().hex[:12]}@example.com"
    password = "correct horse battery"
    response = client.post(
        "/api/v1/auth/register",
        json={"organization": organization or f"Org {email}", "email": email, "password": password},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return Account(body["tenant"]["id"], body["user"]["id"], email, password, body["access_token"])


def add_user(client: httpx.Client, admin: Account, role: str) -> Account:
    """Create a user in ``admin``'s tenant and log them in."""
    email = f"{role}-{uuid.uuid4().hex[:12]}@example.com"
    password = "another good password"
    created = client.post(
        "/api/v1/users",
        headers=admin.headers,
        json={"email": email, "password": password, "role": role},
    )
    assert created.status_code == 201, created.text
    login = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert login.status_code == 200, login.text
    return Account(
        admin.tenant_id, created.json()["id"], email, password, login.json()["access_token"]
    )


TERMINAL = {"success", "failed", "canceled"}


def wait_task(
    client: httpx.Client,
    account: Account,
    task_id: str,
    *,
    statuses: set[str] = TERMINAL,
    timeout: float = 60,
) -> dict[str, Any]:
    """Poll a task until its status is in ``statuses``; fails the test on timeout."""
    import time

    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = client.get(f"/api/v1/tasks/{task_id}", headers=account.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        if body["status"] in statuses:
            return body
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} still {body.get('status')} after {timeout} s: {body}")


def submit(
    client: httpx.Client,
    account: Account,
    task_type: str = "echo",
    payload: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Submit one task and assert it was accepted (202)."""
    response = client.post(
        "/api/v1/tasks",
        headers=account.headers,
        json={"type": task_type, "payload": payload or {}, **fields},
    )
    assert response.status_code == 202, response.text
    return response.json()  # type: ignore[no-any-return]


def events(client: httpx.Client, account: Account, task_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/tasks/{task_id}/events", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]
