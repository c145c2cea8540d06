"""Real faults on a stack of its own: the worker process killed mid-batch, and the AWS
emulator down between commit and send. No accepted task is lost; each finishes once."""

import time
from collections.abc import Iterator

import httpx
import psutil
import pytest

from tests.support.api import Account, events, register, wait_task
from tests.support.services import RunningStack, local_stack


@pytest.fixture(scope="module")
def faulty(admin_database_url: str, redis_server_url: str) -> Iterator[RunningStack]:
    with local_stack(admin_database_url, redis_server_url) as running:
        yield running


@pytest.fixture
def client(faulty: RunningStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=faulty.base_url, timeout=30) as c:
        yield c


def _workers(stack: RunningStack) -> psutil.Process:
    for child in psutil.Process(stack.process.pid).children(recursive=True):
        if "infra.serve" in " ".join(child.cmdline()) and "workers" in child.cmdline():
            return child
    raise AssertionError("no workers process")


def _emulator(stack: RunningStack) -> psutil.Process:
    port = int(stack.emulator_url.rsplit(":", 1)[1])
    for child in psutil.Process(stack.process.pid).children(recursive=True):
        if "infra.moto_server" in child.cmdline() and str(port) in child.cmdline():
            return child
    raise AssertionError("no emulator process")


def _batch(client: httpx.Client, account: Account, n: int, **payload: object) -> list[str]:
    response = client.post(
        "/api/v1/tasks/batch",
        headers=account.headers,
        json={
            "tasks": [
                {"type": "echo", "payload": {"n": i, **payload}, "timeout_seconds": 5}
                for i in range(n)
            ]
        },
    )
    assert response.status_code == 202, response.text
    return [t["id"] for t in response.json()["items"]]


def test_worker_killed_mid_batch_loses_nothing(faulty: RunningStack, client: httpx.Client) -> None:
    account = register(client)
    ids = _batch(client, account, 12, sleep_ms=3000, steps=30)
    wait_task(client, account, ids[0], statuses={"in_progress"}, timeout=30)
    victim = _workers(faulty)
    victim.kill()
    victim.wait(10)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the supervisor starts a new worker process
        try:
            if _workers(faulty).pid != victim.pid:
                break
        except AssertionError:
            pass
        time.sleep(0.2)
    finals = [wait_task(client, account, task_id, timeout=120) for task_id in ids]
    assert [f["status"] for f in finals] == ["success"] * len(ids)
    recovered = 0
    for task_id in ids:
        kinds = [e["kind"] for e in events(client, account, task_id)]
        assert kinds.count("succeeded") == 1, kinds
        recovered += "recovered" in kinds
    assert recovered >= 1  # at least one task really was interrupted and picked up again


def test_emulator_outage_between_commit_and_send(
    faulty: RunningStack, client: httpx.Client
) -> None:
    account = register(client)
    emulator = _emulator(faulty)
    emulator.kill()
    emulator.wait(10)
    ids = _batch(client, account, 20)  # committed while SQS is down: the sends fail
    finals = [wait_task(client, account, task_id, timeout=120) for task_id in ids]
    assert [f["status"] for f in finals] == ["success"] * len(ids)
    for task_id in ids:
        kinds = [e["kind"] for e in events(client, account, task_id)]
        assert kinds.count("succeeded") == 1
    assert client.get("/health").json()["queue"] == "ok"
