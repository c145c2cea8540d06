"""Retries with exponential backoff, terminal errors and timeouts."""

import datetime as dt

import httpx

from tests.support.api import Account, events, submit, wait_task


def _at(event: dict[str, str]) -> dt.datetime:
    return dt.datetime.fromisoformat(event["at"])


def test_retries_until_success_with_growing_backoff(api: httpx.Client, account: Account) -> None:
    task = submit(api, account, payload={"fail_times": 3}, max_retries=3)
    done = wait_task(api, account, task["id"], timeout=90)
    assert done["status"] == "success" and done["attempts"] == 4
    history = events(api, account, task["id"])
    retries = [e for e in history if e["kind"] == "retry_scheduled"]
    starts = [e for e in history if e["kind"] == "started"]
    assert len(retries) == 3 and len(starts) == 4
    delays = [e["data"]["delay_seconds"] for e in retries]
    # Full jitter within [base·2^(n-1)/2, base·2^(n-1)] with base 1 s: each ceiling doubles.
    for n, delay in enumerate(delays, start=1):
        assert 2 ** (n - 1) / 2 <= delay <= 2 ** (n - 1) or delay == 1
    for retry, next_start in zip(retries, starts[1:], strict=True):
        assert (_at(next_start) - _at(retry)).total_seconds() >= retry["data"][
            "delay_seconds"
        ] - 0.5


def test_exhausted_retries_fail_with_the_error(api: httpx.Client, account: Account) -> None:
    task = submit(api, account, payload={"fail_times": 5}, max_retries=1)
    done = wait_task(api, account, task["id"], timeout=60)
    assert done["status"] == "failed" and done["attempts"] == 2
    assert done["error"]["type"] == "task_error"
    assert "no retries left" in done["error"]["message"]


def test_terminal_error_does_not_retry(api: httpx.Client, account: Account) -> None:
    task = submit(api, account, payload={"fail_terminal": True}, max_retries=5)
    done = wait_task(api, account, task["id"])
    assert done["status"] == "failed" and done["attempts"] == 1
    assert done["error"]["type"] == "task_failed"
    assert "retry_scheduled" not in [e["kind"] for e in events(api, account, task["id"])]


def test_timeout_bounds_a_run(api: httpx.Client, account: Account) -> None:
    task = submit(api, account, payload={"sleep_ms": 60_000}, timeout_seconds=1, max_retries=0)
    done = wait_task(api, account, task["id"], timeout=30)
    assert done["status"] == "failed" and done["error"]["type"] == "timeout"
    duration = (
        dt.datetime.fromisoformat(done["finished_at"])
        - dt.datetime.fromisoformat(done["started_at"])
    ).total_seconds()
    assert duration < 30  # far less than the 60 s the task wanted


def test_timeout_then_retry_then_give_up(api: httpx.Client, account: Account) -> None:
    task = submit(api, account, payload={"sleep_ms": 60_000}, timeout_seconds=1, max_retries=1)
    done = wait_task(api, account, task["id"], timeout=60)
    assert done["status"] == "failed" and done["attempts"] == 2
