"""The per-tenant user loops of the load run.

Each tenant gets three closed-loop users (threads), each with its own keep-alive client:

- **tasks**: submits echo tasks one at a time and in batches, polls the status and the
  events of tasks it submitted, lists its tasks;
- **dcl**: reads the source catalogue, runs ``dcl.connect`` on a random selection of
  demo sources and agents and polls it to the end, then pauses and starts again;
- **reader**: what an open dashboard does: ``/api/v1/dcl/state`` with ``If-None-Match``,
  previews of unified views once a version exists, the task list, ``/health``.

Users pick their next action at random (seeded per tenant and user), sleep a random
think time between actions and stop at the shared deadline; a 429 makes them wait its
``Retry-After`` (at most 5 s). Every request is recorded by the :class:`Recorder`;
every accepted task by :meth:`Recorder.accept`.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from tests.hardening.load.client import TenantClient
from tests.hardening.load.recorder import Accepted, Outcome, Recorder, Sample
from tests.support.dcl import AGENTS, DEMO_SOURCES

TERMINAL = {"success", "failed", "canceled"}


@dataclass(frozen=True)
class LoadConfig:
    """The shape of the load; the defaults are the full profile."""

    tenants: int = 20
    seconds: float = 60.0
    think_seconds: tuple[float, float] = (0.05, 0.25)
    batch_size: int = 10
    connect_pause_seconds: float = 3.0
    connect_poll_seconds: float = 0.5
    drain_seconds: float = 120.0
    seed: int = 7


@dataclass
class TenantState:
    """What one tenant's users share: recently accepted task ids (to poll), whether a DCL
    version exists (previews before the first one would be 404s) and its entity names."""

    tenant: str
    token: str
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=50))
    entities: list[str] = field(default_factory=list)
    has_version: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class UserContext:
    """Everything a user loop needs: its client, tenant state, config and randomness."""

    client: TenantClient
    state: TenantState
    recorder: Recorder
    config: LoadConfig
    rng: random.Random
    deadline: float

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    def think(self) -> None:
        low, high = self.config.think_seconds
        time.sleep(min(self.rng.uniform(low, high), max(0.0, self.deadline - time.monotonic())))


def backoff(response: httpx.Response | None) -> None:
    """Honour a 429's ``Retry-After`` (capped at 5 s)."""
    if response is not None and response.status_code == 429:
        time.sleep(min(float(response.headers.get("Retry-After", "1")), 5.0))


# -- tasks user --------------------------------------------------------------------------


def _echo(rng: random.Random) -> dict[str, object]:
    payload: dict[str, object] = {"load": True, "n": rng.randrange(1_000_000)}
    if rng.random() < 0.2:
        payload["sleep_ms"] = rng.randrange(10, 200)
    return {"type": "echo", "payload": payload}


def submit_one(ctx: UserContext) -> None:
    sent_at = time.time()
    r = ctx.client.call("POST /api/v1/tasks", "/api/v1/tasks", json=_echo(ctx.rng))
    if r is not None and r.status_code == 202:
        _accepted(ctx, [r.json()], sent_at)
    backoff(r)


def submit_batch(ctx: UserContext) -> None:
    body = {"tasks": [_echo(ctx.rng) for _ in range(ctx.config.batch_size)]}
    sent_at = time.time()
    r = ctx.client.call("POST /api/v1/tasks/batch", "/api/v1/tasks/batch", json=body)
    if r is not None and r.status_code == 202:
        _accepted(ctx, r.json()["items"], sent_at)
    backoff(r)


def _accepted(ctx: UserContext, tasks: list[dict[str, str]], sent_at: float) -> None:
    ctx.recorder.accept([Accepted(t["id"], t["type"], ctx.state.tenant, sent_at) for t in tasks])
    ctx.state.recent.extend(t["id"] for t in tasks)


def poll_status(ctx: UserContext) -> None:
    if ctx.state.recent:
        task_id = ctx.rng.choice(list(ctx.state.recent))
        backoff(ctx.client.call("GET /api/v1/tasks/{task_id}", f"/api/v1/tasks/{task_id}"))


def poll_events(ctx: UserContext) -> None:
    if ctx.state.recent:
        task_id = ctx.rng.choice(list(ctx.state.recent))
        path = f"/api/v1/tasks/{task_id}/events"
        backoff(ctx.client.call("GET /api/v1/tasks/{task_id}/events", path))


def list_tasks(ctx: UserContext) -> None:
    params = {"limit": 20} if ctx.rng.random() < 0.7 else {"limit": 20, "status": "success"}
    backoff(ctx.client.call("GET /api/v1/tasks", "/api/v1/tasks", params=params))


TASK_ACTIONS: list[tuple[Callable[[UserContext], None], int]] = [
    (submit_one, 5),
    (submit_batch, 1),
    (poll_status, 4),
    (poll_events, 1),
    (list_tasks, 1),
]


# -- reader user -------------------------------------------------------------------------


@dataclass
class ReaderCache:
    """The dashboard's memory: the last ETag of the DCL state."""

    etag: str | None = None


