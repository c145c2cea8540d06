"""Login brute force over HTTP from a chosen loopback source address (so the per-source
login limit of one test does not touch the others, which all come from 127.0.0.1)."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

import httpx


def loopback_address() -> str:
    """A random 127.x.y.z address other than 127.0.0.1 (Linux routes all of 127/8 to lo)."""
    return f"127.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def client_from(base_url: str, source: str | None = None) -> httpx.Client:
    """A client whose connections leave from ``source`` (default: a fresh loopback address)."""
    transport = httpx.HTTPTransport(local_address=source or loopback_address())
    return httpx.Client(base_url=base_url, transport=transport, timeout=30)


def guesses(client: httpx.Client, email: str, count: int, password: str = "wrong") -> list[int]:
    """The statuses of ``count`` logins of ``email`` with a wrong password, in order."""
    return [
        client.post(
            "/api/v1/auth/login", json={"email": email, "password": f"{password}-{n}"}
        ).status_code
        for n in range(count)
    ]


def until_limited(attempt: Callable[[int], int], limit: int, window_seconds: float) -> list[int]:
    """Call ``attempt(n)`` (returning a status) until it answers 429, or until more attempts
    were made than the bucket can have allowed: ``limit`` plus what refilled meanwhile
    (``limit`` per ``window_seconds``) plus one. The statuses, in order."""
    started = time.monotonic()
    statuses: list[int] = []
    while not statuses or statuses[-1] != 429:
        refilled = math.ceil((time.monotonic() - started) * limit / window_seconds)
        if len(statuses) > limit + refilled + 1:
            break
        statuses.append(attempt(len(statuses)))
    return statuses


def limited_as_expected(statuses: list[int], limit: int) -> bool:
    """At least ``limit`` refused passwords (401), then 429 and nothing else."""
    return len(statuses) > limit and statuses[-1] == 429 and all(s == 401 for s in statuses[:-1])
