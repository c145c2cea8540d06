"""Password brute force: the login limits per account and per source answer 429 with
``Retry-After`` (through both login routes), unknown e-mails are limited the same way, and
a failure takes about as long for a known as for an unknown e-mail."""

from __future__ import annotations

import statistics
import time
import uuid

import httpx

from autonomos.config import Settings
from tests.hardening.fuzz.report import Category
from tests.support.api import register
from tests.support.bruteforce import client_from, guesses, limited_as_expected, until_limited


def _timed_failure(base_url: str, email: str) -> float:
    with client_from(base_url) as client:
        started = time.perf_counter()
        client.post("/api/v1/auth/login", json={"email": email, "password": "nope-nope"})
        return time.perf_counter() - started


def run(client: httpx.Client, base_url: str, settings: Settings) -> Category:
    result = Category("brute force")
    per_account, per_source = settings.login_limit_per_account, settings.login_limit_per_source
    account = register(client)

    with client_from(base_url) as attacker:
        statuses = guesses(attacker, account.email, per_account + 2)
        result.count(len(statuses))
        result.expect(
            statuses == [401] * per_account + [429, 429],
            f"account limit: statuses {statuses}",
        )
        right = attacker.post(
            "/token", data={"username": account.email, "password": account.password}
        )
        result.count()
        result.expect(
            right.status_code == 429 and int(right.headers.get("retry-after", "0")) >= 1,
            f"right password after the limit via /token: {right.status_code} {right.headers}",
        )

    with client_from(base_url) as attacker:
        unknown = guesses(attacker, f"ghost-{uuid.uuid4().hex}@example.com", per_account + 1)
        result.count(len(unknown))
        result.expect(
            unknown[-1] == 429 and unknown[:-1] == [401] * per_account, f"unknown e-mail: {unknown}"
        )

    with client_from(base_url) as sprayer:
        sprayed = until_limited(
            lambda n: guesses(sprayer, f"spray-{n}-{uuid.uuid4().hex[:6]}@example.com", 1)[0],
            per_source,
            settings.login_limit_window_seconds,
        )
        result.count(len(sprayed))
        result.expect(limited_as_expected(sprayed, per_source), f"source limit: {sprayed[-5:]}")

    fresh = register(client)
    with client_from(base_url) as elsewhere:
        result.count()
        # Another address and another account are not affected by the attack above.
        ok = elsewhere.post(
            "/api/v1/auth/login", json={"email": fresh.email, "password": fresh.password}
        )
        result.expect(ok.status_code == 200, f"legitimate login refused: {ok.status_code}")

    known = register(client)
    samples = 5
    known_times = [_timed_failure(base_url, known.email) for _ in range(samples)]
    unknown_times = [
        _timed_failure(base_url, f"none-{uuid.uuid4().hex}@example.com") for _ in range(samples)
    ]
    result.count(2 * samples)
    ratio = statistics.median(known_times) / max(statistics.median(unknown_times), 1e-6)
    result.expect(0.33 < ratio < 3, f"known/unknown e-mail failure time ratio {ratio:.2f}")
    return result
