"""Agents and AOA runs through the gateway and the worker."""

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.api import Account, events, register, wait_task
from tests.support.dcl import DEMO_SOURCES, connect, publish, review_like_an_expert, run_agent
from tests.support.receiver import Receiver
from tests.support.services import RunningStack

FINOPS_KINDS = {
    "spend_trend",
    "idle_resource",
    "oversized_instance",
    "cost_anomaly",
    "top_cost_drivers",
}
REVOPS_KINDS = {
    "pipeline_by_stage",
    "deal_at_risk",
    "account_decline",
    "win_rate",
    "account_conflict",
}


@pytest.fixture(scope="module")
def client(stack: RunningStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.base_url, timeout=60) as c:
        yield c


def _reviewed_tenant(
    client: httpx.Client, mode: str | None = None, slack: str | None = None
) -> Account:
    account = register(client)
    settings: dict[str, object] = {}
    if mode:
        settings["autonomy_mode"] = mode
    if slack:
        settings["slack_webhook_url"] = slack
    if settings:
        assert (
            client.put(
                "/api/v1/tenant/settings", headers=account.headers, json=settings
            ).status_code
            == 200
        )
    connect(client, account, DEMO_SOURCES, ["finops_pilot", "revops_pilot"])
    if review_like_an_expert(client, account):
        publish(client, account)
    if settings:
        time.sleep(5.5)  # the workers' tenant-settings cache
    return account


@pytest.fixture(scope="module")
def reviewed(client: httpx.Client) -> Account:
    return _reviewed_tenant(client)


