"""A callback whose queue message is lost with the AWS emulator (between two delivery
attempts) is sent again by the outbox relay with the same event id, and delivered once."""

import time
from collections.abc import Iterator

import httpx
import psutil
import pytest

from tests.support.api import events, register, submit, wait_task
from tests.support.receiver import Receiver
from tests.support.services import RunningStack, local_stack

pytestmark = [pytest.mark.functional, pytest.mark.slow]


@pytest.fixture(scope="module")
def relay_stack(admin_database_url: str, redis_server_url: str) -> Iterator[RunningStack]:
    settings = {"STALLED_TASK_SECONDS": "5", "TASK_RETRY_BASE_SECONDS": "15"}
    with local_stack(admin_database_url, redis_server_url, extra=settings) as running:
        yield running


def _kill_emulator(stack: RunningStack) -> None:
    port = int(stack.emulator_url.rsplit(":", 1)[1])
    for child in psutil.Process(stack.process.pid).children(recursive=True):
        listening = child.net_connections(kind="tcp")
        if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in listening):
            child.kill()
            child.wait(10)
            return
    raise AssertionError("no emulator process")


def test_callback_lost_with_the_emulator_is_sent_again(
    relay_stack: RunningStack, receiver: Receiver
) -> None:
    with httpx.Client(base_url=relay_stack.base_url, timeout=30) as client:
        account = register(client)
        receiver.answer(503)  # the first attempt fails: the message waits ~15 s in the queue
        task = submit(client, account, "echo", {"n": 1}, callback_url=f"{receiver.url}/hook")
        wait_task(client, account, task["id"])
        first = receiver.wait_for("/hook", 1, timeout=30)
        assert [r.status for r in first] == [503]
        _kill_emulator(relay_stack)  # the waiting message goes with it
        hooks = receiver.wait_for("/hook", 2, timeout=120)
        assert [r.status for r in hooks] == [503, 200]
        assert len({r.headers["x-autonomos-event-id"] for r in hooks}) == 1
        time.sleep(2)  # nothing more arrives: delivered once
        assert len(receiver.matching("/hook")) == 2
        kinds = [e["kind"] for e in events(client, account, task["id"])]
        assert kinds.count("callback_queued") == 1
        assert kinds.count("callback_requeued") >= 1
        assert kinds.count("callback_delivered") == 1
