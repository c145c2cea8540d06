"""SSRF: callbacks, ``http.call``, Slack webhooks, LLM base URLs and SQL sources never
reach loopback, private, link-local or IPv6-internal targets: given literally (400 at
submit), as names resolving inward, or behind a redirect from an allowed host. Canary
listeners on 127.0.0.1 (reached only through a refused name) and 127.0.0.2 prove nothing
got through."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.hardening.fuzz.listener import Listener
from tests.hardening.fuzz.report import Category
from tests.support.api import Account, wait_task
from tests.support.ssrf_targets import (
    REFUSED_AT_SUBMIT,
    names_resolving_inward,
    sql_source_urls,
)


def _submit(client: httpx.Client, account: Account, body: dict[str, Any]) -> httpx.Response:
    return client.post("/api/v1/tasks", headers=account.headers, json=body)


def _submit_time(client: httpx.Client, account: Account, url: str, result: Category) -> None:
    attempts = {
        "callback_url": _submit(
            client, account, {"type": "echo", "payload": {}, "callback_url": url}
        ),
        "http.call": _submit(client, account, {"type": "http.call", "payload": {"url": url}}),
        "slack_webhook_url": client.put(
            "/api/v1/tenant/settings", headers=account.headers, json={"slack_webhook_url": url}
        ),
        "llm base url": client.put(
            "/api/v1/tenant/settings",
            headers=account.headers,
            json={"llm": {"openai_base_url": url}},
        ),
    }
    for where, response in attempts.items():
        result.count()
        result.expect(response.status_code == 400, f"{where} {url}: {response.status_code}")


def _await_deliveries(
    client: httpx.Client, account: Account, task_ids: list[str], timeout: float = 20
) -> None:
    """Wait (bounded) until each task's callback was attempted, so a callback that would
    reach a canary has had its chance."""
    deadline = time.monotonic() + timeout
    waiting = list(task_ids)
    while waiting and time.monotonic() < deadline:
        response = client.get(f"/api/v1/tasks/{waiting[0]}/deliveries", headers=account.headers)
        if response.status_code == 200 and response.json()["items"]:
            waiting.pop(0)
        else:
            time.sleep(0.2)


def run(client: httpx.Client, account: Account) -> Category:
    result = Category("ssrf")
    inner = Listener("127.0.0.2")  # loopback, not on the allow-list
    canary = Listener("127.0.0.1")  # allowed only when called as 127.0.0.1
    names = names_resolving_inward()
    inward = [f"http://{n}:{canary.port}/name" for n in names] + [f"{inner.url}/literal"]
    private = [
        *inward,
        "http://10.0.0.7/internal",
        "http://169.254.169.254/latest/",
        f"http://[::1]:{canary.port}/v6",
        f"http://[::ffff:127.0.0.1]:{canary.port}/m",
    ]
    redirector = Listener("127.0.0.1", {f"/r/{i}": url for i, url in enumerate(private)})
    try:
        for url in [*REFUSED_AT_SUBMIT, f"{inner.url}/direct"]:
            _submit_time(client, account, url, result)
        for url in sql_source_urls(names):
            result.count()
            response = client.post(
                "/api/v1/dcl/sources", headers=account.headers, json={"kind": "sql", "url": url}
            )
            result.expect(response.status_code == 400, f"SQL source {url}: {response.status_code}")
        pending: list[tuple[str, str]] = []
        targets = inward + [f"{redirector.url}/r/{i}" for i in range(len(private))]
        for url in targets:
            for body in (
                {"type": "http.call", "payload": {"url": url}},
                {"type": "echo", "payload": {}, "callback_url": url},
            ):
                result.count()
                response = _submit(client, account, body)
                if response.status_code == 202:
                    pending.append((f"{body['type']} {url}", response.json()["id"]))
                else:
                    result.expect(response.status_code == 400, f"{url}: {response.status_code}")
        for label, task_id in pending:
            result.count()
            done = wait_task(client, account, task_id, timeout=90)
            if label.startswith("http.call"):
                result.expect(done["status"] == "failed", f"{label} was called: {done['status']}")
        _await_deliveries(client, account, [t for label, t in pending if label.startswith("echo")])
        reached = canary.hits + inner.hits
        result.expect(not reached, f"private targets reached: {reached}")
        if not names:
            result.notes.append("no host name of this machine resolves inward")
    finally:
        for server in (inner, canary, redirector):
            server.close()
    return result
