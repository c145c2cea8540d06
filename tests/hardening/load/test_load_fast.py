"""The fast profile of the load suite: 4 tenants for 20 s on the session's local stack.

No 5xx, no request without an answer, no unexpected 4xx, no lost or failed task, every
tenant got tasks and a DCL connect done, and no tenant is starved: its request and echo
task p50 stay within a generous multiple of the fastest tenant's (the machine is shared
with other suites, so the bound catches starvation, not jitter)."""

from __future__ import annotations

import pytest

from tests.hardening.load.context import LoadConfig
from tests.hardening.load.report import problems, render
from tests.hardening.load.run import run_load
from tests.support.services import RunningStack
from tests.support.taskdb import conninfo

pytestmark = [pytest.mark.functional, pytest.mark.slow]

FAST = LoadConfig(tenants=4, seconds=20, drain_seconds=90)
MAX_REQUEST_FAIRNESS = 4.0
MAX_TASK_FAIRNESS = 6.0


def test_fast_load_profile(stack: RunningStack, admin_database_url: str) -> None:
    summary, recorder = run_load(stack.base_url, conninfo(admin_database_url), FAST, print)
    report = render(summary)
    print(report)
    assert not problems(summary), report + "\n" + "\n".join(recorder.error_details())
    for tenant in summary.tenants:
        assert tenant.tasks_succeeded > 0, report
        assert tenant.connects_succeeded > 0, report
    assert summary.request_fairness <= MAX_REQUEST_FAIRNESS, report
    assert summary.task_fairness <= MAX_TASK_FAIRNESS, report
