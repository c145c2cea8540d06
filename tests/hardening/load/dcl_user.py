"""The DCL user: reads the source catalogue, connects a random selection of demo sources
and agents and polls the ``dcl.connect`` task to its end, then pauses and starts again.
Sometimes a second connect of another selection runs at the same time (two people of one
tenant), and sometimes a publish follows — all serialised by the tenant's DCL lock."""

from __future__ import annotations

import time
from typing import Any

from tests.hardening.load.context import TERMINAL, UserContext, backoff
from tests.support.dcl import AGENTS, DEMO_SOURCES

SECOND_CONNECT_CHANCE = 0.25
PUBLISH_CHANCE = 0.2


def selection(ctx: UserContext, demo: list[str]) -> dict[str, list[str]]:
    return {
        "sources": sorted(ctx.rng.sample(demo, ctx.rng.randint(2, min(4, len(demo))))),
        "agents": sorted(ctx.rng.sample(AGENTS, ctx.rng.randint(0, len(AGENTS)))),
    }


def start(ctx: UserContext, endpoint: str, path: str, body: Any = None) -> dict[str, Any] | None:
    """POST a DCL task; the accepted task (kept out of the tasks user's reach: canceling
    a connect is not what this load is about), or ``None``."""
    sent_at = time.time()
    r = ctx.client.call(endpoint, path, json=body)
    if r is None or r.status_code not in (200, 202):
        backoff(r)
        return None
    task: dict[str, Any] = r.json()
    ctx.accepted([task], sent_at, shared=False)
    return task


def follow(ctx: UserContext, task: dict[str, Any]) -> dict[str, Any]:
    """Poll a task until it is terminal or the load's deadline (the drain waits then)."""
    while ctx.running() and task["status"] not in TERMINAL:
        ctx.sleep(ctx.config.connect_poll_seconds)
        r = ctx.client.call("GET /api/v1/tasks/{task_id}", f"/api/v1/tasks/{task['id']}")
        if r is not None and r.status_code == 200:
            task = r.json()
        backoff(r)
    return task


def connect_once(ctx: UserContext) -> None:
    catalogue = ctx.client.call("GET /api/v1/dcl/sources", "/api/v1/dcl/sources")
    if catalogue is None or catalogue.status_code != 200:
        return backoff(catalogue)
    demo = [s["key"] for s in catalogue.json()["items"] if s["kind"] == "demo"] or DEMO_SOURCES
    task = start(ctx, "POST /api/v1/dcl/connect", "/api/v1/dcl/connect", selection(ctx, demo))
    if task is None:
        return None
    if ctx.rng.random() < SECOND_CONNECT_CHANCE:
        start(ctx, "POST /api/v1/dcl/connect", "/api/v1/dcl/connect", selection(ctx, demo))
    if follow(ctx, task)["status"] == "success":
        ctx.state.has_version.set()
        if ctx.rng.random() < PUBLISH_CHANCE:
            published = start(ctx, "POST /api/v1/dcl/publish", "/api/v1/dcl/publish")
            if published is not None:
                follow(ctx, published)
    ctx.sleep(ctx.config.connect_pause_seconds)
    return None


def run(ctx: UserContext) -> None:
    while ctx.running():
        connect_once(ctx)
