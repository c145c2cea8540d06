"""/health through the gateway, with a dependency taken away for real."""

import time
from collections.abc import Iterator

import httpx
import psutil
import pytest

from tests.support.services import RunningStack, local_stack


@pytest.fixture(scope="module")
def own_stack(admin_database_url: str, redis_server_url: str) -> Iterator[RunningStack]:
    with local_stack(admin_database_url, redis_server_url) as running:
        yield running


def test_healthy_stack_reports_ok(stack: RunningStack) -> None:
    response = httpx.get(f"{stack.base_url}/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "queue": "ok"}


def test_emulator_down_gives_503_naming_the_queue(own_stack: RunningStack) -> None:
    port = int(own_stack.emulator_url.rsplit(":", 1)[1])
    owners = [
        c.pid
        for c in psutil.net_connections("tcp")
        if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid
    ]
    assert owners, "no emulator process found"
    for pid in owners:
        psutil.Process(pid).kill()
    deadline = time.monotonic() + 30
    response = httpx.get(f"{own_stack.base_url}/health", timeout=30)
    while response.status_code != 503 and time.monotonic() < deadline:
        response = httpx.get(f"{own_stack.base_url}/health", timeout=30)
    assert response.status_code == 503
    body = response.json()
    assert body["queue"] == "down" and body["database"] == "ok" and body["redis"] == "ok"