def _findings(client: httpx.Client, account: Account, agent: str) -> dict[str, object]:
    response = client.get(f"/api/v1/agents/{agent}/findings", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_catalogue_says_what_is_available(client: httpx.Client, reviewed: Account) -> None:
    agents = {
        a["id"]: a for a in client.get("/api/v1/agents", headers=reviewed.headers).json()["items"]
    }
    assert set(agents) == {"finops_pilot", "revops_pilot"}
    assert set(agents["finops_pilot"]["consumes"]) == {"aws_resources", "cost_reports"}
    assert agents["finops_pilot"]["available"] is True, agents["finops_pilot"]["missing"]
    assert agents["revops_pilot"]["available"] is True, agents["revops_pilot"]["missing"]
    fresh = register(client)
    unavailable = client.get("/api/v1/agents", headers=fresh.headers).json()["items"]
    assert not any(a["available"] for a in unavailable)


@pytest.mark.parametrize(
    ("agent", "kinds"), [("finops_pilot", FINOPS_KINDS), ("revops_pilot", REVOPS_KINDS)]
)
def test_every_finding_type_appears_with_evidence(
    client: httpx.Client, reviewed: Account, agent: str, kinds: set[str]
) -> None:
    done = run_agent(client, reviewed, agent)
    assert done["result"]["status"] == "completed"
    page = _findings(client, reviewed, agent)
    items = page["items"]  # type: ignore[index]
    assert {f["kind"] for f in items} >= kinds  # type: ignore[index]
    assert page["summary"]
    for finding in items:  # type: ignore[union-attr]
        assert finding["severity"] in {"info", "low", "medium", "high", "critical"}
        assert finding["evidence"]["metrics"]
        if finding["evidence"]["rows"]:
            assert finding["evidence"]["source_columns"]
    high = client.get(
        f"/api/v1/agents/{agent}/findings", params={"severity": "high"}, headers=reviewed.headers
    ).json()["items"]
    assert all(f["severity"] == "high" for f in high)


def test_missing_entity_gives_a_clear_result(client: httpx.Client) -> None:
    account = register(client)
    connect(client, account, ["salesforce"], [])
    done = run_agent(client, account, "finops_pilot")
    assert done["result"]["status"] == "missing_inputs"
    missing = done["result"]["missing"]
    assert missing and all(m.split(".")[0] in {"aws_resources", "cost_reports"} for m in missing)
    page = _findings(client, account, "finops_pilot")
    assert page["run_status"] == "missing_inputs" and page["items"] == []


def _actions(client: httpx.Client, account: Account, agent: str) -> list[dict[str, object]]:
    items = _findings(client, account, agent)["items"]
    return [f["action"] for f in items if f["action"]]  # type: ignore[index,union-attr]


def test_a_mode_change_governs_the_very_next_run(client: httpx.Client) -> None:
    account = _reviewed_tenant(client, "observe")
    run_agent(client, account, "finops_pilot")  # the workers now hold the settings of "observe"
    assert _actions(client, account, "finops_pilot") == []
    changed = client.put(
        "/api/v1/tenant/settings", headers=account.headers, json={"autonomy_mode": "approve"}
    )
    assert changed.status_code == 200
    run_agent(client, account, "finops_pilot")  # at once, as a person in the dashboard would
    waiting = _actions(client, account, "finops_pilot")
    assert waiting and all(a["status"] == "awaiting_approval" for a in waiting)


@pytest.mark.parametrize("agent", ["finops_pilot"])
def test_autonomy_modes_gate_actions(client: httpx.Client, receiver: Receiver, agent: str) -> None:
    hook = f"{receiver.url}/slack"
    observe = _reviewed_tenant(client, "observe", hook)
    run_agent(client, observe, agent)
    assert _actions(client, observe, agent) == []

    recommend = _reviewed_tenant(client, "recommend", hook)
    run_agent(client, recommend, agent)
    proposed = _actions(client, recommend, agent)
    assert proposed and all(a["status"] == "proposed" for a in proposed)

    approve = _reviewed_tenant(client, "approve", hook)
    run_agent(client, approve, agent)
    waiting = _actions(client, approve, agent)
    assert waiting and all(a["status"] == "awaiting_approval" for a in waiting)
    time.sleep(2)
    assert receiver.matching("/slack") == []  # nothing ran before approval or in other modes
    slack = next(a for a in waiting if a["kind"] == "slack.post")
    other = next(a for a in waiting if a["id"] != slack["id"])
    approved = client.post(f"/api/v1/agents/actions/{slack['id']}/approve", headers=approve.headers)
    assert approved.status_code == 200 and approved.json()["status"] == "executed"
    assert approved.json()["decided_by"] == approve.user_id
    wait_task(client, approve, approved.json()["task_id"])
    assert len(receiver.wait_for("/slack", 1)) == 1
    rejected = client.post(f"/api/v1/agents/actions/{other['id']}/reject", headers=approve.headers)
    assert rejected.json()["status"] == "rejected" and rejected.json()["decided_at"]
    again = client.post(f"/api/v1/agents/actions/{other['id']}/approve", headers=approve.headers)
    assert again.status_code == 409

    auto = _reviewed_tenant(client, "auto", hook)
    before = len(receiver.matching("/slack"))
    run_agent(client, auto, agent)
    executed = _actions(client, auto, agent)
    assert executed and all(a["status"] == "executed" for a in executed)
    slack_count = sum(1 for a in executed if a["kind"] == "slack.post")
    assert len(receiver.wait_for("/slack", before + slack_count)) == before + slack_count


def test_aoa_run_from_nothing_to_findings(client: httpx.Client) -> None:
    account = register(client)
    started = client.post(
        "/api/v1/aoa/run",
        headers=account.headers,
        json={"sources": DEMO_SOURCES, "agents": ["finops_pilot", "revops_pilot"]},
    )
    assert started.status_code == 202
    second = client.post(
        "/api/v1/aoa/run", headers=account.headers, json={"sources": ["sap"], "agents": []}
    )
    assert second.status_code == 409
    state = client.get("/api/v1/aoa/state", headers=account.headers).json()
    assert state["active_run"]["task_id"] == started.json()["id"]
    done = wait_task(client, account, started.json()["id"], timeout=180)
    assert done["status"] == "success", done
    names = [s["name"] for s in done["result"]["stages"]]
    assert names == ["connect", "agent:finops_pilot", "agent:revops_pilot"]
    history = events(client, account, started.json()["id"])
    progress = [e["data"]["progress"] for e in history if e["data"] and "progress" in e["data"]]
    assert progress == sorted(progress) and progress[-1] == 100
    kinds = [e["kind"] for e in history]
    assert kinds.index("plan") < kinds.index("stage") < kinds.index("agent") < kinds.index("done")
    after = client.get("/api/v1/aoa/state", headers=account.headers).json()
    assert after["active_run"] is None and after["last_run"]["status"] == "succeeded"
    assert after["graph"]["nodes"]
    agents = client.get("/api/v1/agents", headers=account.headers).json()["items"]
    assert all(a["last_run_at"] for a in agents)


def test_failed_stage_stops_the_plan(client: httpx.Client) -> None:
    account = register(client)
    started = client.post(
        "/api/v1/aoa/run",
        headers=account.headers,
        json={"sources": ["no_such_source"], "agents": ["finops_pilot"]},
    )
    done = wait_task(client, account, started.json()["id"], timeout=120)
    assert done["status"] == "failed"
    assert "connect" in done["error"]["message"]
    state = client.get("/api/v1/aoa/state", headers=account.headers).json()
    assert state["last_run"]["status"] == "failed" and len(state["last_run"]["stages"]) == 1
    again = client.post(
        "/api/v1/aoa/run", headers=account.headers, json={"sources": ["sap"], "agents": []}
    )
    assert again.status_code == 202  # a finished run no longer blocks a new one


def test_cross_tenant_access_to_agents(client: httpx.Client, reviewed: Account) -> None:
    run_agent(client, reviewed, "finops_pilot")
    intruder = register(client)
    assert _findings(client, intruder, "finops_pilot")["items"] == []
    for finding in _findings(client, reviewed, "finops_pilot")["items"]:  # type: ignore[union-attr]
        if finding["action"]:
            action = finding["action"]["id"]
            for verb in ("approve", "reject"):
                response = client.post(
                    f"/api/v1/agents/actions/{action}/{verb}", headers=intruder.headers
                )
                assert response.status_code == 404
    state = client.get("/api/v1/aoa/state", headers=intruder.headers).json()
    assert state["last_run"] is None and state["version"] is None
    assert client.post("/api/v1/agents/nobody/run", headers=intruder.headers).status_code == 404


def test_agent_thresholds_come_from_the_tenant_settings(client: httpx.Client) -> None:
    account = _reviewed_tenant(client)
    bad = client.put(
        "/api/v1/tenant/settings",
        headers=account.headers,
        json={"agents": {"finops_pilot": {"idle_cpu_pct": 500}}},
    )
    assert bad.status_code == 400
    unknown = client.put(
        "/api/v1/tenant/settings",
        headers=account.headers,
        json={"agents": {"finops_pilot": {"no_such_threshold": 1}}},
    )
    assert unknown.status_code == 400
    run_agent(client, account, "finops_pilot")
    before = {f["kind"] for f in _findings(client, account, "finops_pilot")["items"]}
    assert "idle_resource" in before
    saved = client.put(
        "/api/v1/tenant/settings",
        headers=account.headers,
        json={"agents": {"finops_pilot": {"idle_min_monthly_cost": 1e12}}},
    )
    assert saved.status_code == 200
    assert saved.json()["agents"]["finops_pilot"] == {"idle_min_monthly_cost": 1e12}
    time.sleep(5.5)  # the workers' tenant-settings cache
    run_agent(client, account, "finops_pilot")
    after = {f["kind"] for f in _findings(client, account, "finops_pilot")["items"]}
    assert "idle_resource" not in after and "spend_trend" in after