def read_state(ctx: UserContext, cache: ReaderCache) -> None:
    headers = {"If-None-Match": cache.etag} if cache.etag else None
    r = ctx.client.call("GET /api/v1/dcl/state", "/api/v1/dcl/state", headers=headers)
    if r is not None and r.status_code == 200:
        cache.etag = r.headers.get("etag")
    backoff(r)


def preview(ctx: UserContext) -> None:
    if not ctx.state.has_version.is_set():
        return
    if not ctx.state.entities:
        r = ctx.client.call("GET /api/v1/dcl/ontology", "/api/v1/dcl/ontology")
        if r is None or r.status_code != 200:
            return backoff(r)
        ctx.state.entities = [e["name"] for e in r.json()["entities"]]
    params = {"view": ctx.rng.choice(ctx.state.entities), "limit": 50}
    backoff(ctx.client.call("GET /api/v1/dcl/preview", "/api/v1/dcl/preview", params=params))


def health(ctx: UserContext) -> None:
    backoff(ctx.client.call("GET /health", "/health"))


def reader_actions(cache: ReaderCache) -> list[tuple[Callable[[UserContext], None], int]]:
    return [
        (lambda ctx: read_state(ctx, cache), 5),
        (preview, 2),
        (list_tasks, 1),
        (health, 1),
    ]


# -- dcl user ----------------------------------------------------------------------------


def connect_once(ctx: UserContext) -> None:
    """Catalogue → connect a random selection → poll the task to its end (or the
    deadline: the drain then waits for it)."""
    catalogue = ctx.client.call("GET /api/v1/dcl/sources", "/api/v1/dcl/sources")
    if catalogue is None or catalogue.status_code != 200:
        return backoff(catalogue)
    demo = [s["key"] for s in catalogue.json()["items"] if s["kind"] == "demo"] or DEMO_SOURCES
    body = {
        "sources": sorted(ctx.rng.sample(demo, ctx.rng.randint(2, min(4, len(demo))))),
        "agents": sorted(ctx.rng.sample(AGENTS, ctx.rng.randint(0, len(AGENTS)))),
    }
    sent_at = time.time()
    r = ctx.client.call("POST /api/v1/dcl/connect", "/api/v1/dcl/connect", json=body)
    if r is None or r.status_code not in (200, 202):
        return backoff(r)
    task = r.json()
    _accepted(ctx, [task], sent_at)
    while ctx.running() and task["status"] not in TERMINAL:
        time.sleep(ctx.config.connect_poll_seconds)
        polled = ctx.client.call("GET /api/v1/tasks/{task_id}", f"/api/v1/tasks/{task['id']}")
        if polled is not None and polled.status_code == 200:
            task = polled.json()
        backoff(polled)
    if task["status"] == "success":
        ctx.state.has_version.set()
    pause = ctx.config.connect_pause_seconds
    time.sleep(min(pause, max(0.0, ctx.deadline - time.monotonic())))


# -- the loops ---------------------------------------------------------------------------


def weighted_loop(
    ctx: UserContext, actions: list[tuple[Callable[[UserContext], None], int]]
) -> None:
    """Until the deadline: pick an action by weight, run it, think."""
    functions = [f for f, _ in actions]
    weights = [w for _, w in actions]
    while ctx.running():
        ctx.rng.choices(functions, weights)[0](ctx)
        ctx.think()


def tasks_user(ctx: UserContext) -> None:
    weighted_loop(ctx, TASK_ACTIONS)


def reader_user(ctx: UserContext) -> None:
    weighted_loop(ctx, reader_actions(ReaderCache()))


def dcl_user(ctx: UserContext) -> None:
    while ctx.running():
        connect_once(ctx)


USERS: dict[str, Callable[[UserContext], None]] = {
    "tasks": tasks_user,
    "dcl": dcl_user,
    "reader": reader_user,
}


def run_users(
    base_url: str, tenants: list[TenantState], recorder: Recorder, config: LoadConfig
) -> float:
    """Run every user of every tenant until ``config.seconds`` have passed; returns the
    wall-clock seconds the users ran. An exception in a user loop is recorded as a
    transport-less error sample and ends that user only."""
    deadline = time.monotonic() + config.seconds
    threads = []
    for t_index, state in enumerate(tenants):
        for u_index, (name, loop) in enumerate(USERS.items()):
            rng = random.Random(config.seed * 1_000_003 + t_index * 10 + u_index)
            thread = threading.Thread(
                target=_run_user,
                args=(name, loop, base_url, state, recorder, config, rng, deadline),
                name=f"load-{name}-{t_index}",
                daemon=True,
            )
            threads.append(thread)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _run_user(
    name: str,
    loop: Callable[[UserContext], None],
    base_url: str,
    state: TenantState,
    recorder: Recorder,
    config: LoadConfig,
    rng: random.Random,
    deadline: float,
) -> None:
    with TenantClient(base_url, state.tenant, state.token, recorder) as client:
        ctx = UserContext(client, state, recorder, config, rng, deadline)
        try:
            loop(ctx)
        except Exception as exc:  # a bug in the load generator must show, not hang
            recorder.request(
                Sample(f"user {name}", state.tenant, time.time(), 0.0, None,
                       Outcome.TRANSPORT, f"{exc.__class__.__name__}: {exc}")
            )  # fmt: skip
