"""What every user loop of the load run shares: the load's shape, the tenant's state and
the user's own client, randomness and deadline."""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.hardening.load.client import TenantClient
from tests.hardening.load.recorder import Accepted, Recorder

TERMINAL = {"success", "failed", "canceled"}
MAX_RETRY_AFTER = 5.0


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
    users: tuple[str, ...] = ("tasks", "dcl", "reader")  # which users each tenant runs


@dataclass
class TenantState:
    """What one tenant's users share: recently accepted task ids (to poll and cancel),
    whether a DCL version exists (previews before the first one would be 404s) and the
    tenant's entity names (the views to preview)."""

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

    def sleep(self, seconds: float) -> None:
        """Sleep, but never past the deadline."""
        time.sleep(max(0.0, min(seconds, self.deadline - time.monotonic())))

    def think(self) -> None:
        self.sleep(self.rng.uniform(*self.config.think_seconds))

    def accepted(self, tasks: list[dict[str, Any]], sent_at: float, *, shared: bool = True) -> None:
        """Remember tasks the API accepted for the drain check and, when ``shared``, for the
        tasks user to poll and cancel."""
        tenant = self.state.tenant
        self.recorder.accept([Accepted(t["id"], t["type"], tenant, sent_at) for t in tasks])
        if shared:
            self.state.recent.extend(t["id"] for t in tasks)

    def recent_task(self) -> str | None:
        recent = list(self.state.recent)
        return self.rng.choice(recent) if recent else None


def backoff(response: httpx.Response | None) -> None:
    """Honour a 429's ``Retry-After`` (capped at :data:`MAX_RETRY_AFTER` s)."""
    if response is not None and response.status_code == 429:
        time.sleep(min(float(response.headers.get("Retry-After", "1")), MAX_RETRY_AFTER))
