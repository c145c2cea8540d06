"""The load: three closed-loop users per tenant, each a thread with its own keep-alive
client (see :mod:`tasks_user`, :mod:`dcl_user`, :mod:`reader_user`).

Users pick their next action at random (seeded per tenant and user), think between
actions, and stop at the shared deadline; a 429 makes them wait its ``Retry-After``. Every
request is recorded by the :class:`Recorder`, every accepted task with
:meth:`Recorder.accept`.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from tests.hardening.load import dcl_user, reader_user, tasks_user
from tests.hardening.load.client import TenantClient
from tests.hardening.load.context import LoadConfig, TenantState, UserContext
from tests.hardening.load.recorder import Recorder

Action = Callable[[UserContext], None]


def weighted_loop(ctx: UserContext, actions: list[tuple[Action, int]]) -> None:
    """Until the deadline: pick an action by weight, run it, think."""
    functions = [f for f, _ in actions]
    weights = [w for _, w in actions]
    while ctx.running():
        ctx.rng.choices(functions, weights)[0](ctx)
        ctx.think()


USERS: dict[str, Action] = {
    "tasks": lambda ctx: weighted_loop(ctx, tasks_user.ACTIONS),
    "dcl": dcl_user.run,
    "reader": lambda ctx: weighted_loop(ctx, reader_user.actions(reader_user.ReaderCache())),
}


def run_users(
    base_url: str, tenants: list[TenantState], recorder: Recorder, config: LoadConfig
) -> float:
    """Run every user of every tenant until ``config.seconds`` have passed; returns the
    seconds the users ran. A user whose loop raises stops, and the exception is recorded
    as a violation (a broken load generator must show, not pass quietly)."""
    deadline = time.monotonic() + config.seconds
    threads = [
        threading.Thread(
            target=_run_user,
            args=(name, loop, base_url, state, recorder, config, deadline),
            kwargs={"seed": config.seed * 1_000_003 + t_index * 10 + u_index},
            name=f"load-{name}-{t_index}",
            daemon=True,
        )
        for t_index, state in enumerate(tenants)
        for u_index, (name, loop) in enumerate(USERS.items())
        if name in config.users
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _run_user(
    name: str,
    loop: Action,
    base_url: str,
    state: TenantState,
    recorder: Recorder,
    config: LoadConfig,
    deadline: float,
    *,
    seed: int,
) -> None:
    with TenantClient(base_url, state.tenant, state.token, recorder) as client:
        ctx = UserContext(client, state, recorder, config, random.Random(seed), deadline)
        try:
            loop(ctx)
        except Exception as exc:
            recorder.violation(f"{name} user of {state.tenant[:8]} crashed: {exc!r}")
