"""The owner's metrics: task counts by state, queue depths, callback failures, DCL and LLM."""

import json
import time
import uuid
from typing import Any

import httpx

from autonomos.runtime import build_runtime
from autonomos.tenancy import TenantContext
from tests.fakes.llm_server import FakeLlmServer
from tests.support.api import Account, add_user, register, submit, wait_task
from tests.support.dcl import connect
from tests.support.receiver import Receiver
from tests.support.services import RunningStack, local_stack


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


def _emf(stack: RunningStack, metric: str) -> list[dict[str, Any]]:
    """The EMF lines naming ``metric`` that the stack's processes wrote so far."""
    found = []
    for name in ("gateway", "workers"):
        for line in stack.log(name).splitlines():
            if '"_aws"' not in line:
                continue
            body = json.loads(line[line.index("{") :])
            names = [m["Name"] for m in body["_aws"]["CloudWatchMetrics"][0]["Metrics"]]
            if metric in names:
                found.append(body)
    return found


def _wait_emf(stack: RunningStack, metric: str, count: int, **match: str) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 30
    while True:
        lines = [b for b in _emf(stack, metric) if all(b.get(k) == v for k, v in match.items())]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.2)


def test_emf_lines_follow_a_task_its_callback_and_a_dcl_run(
    admin_database_url: str, redis_server_url: str, receiver: Receiver
) -> None:
    with (
        local_stack(admin_database_url, redis_server_url, extra={"METRICS_EMF": "true"}) as stack,
        httpx.Client(base_url=stack.base_url, timeout=30) as api,
    ):
        owner = register(api)
        receiver.answer(500)  # the first delivery fails, the retry succeeds
        task = submit(api, owner, callback_url=f"{receiver.url}/hook")
        assert wait_task(api, owner, task["id"])["status"] == "success"
        assert len(receiver.wait_for("/hook", 2)) == 2
        for state in ("queued", "in_progress", "success"):
            (line,) = _wait_emf(stack, "TaskTransitions", 1, task_id=task["id"], State=state)
            assert line["TaskType"] == "echo" and line["tenant_id"] == owner.tenant_id
            assert line.get("correlation_id"), line
            assert line["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [
                ["State"],
                ["TaskType", "State"],
            ]
        outcomes = _wait_emf(stack, "CallbackDeliveries", 2, task_id=task["id"])
        assert sorted(line["Outcome"] for line in outcomes) == ["delivered", "failed"]
        assert len(_wait_emf(stack, "CallbackFailures", 1, task_id=task["id"])) == 1

        connect(api, owner, sources=["salesforce"], agents=[])
        stages = _wait_emf(stack, "DclStageSeconds", 3, tenant_id=owner.tenant_id)
        assert {line["Stage"] for line in stages} >= {"connect", "profile", "map"}
        assert all(
            line["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Unit"] == "Seconds"
            for line in stages
        )
        assert _emf(stack, "LlmCalls") == []  # heuristics only: no LLM configured


def test_llm_usage_reaches_emf_and_the_owner_metrics(
    admin_database_url: str, redis_server_url: str
) -> None:
    with (
        FakeLlmServer() as fake,
        local_stack(admin_database_url, redis_server_url, extra={"METRICS_EMF": "true"}) as stack,
        httpx.Client(base_url=stack.base_url, timeout=30) as api,
    ):
        owner = register(api)
        llm = {
            "provider": "openai",
            "model": "openai-test-model",
            "openai_api_key": "sk-tenant-key",
            "openai_base_url": fake.base_url_openai,
        }
        response = api.put("/api/v1/tenant/settings", headers=owner.headers, json={"llm": llm})
        assert response.status_code == 200, response.text
        time.sleep(5.5)  # the worker's tenant-settings cache
        result = connect(api, owner, sources=["salesforce"], agents=[], mode="llm")["result"]
        assert result["llm_calls"] >= 1
        calls = _wait_emf(stack, "LlmCalls", 1, tenant_id=owner.tenant_id)
        tokens = _wait_emf(stack, "LlmTokens", 1, tenant_id=owner.tenant_id)
        assert sum(line["LlmCalls"] for line in calls) == result["llm_calls"]
        assert sum(line["LlmTokens"] for line in tokens) == result["llm_tokens"]

        # an agent's LLM summary adds to the same totals (in process, on the stack's database)
        settings = stack.settings.model_copy(update={"metrics_emf": False})
        runtime = build_runtime(settings)
        ctx = TenantContext.system(uuid.UUID(owner.tenant_id))
        runtime.agents._count_llm_usage(ctx, 2, 30)
        runtime.db.dispose()
        body = api.get("/api/v1/admin/metrics", headers=owner.headers).json()
        assert body["llm"] == {
            "calls": result["llm_calls"] + 2,
            "tokens": result["llm_tokens"] + 30,
        }
