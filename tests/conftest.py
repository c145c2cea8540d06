"""Session fixtures: real PostgreSQL, Redis and the local stack (see tests/support)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.api import Account, register
from tests.support.receiver import Receiver
from tests.support.services import RunningStack, local_stack, postgres_admin_url, redis_url


@pytest.fixture(scope="session")
def admin_database_url() -> Iterator[str]:
    with postgres_admin_url() as url:
        yield url


@pytest.fixture(scope="session")
def redis_server_url() -> Iterator[str]:
    with redis_url() as url:
        yield url


@pytest.fixture(scope="session")
def stack(admin_database_url: str, redis_server_url: str) -> Iterator[RunningStack]:
    with local_stack(admin_database_url, redis_server_url) as running:
        yield running


@pytest.fixture
def api(stack: RunningStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.base_url, timeout=30) as client:
        yield client


@pytest.fixture
def receiver() -> Iterator[Receiver]:

    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def account(api: httpx.Client) -> Account:

    return register(api)
