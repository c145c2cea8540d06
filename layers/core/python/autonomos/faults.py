"""Named fault-injection points for chaos and crash tests (``FAULT_INJECTION`` setting).
Production configurations leave the set empty, which makes :func:`check` a no-op."""

from __future__ import annotations

from autonomos.config import get_settings


class InjectedFault(RuntimeError):
    """Raised at an enabled injection point."""


def check(point: str) -> None:
    if point in get_settings().fault_injection:
        raise InjectedFault(f"fault injected at {point}")
