"""Invariants checked once the load has drained, through the API of each tenant."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.hardening.load.context import TenantState


def dcl_versions(client: httpx.Client, tenant: TenantState) -> list[str]:
    """A tenant's published versions have distinct numbers, at most one is current, and
    the state names the current one (concurrent connects and publishes serialise under the
    tenant's DCL lock; a broken fence would show here). Returns what is wrong."""
    headers = {"Authorization": f"Bearer {tenant.token}"}
    versions = client.get("/api/v1/dcl/versions", params={"limit": 200}, headers=headers)
    state = client.get("/api/v1/dcl/state", headers=headers)
    name = tenant.tenant[:8]
    if versions.status_code != 200 or state.status_code != 200:
        return [f"{name}: versions {versions.status_code}, state {state.status_code}"]
    items = versions.json()["items"]
    numbers = [v["version"] for v in items]
    current = [v["version"] for v in items if v["current"]]
    wrong = []
    if len(set(numbers)) != len(numbers):
        wrong.append(f"{name}: duplicate version numbers {sorted(numbers)}")
    if len(current) > 1 or (items and not current):
        wrong.append(f"{name}: current versions {current} of {sorted(numbers)}")
    if current and state.json()["version"] != current[0]:
        wrong.append(f"{name}: state names version {state.json()['version']}, current {current}")
    return wrong


def after_drain(base_url: str, tenants: list[TenantState]) -> list[str]:
    """Every post-drain invariant of every tenant; returns what is wrong."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        return [problem for tenant in tenants for problem in dcl_versions(client, tenant)]


def logged_errors(state_dir: Path, limit: int = 10) -> list[str]:
    """ERROR (or worse) JSON log lines and tracebacks in the stack's process logs: a failure
    the workers swallowed (a retried task, a dropped callback) shows here and nowhere else."""
    found: list[str] = []
    for log in sorted(state_dir.glob("*.log")):
        for line in log.read_text(errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if isinstance(record, dict):
                bad = record.get("level") in ("ERROR", "CRITICAL")
            else:
                bad = line.startswith("Traceback")
            if bad and len(found) < limit:
                found.append(f"{log.name}: {line[:300]}")
    return found
