"""Cancel, idempotency keys under concurrency, and batch submit."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.support.api import Account, events, register, submit, wait_task


def test_cancel_running_task_stops_it(api: httpx.Client, account: Account) -> None:
    task = submit(api, account, payload={"sleep_ms": 30_000, "steps": 300}, timeout_seconds=60)
    wait_task(api, account, task["id"], statuses={"in_progress"})
    response = api.post(f"/api/v1/tasks/{task['id']}/cancel", headers=account.headers)
    assert response.status_code == 200 and response.json()["cancel_requested"] is True
    done = wait_task(api, account, task["id"], timeout=20)
    assert done["status"] == "canceled"
    kinds = [e["kind"] for e in events(api, account, task["id"])]
    assert "cancel_requested" in kinds and kinds[-1] == "canceled"
    assert done["result"] is None


def test_cancel_queued_task_never_runs(api: httpx.Client) -> None:
    account = register(api)
    batch = api.post(
        "/api/v1/tasks/batch",
        headers=account.headers,
        json={"tasks": [{"type": "echo", "payload": {"sleep_ms": 3000}} for _ in range(24)]},
    )
    assert batch.status_code == 202
    last = batch.json()["items"][-1]
    canceled = api.post(f"/api/v1/tasks/{last['id']}/cancel", headers=account.headers).json()
    if canceled["status"] == "canceled":  # it was still queued: it must never start
        time.sleep(4)
        final = wait_task(api, account, last["id"])
        assert final["status"] == "canceled" and final["attempts"] == 0
        assert "started" not in [e["kind"] for e in events(api, account, last["id"])]
    else:  # a worker had already claimed it: it is asked to stop instead
        assert canceled["cancel_requested"] is True
        assert wait_task(api, account, last["id"])["status"] in {"canceled", "success"}
    queued = [t for t in batch.json()["items"][:-1]]
    statuses = [wait_task(api, account, t["id"], timeout=60)["status"] for t in queued]
    assert statuses == ["success"] * len(queued)


def test_cancel_finished_task_is_409(api: httpx.Client, account: Account) -> None:
    task = submit(api, account)
    wait_task(api, account, task["id"])
    response = api.post(f"/api/v1/tasks/{task['id']}/cancel", headers=account.headers)
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


def test_idempotency_key_under_concurrent_submits(api: httpx.Client, account: Account) -> None:
    key = f"order-{uuid.uuid4()}"
    body = {"type": "echo", "payload": {"order": 1}, "idempotency_key": key}

    def post(_: int) -> httpx.Response:
        with httpx.Client(base_url=str(api.base_url), timeout=30) as client:
            return client.post("/api/v1/tasks", headers=account.headers, json=body)

    with ThreadPoolExecutor(16) as pool:
        responses = list(pool.map(post, range(16)))
    assert sorted(r.status_code for r in responses) == [200] * 15 + [202]
    assert len({r.json()["id"] for r in responses}) == 1
    listed = api.get("/api/v1/tasks", headers=account.headers).json()["items"]
    assert [t["idempotency_key"] for t in listed].count(key) == 1
    again = api.post("/api/v1/tasks", headers=account.headers, json=body)
    assert again.status_code == 200 and again.json()["id"] == responses[0].json()["id"]


def test_same_key_in_two_tenants_is_two_tasks(api: httpx.Client) -> None:
    a, b = register(api), register(api)
    body = {"type": "echo", "payload": {}, "idempotency_key": "shared"}
    first = api.post("/api/v1/tasks", headers=a.headers, json=body)
    second = api.post("/api/v1/tasks", headers=b.headers, json=body)
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] != second.json()["id"]


def test_batch_submit(api: httpx.Client) -> None:
    account = register(api)
    response = api.post(
        "/api/v1/tasks/batch",
        headers=account.headers,
        json={"tasks": [{"type": "echo", "payload": {"n": n}} for n in range(100)]},
    )
    assert response.status_code == 202
    items = response.json()["items"]
    assert len(items) == 100 and len({t["id"] for t in items}) == 100
    results = [wait_task(api, account, t["id"], timeout=120)["result"]["n"] for t in items]
    assert results == list(range(100))


def test_batch_with_one_bad_task_writes_nothing(api: httpx.Client) -> None:
    account = register(api)
    tasks = [{"type": "echo", "payload": {}} for _ in range(5)]
    tasks.insert(3, {"type": "echo", "payload": {"sleep_ms": "long"}})
    response = api.post("/api/v1/tasks/batch", headers=account.headers, json={"tasks": tasks})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["index"] == 3
    assert api.get("/api/v1/tasks", headers=account.headers).json()["items"] == []
    too_many = api.post(
        "/api/v1/tasks/batch",
        headers=account.headers,
        json={"tasks": [{"type": "echo", "payload": {}}] * 101},
    )
    assert too_many.status_code == 400
