"""The chaos suite's fast profile (part of ``make test``): the same scenario as ``make chaos``
with 150 tasks and one fault of each kind. Nothing lost or duplicated, every callback
delivered, and during every outage the API answered 503 or succeeded — never another 5xx,
never a hang."""

import pytest

from tests.hardening.chaos.run import ChaosConfig, default_plan, run_chaos

pytestmark = [pytest.mark.functional, pytest.mark.slow]

FAST = ChaosConfig(
    tasks=150,
    plan=default_plan(1),
    down_seconds=3.0,
    interval=12.0,
    warmup=5.0,
    drain_timeout=180.0,
    tenants=2,
)


@pytest.mark.timeout(900)
def test_fast_chaos_profile_loses_nothing() -> None:
    report = run_chaos(FAST)
    print(report.table())
    assert len(report.faults) == 4
    assert report.verdict.accepted >= FAST.tasks
    assert report.failures == []
    assert report.verdict.completed >= report.verdict.accepted
