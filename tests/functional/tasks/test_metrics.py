"""The owner's metrics: task counts by state, queue depths, callback failures, DCL and LLM."""

import httpx

from tests.support.api import Account, add_user, register, submit, wait_task


def test_owner_sees_counts_and_queues(api: httpx.Client) -> None:
    owner = register(api)
    ok = submit(api, owner)
    bad = submit(api, owner, payload={"fail_terminal": True})
    wait_task(api, owner, ok["id"])
    wait_task(api, owner, bad["id"])
    body = api.get("/api/v1/admin/metrics", headers=owner.headers).json()
    assert body["tasks"]["success"] == 1 and body["tasks"]["failed"] == 1
    assert body["tasks"]["queued"] == 0
    assert set(body["queues"]) == {"tasks", "tasks_dlq", "callbacks", "callbacks_dlq"}
    assert body["queues"]["tasks"]["visible"] >= 0
    assert body["llm"] == {"calls": 0, "tokens": 0}


def test_metrics_are_for_owners_only(api: httpx.Client, account: Account) -> None:
    admin = add_user(api, account, "admin")
    assert api.get("/api/v1/admin/metrics", headers=admin.headers).status_code == 403
