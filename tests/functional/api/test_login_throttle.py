"""Login brute force: attempts per account (e-mail) and per client address are limited
(429 with ``Retry-After``), the same for unknown e-mails; successes do not count."""

import uuid

import httpx

from tests.support.api import register
from tests.support.bruteforce import client_from, guesses, limited_as_expected, until_limited
from tests.support.services import RunningStack


def test_account_limit_then_429_even_with_the_right_password(
    api: httpx.Client, stack: RunningStack
) -> None:
    account = register(api)
    limit = stack.settings.login_limit_per_account
    with client_from(stack.base_url) as client:
        assert guesses(client, account.email, limit) == [401] * limit
        refused = client.post(
            "/api/v1/auth/login", json={"email": account.email, "password": account.password}
        )
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "rate_limited"
    assert refused.json()["error"]["details"]["scope"] == "account"
    # Another address is refused too: the limit is the account's.
    with client_from(stack.base_url) as other:
        assert guesses(other, account.email.upper(), 1) == [429]


def test_unknown_email_is_limited_the_same_way(stack: RunningStack) -> None:
    limit = stack.settings.login_limit_per_account
    with client_from(stack.base_url) as client:
        statuses = guesses(client, f"nobody-{uuid.uuid4().hex}@example.com", limit + 1)
    assert statuses == [401] * limit + [429]


def test_source_limit_across_accounts(stack: RunningStack) -> None:
    limit = stack.settings.login_limit_per_source
    with client_from(stack.base_url) as client:
        statuses = until_limited(
            lambda n: guesses(client, f"spray-{n}-{uuid.uuid4().hex[:6]}@example.com", 1)[0],
            limit,
            stack.settings.login_limit_window_seconds,
        )
        last = client.post("/api/v1/auth/login", json={"email": "x@example.com", "password": "p"})
    assert limited_as_expected(statuses, limit), statuses[-5:]
    assert last.status_code == 429 and last.json()["error"]["details"]["scope"] == "source"


def test_successful_logins_do_not_count(api: httpx.Client, stack: RunningStack) -> None:
    account = register(api)
    body = {"email": account.email, "password": account.password}
    with client_from(stack.base_url) as client:
        for _ in range(stack.settings.login_limit_per_account + 5):
            assert client.post("/api/v1/auth/login", json=body).status_code == 200
        assert (
            client.post("/token", data={"username": account.email, "password": "bad"}).status_code
            == 401
        )
