"""Submit → queue → worker → success, with events, listing and validation."""

import uuid

import httpx

from tests.support.api import Account, events, register, submit, wait_task


def test_full_lifecycle(api: httpx.Client, account: Account) -> None:
    task = submit(api, account, payload={"hello": "world"})
    assert task["status"] == "queued" and task["attempts"] == 0
    done = wait_task(api, account, task["id"])
    assert done["status"] == "success"
    assert done["result"] == {"hello": "world"}
    assert done["attempts"] == 1
    assert done["started_at"] and done["finished_at"]
    assert done["created_at"] <= done["started_at"] <= done["finished_at"]
    kinds = [e["kind"] for e in events(api, account, task["id"])]
    assert kinds == ["queued", "started", "succeeded"]
    seqs = [e["seq"] for e in events(api, account, task["id"])]
    assert seqs == [1, 2, 3]


def test_events_after_cursor(api: httpx.Client, account: Account) -> None:
    task = submit(api, account)
    wait_task(api, account, task["id"])
    later = api.get(
        f"/api/v1/tasks/{task['id']}/events", params={"after": 1}, headers=account.headers
    ).json()["items"]
    assert [e["seq"] for e in later] == [2, 3]


def test_listing_filters_and_pages(api: httpx.Client) -> None:
    account = register(api)
    ids = [submit(api, account, payload={"n": n})["id"] for n in range(5)]
    failed = submit(api, account, payload={"fail_terminal": True})
    for task_id in [*ids, failed["id"]]:
        wait_task(api, account, task_id)
    page = api.get("/api/v1/tasks", params={"limit": 4}, headers=account.headers).json()
    assert len(page["items"]) == 4 and page["next_cursor"]
    rest = api.get(
        "/api/v1/tasks", params={"limit": 4, "cursor": page["next_cursor"]}, headers=account.headers
    ).json()
    listed = [t["id"] for t in page["items"] + rest["items"]]
    assert listed == [failed["id"], *reversed(ids)]  # newest first
    only_failed = api.get(
        "/api/v1/tasks", params={"status": "failed"}, headers=account.headers
    ).json()["items"]
    assert [t["id"] for t in only_failed] == [failed["id"]]
    by_type = api.get(
        "/api/v1/tasks", params={"type": "http.call"}, headers=account.headers
    ).json()["items"]
    assert by_type == []
    bad = api.get("/api/v1/tasks", params={"status": "exploded"}, headers=account.headers)
    assert bad.status_code == 400


def test_unknown_type_and_bad_payload_are_rejected_at_submit(
    api: httpx.Client, account: Account
) -> None:
    unknown = api.post(
        "/api/v1/tasks", headers=account.headers, json={"type": "rm -rf", "payload": {}}
    )
    assert unknown.status_code == 400
    assert "echo" in unknown.json()["error"]["details"][0]["allowed"]
    bad = api.post(
        "/api/v1/tasks", headers=account.headers, json={"type": "echo", "payload": {"sleep_ms": -5}}
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["field"] == "payload.sleep_ms"
    assert api.get("/api/v1/tasks", headers=account.headers).json()["items"] == []


def test_payload_over_limit_is_413(api: httpx.Client, account: Account) -> None:
    response = api.post(
        "/api/v1/tasks",
        headers=account.headers,
        json={"type": "echo", "payload": {"blob": "x" * 300_000}},
    )
    assert response.status_code == 413
    assert api.get("/api/v1/tasks", headers=account.headers).json()["items"] == []


def test_unknown_task_is_404(api: httpx.Client, account: Account) -> None:
    assert api.get(f"/api/v1/tasks/{uuid.uuid4()}", headers=account.headers).status_code == 404
    assert api.get("/api/v1/tasks/not-an-id", headers=account.headers).status_code == 404


def test_chaining(api: httpx.Client, account: Account) -> None:
    parent = submit(
        api,
        account,
        payload={"step": 1},
        on_success_next_task={
            "type": "echo",
            "payload": {"step": 2},
            "on_success_next_task": {"type": "echo", "payload": {"step": 3}},
        },
    )
    first = wait_task(api, account, parent["id"])
    assert first["status"] == "success" and first["next_task_id"]
    second = wait_task(api, account, first["next_task_id"])
    assert second["parent_task_id"] == parent["id"] and second["result"] == {"step": 2}
    third = wait_task(api, account, second["next_task_id"])
    assert third["result"] == {"step": 3} and third["next_task_id"] is None


def test_no_chain_after_failure(api: httpx.Client, account: Account) -> None:
    parent = submit(
        api,
        account,
        payload={"fail_terminal": True},
        on_success_next_task={"type": "echo", "payload": {}},
    )
    done = wait_task(api, account, parent["id"])
    assert done["status"] == "failed" and done["next_task_id"] is None


def test_invalid_chained_task_is_rejected(api: httpx.Client, account: Account) -> None:
    response = api.post(
        "/api/v1/tasks",
        headers=account.headers,
        json={
            "type": "echo",
            "payload": {},
            "on_success_next_task": {"type": "nope", "payload": {}},
        },
    )
    assert response.status_code == 400
