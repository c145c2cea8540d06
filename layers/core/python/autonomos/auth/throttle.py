"""Login brute-force throttle: failed attempts per account (e-mail) and per source address.

Each login attempt takes one token from two Redis token buckets (the edge rate limiter's,
:meth:`autonomos.quotas.Quotas.take`) before the password is checked, and a successful
login gives them back, so only failures count while concurrent guesses cannot slip past.
A bucket holds ``limit`` tokens refilled over ``window_seconds``. Unknown e-mails are
throttled exactly like known ones (the key is the normalised e-mail, not the account).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from autonomos.errors import RateLimited
from autonomos.quotas import Quotas


@dataclass(frozen=True)
class LoginLimits:
    """Attempts allowed per account and per source address within ``window_seconds``."""

    per_account: int
    per_source: int
    window_seconds: int


def account_key(email: str) -> str:
    """The bucket of an e-mail (hashed: no addresses in Redis), case and blanks ignored."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"login:account:{digest}"


def source_key(source_ip: str | None) -> str | None:
    """The bucket of a client address, or ``None`` when the address is unknown."""
    return f"login:source:{source_ip}" if source_ip else None


class LoginThrottle:
    """Refuses logins with 429 and ``Retry-After`` once an account or source is out of
    attempts; :meth:`attempt` before checking a password, :meth:`succeeded` after a success."""

    def __init__(self, quotas: Quotas, limits: LoginLimits) -> None:
        self._quotas = quotas
        self._limits = limits

    def _buckets(self, email: str, source_ip: str | None) -> list[tuple[str, int, str]]:
        buckets = [(account_key(email), self._limits.per_account, "account")]
        source = source_key(source_ip)
        if source is not None:
            buckets.append((source, self._limits.per_source, "source"))
        return buckets

    def attempt(self, email: str, source_ip: str | None) -> None:
        """Take one attempt from the account's and the source's buckets; raise
        :class:`RateLimited` when either is empty (the other is then given back)."""
        taken: list[tuple[str, int]] = []
        for key, limit, scope in self._buckets(email, source_ip):
            wait = self._quotas.take(key, limit, limit / self._limits.window_seconds)
            if wait is not None:
                for done_key, done_limit in taken:
                    self._refund(done_key, done_limit)
                raise RateLimited(
                    f"too many login attempts for this {scope}; try again later",
                    retry_after=int(wait) + 1,
                    details={
                        "scope": scope,
                        "limit": limit,
                        "window_seconds": self._limits.window_seconds,
                    },
                )
            taken.append((key, limit))

    def succeeded(self, email: str, source_ip: str | None) -> None:
        """Give back the attempt of a successful login."""
        for key, limit, _ in self._buckets(email, source_ip):
            self._refund(key, limit)

    def _refund(self, key: str, limit: int) -> None:
        self._quotas.take(key, limit, limit / self._limits.window_seconds, cost=-1)
