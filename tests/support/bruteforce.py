"""Login brute force over HTTP from a chosen loopback source address (so the per-source
login limit of one test does not touch the others, which all come from 127.0.0.1)."""

from __future__ import annotations

import random

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
