"""Running slots: the tenant's pool and the platform-wide pool of long-running task types,
in real Redis and through the whole stack (long runs never overlap beyond the cap, and short
tasks keep running beside them)."""

import datetime as dt
import uuid
from collections.abc import Iterator

import httpx
import pytest
import redis

import autonomos.runtime  # noqa: F401 - registers every task type
from autonomos.config import Settings
from autonomos.quotas import LONG_RUNNING_POOL, Quotas, tenant_pool
from autonomos.tasks.registry import registry
from autonomos.tasks.slots import SlotKeeper
from tests.support.api import register, submit, wait_task
from tests.support.services import RunningStack, local_stack


def test_long_running_types_share_the_platform_cap(redis_server_url: str) -> None:
    settings = Settings(MAX_LONG_RUNNING_TASKS=1, MAX_RUNNING_PER_TENANT=3)
    client = redis.Redis.from_url(redis_server_url)
    client.delete(f"quota:{LONG_RUNNING_POOL}")  # no slot left over by earlier stacks
    keeper = SlotKeeper(Quotas(client), settings, registry)
    a, b = uuid.uuid4(), uuid.uuid4()

    first = keeper.take(a, ["dcl.connect", "echo", "agent.run", None])
    assert first[0] is not None and first[0].long_running is not None
    assert first[1] is not None and first[1].long_running is None
    assert first[2] is None  # the platform's single long-running slot is taken
    assert first[3] is not None  # an older message without a type is a short task

    assert keeper.take(b, ["dcl.publish"]) == [None]  # another tenant waits too
    assert keeper.take(b, ["echo"])[0] is not None  # short tasks do not

    assert keeper.take(a, ["echo"]) == [None]  # tenant a holds its 3 slots
    keeper.give_back(a, [s for s in first if s is not None])
    again = keeper.take(b, ["dcl.publish"])
    assert again[0] is not None and again[0].long_running is not None


def test_hold_extends_only_slots_whose_task_outlasts_the_lease_taken(
    redis_server_url: str,
) -> None:
    settings = Settings(TASK_SLOT_LEASE_SECONDS=60)
    client = redis.Redis.from_url(redis_server_url)
    keeper = SlotKeeper(Quotas(client), settings, registry)
    tenant = uuid.uuid4()
    short, long = keeper.take(tenant, ["echo", "echo"])
    assert short is not None and long is not None
    pool = f"quota:{tenant_pool(tenant)}"
    taken = {token: client.zscore(pool, token) for token in (short.tenant, long.tenant)}

    keeper.hold(tenant, [(short, 45), (long, 615)])

    assert client.zscore(pool, short.tenant) == taken[short.tenant]  # 60 s already cover it
    assert (client.zscore(pool, long.tenant) or 0) >= (taken[long.tenant] or 0) + 550


@pytest.fixture(scope="module")
def capped(admin_database_url: str, redis_server_url: str) -> Iterator[RunningStack]:
    with local_stack(
        admin_database_url, redis_server_url, extra={"MAX_LONG_RUNNING_TASKS": "1"}
    ) as running:
        yield running


def test_long_runs_take_turns_while_short_tasks_run(capped: RunningStack) -> None:
    with httpx.Client(base_url=capped.base_url, timeout=30) as client:
        tenants = [register(client) for _ in range(2)]
        connects = []
        for account in tenants:
            response = client.post(
                "/api/v1/dcl/connect",
                headers=account.headers,
                json={"sources": ["hubspot"], "agents": []},
            )
            assert response.status_code == 202, response.text
            connects.append((account, response.json()["id"]))
        echo = submit(client, tenants[0], payload={"n": 1})

        done = [wait_task(client, account, task_id, timeout=120) for account, task_id in connects]
        assert [d["status"] for d in done] == ["success", "success"], done
        assert wait_task(client, tenants[0], echo["id"])["status"] == "success"

    spans = sorted(
        (dt.datetime.fromisoformat(d["started_at"]), dt.datetime.fromisoformat(d["finished_at"]))
        for d in done
    )
    assert spans[1][0] >= spans[0][1], f"long runs overlapped: {spans}"
