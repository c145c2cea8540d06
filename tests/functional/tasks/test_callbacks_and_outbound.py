"""Signed callbacks, http.call, slack.post and the SSRF rules, against a local receiver."""

import hashlib
import hmac
import json
import socket
import time

import httpx
import pytest

from tests.support.api import Account, submit, wait_task
from tests.support.receiver import Receiver
from tests.support.services import RunningStack


def _secret(api: httpx.Client, account: Account) -> str:
    response = api.get("/api/v1/tenant/webhook-secret", headers=account.headers)
    assert response.status_code == 200
    return response.json()["secret"]  # type: ignore[no-any-return]


def _deliveries(api: httpx.Client, account: Account, task_id: str) -> list[dict[str, object]]:
    return api.get(
        f"/api/v1/tasks/{task_id}/deliveries",  # type: ignore[no-any-return]
        headers=account.headers,
    ).json()["items"]


def test_callback_is_signed_and_sent_once(
    api: httpx.Client, account: Account, receiver: Receiver
) -> None:
    task = submit(
        api, account, payload={"fail_times": 1, "v": 7}, callback_url=f"{receiver.url}/hook"
    )
    wait_task(api, account, task["id"])
    calls = receiver.wait_for("/hook", 1)
    time.sleep(1.5)  # a duplicate would arrive by now
    assert len(receiver.matching("/hook")) == 1
    call = calls[0]
    body = call.json()
    assert body["id"] == task["id"] and body["status"] == "success" and body["attempts"] == 2
    assert call.headers["x-autonomos-event"] == "task.success"
    timestamp = call.headers["x-autonomos-timestamp"]
    expected = hmac.new(
        _secret(api, account).encode(), timestamp.encode() + b"." + call.body, hashlib.sha256
    ).hexdigest()
    assert call.headers["x-autonomos-signature"] == f"v1={expected}"
    assert abs(int(timestamp) - time.time()) < 120


def test_callback_retried_after_500(
    api: httpx.Client, account: Account, receiver: Receiver
) -> None:
    receiver.answer(500)
    task = submit(
        api, account, payload={"fail_terminal": True}, callback_url=f"{receiver.url}/retry"
    )
    wait_task(api, account, task["id"])
    calls = receiver.wait_for("/retry", 2, timeout=60)
    assert len(calls) == 2
    assert calls[0].headers["x-autonomos-event-id"] == calls[1].headers["x-autonomos-event-id"]
    assert calls[1].json()["status"] == "failed"
    deadline = time.monotonic() + 10
    while len(log := _deliveries(api, account, task["id"])) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [(d["attempt"], d["status_code"], d["delivered"]) for d in log] == [
        (1, 500, False),
        (2, 200, True),
    ]


def test_canceled_task_calls_back(api: httpx.Client, account: Account, receiver: Receiver) -> None:
    task = submit(
        api,
        account,
        payload={"sleep_ms": 20_000, "steps": 200},
        callback_url=f"{receiver.url}/cancel",
    )
    wait_task(api, account, task["id"], statuses={"in_progress"})
    api.post(f"/api/v1/tasks/{task['id']}/cancel", headers=account.headers)
    call = receiver.wait_for("/cancel", 1)[0]
    assert call.headers["x-autonomos-event"] == "task.canceled"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://[fd00::1]/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "ftp://example.com/file",
        "http://user:secret@example.com/",
        "http://metadata.google.internal/",
        "file:///etc/passwd",
    ],
)
def test_ssrf_targets_are_refused_at_submit(api: httpx.Client, account: Account, url: str) -> None:
    callback = api.post(
        "/api/v1/tasks",
        headers=account.headers,
        json={"type": "echo", "payload": {}, "callback_url": url},
    )
    assert callback.status_code == 400, url
    assert callback.json()["error"]["code"] == "url_refused"
    call = api.post(
        "/api/v1/tasks",
        headers=account.headers,
        json={"type": "http.call", "payload": {"url": url}},
    )
    assert call.status_code == 400, url


def test_name_resolving_to_loopback_is_refused_at_call_time(
    api: httpx.Client, account: Account
) -> None:
    host = socket.gethostname()
    if not socket.gethostbyname(host).startswith("127."):
        pytest.skip("this machine's name does not resolve to loopback")
    task = submit(api, account, "http.call", {"url": f"http://{host}:9/"})
    done = wait_task(api, account, task["id"])
    assert done["status"] == "failed" and done["attempts"] == 1
    assert "non-public" in done["error"]["message"]


def test_redirect_to_private_target_is_refused(
    api: httpx.Client, account: Account, receiver: Receiver
) -> None:
    receiver.answer(302, headers={"Location": "http://10.0.0.7/internal"})
    task = submit(api, account, "http.call", {"url": f"{receiver.url}/redirect"})
    done = wait_task(api, account, task["id"])
    assert done["status"] == "failed" and "not public" in done["error"]["message"]


def test_http_call_success_retry_and_client_error(
    api: httpx.Client, account: Account, receiver: Receiver
) -> None:
    ok = submit(
        api,
        account,
        "http.call",
        {"method": "POST", "url": f"{receiver.url}/api", "body": {"a": 1}},
    )
    done = wait_task(api, account, ok["id"])
    assert done["status"] == "success" and done["result"]["status_code"] == 200
    assert receiver.matching("/api")[0].json() == {"a": 1}
    receiver.answer(503)
    flaky = submit(api, account, "http.call", {"url": f"{receiver.url}/flaky"})
    assert wait_task(api, account, flaky["id"], timeout=60)["attempts"] == 2
    receiver.answer(404)
    missing = submit(api, account, "http.call", {"url": f"{receiver.url}/missing"})
    failed = wait_task(api, account, missing["id"])
    assert failed["status"] == "failed" and failed["attempts"] == 1


def test_slack_post_uses_the_tenant_webhook(
    api: httpx.Client, account: Account, receiver: Receiver
) -> None:
    without = submit(api, account, "slack.post", {"text": "hi"})
    assert wait_task(api, account, without["id"])["status"] == "failed"
    settings = api.put(
        "/api/v1/tenant/settings",
        headers=account.headers,
        json={"slack_webhook_url": f"{receiver.url}/slack"},
    )
    assert settings.status_code == 200
    time.sleep(5.5)  # the workers' settings cache
    task = submit(api, account, "slack.post", {"text": "Spend is up 12%", "channel": "#finops"})
    assert wait_task(api, account, task["id"])["status"] == "success"
    assert receiver.matching("/slack")[0].json() == {
        "text": "Spend is up 12%",
        "channel": "#finops",
    }


def test_correlation_id_travels_from_api_to_worker_and_callback(
    api: httpx.Client, account: Account, receiver: Receiver, stack: RunningStack
) -> None:
    correlation = f"corr-{time.time_ns()}"
    response = api.post(
        "/api/v1/tasks",
        headers={**account.headers, "X-Correlation-Id": correlation},
        json={"type": "echo", "payload": {}, "callback_url": f"{receiver.url}/corr"},
    )
    assert response.headers["x-correlation-id"] == correlation
    assert response.headers["x-request-id"]
    wait_task(api, account, response.json()["id"])
    call = receiver.wait_for("/corr", 1)[0]
    assert call.headers["x-correlation-id"] == correlation
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [
            json.loads(line)
            for line in stack.log("workers").splitlines()
            if line.startswith("{") and correlation in line
        ]
        if lines:
            break
        time.sleep(0.2)
    assert lines and all(line["task_id"] == response.json()["id"] for line in lines)
    assert all(line["tenant_id"] == account.tenant_id for line in lines)
