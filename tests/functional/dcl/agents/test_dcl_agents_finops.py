"""FinOps Pilot on the demo data: every finding kind appears, with numbers checked
against an independent pandas computation over the unified tables."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from autonomos_dcl.agents import AgentResult, Finding, FinOpsSettings
from autonomos_dcl.sources.demo.world import ANOMALY_DAY
from tests.functional.dcl.agents.demo_versions import unified

SETTINGS = FinOpsSettings()
CENT = 0.011
"""Tolerance for rounded money."""


def of_kind(result: AgentResult, kind: str) -> list[Finding]:
    return [f for f in result.findings if f.kind == kind]


@pytest.fixture(scope="module")
def costs(demo_version: Path) -> pd.DataFrame:
    frame = unified(demo_version, "cost_reports")
    frame = frame[frame["cost"].notna() & frame["report_date"].notna()].copy()
    frame["day"] = pd.to_datetime(frame["report_date"]).dt.date
    category = frame["service_category"].str.strip().str.lower()
    frame["category"] = category.where(category.notna() & (category != ""), "uncategorized")
    frame["month"] = pd.to_datetime(frame["report_date"]).dt.to_period("M")
    return frame


@pytest.fixture(scope="module")
def as_of(costs: pd.DataFrame) -> date:
    return max(costs["day"])


@pytest.fixture(scope="module")
def resources(demo_version: Path) -> pd.DataFrame:
    rows = unified(demo_version, "aws_resources").sort_values(
        ["_source_system", "_source_table", "_source_row"]
    )
    rows = rows[rows["resource_id"].notna()]
    return rows.groupby("resource_id").agg(
        instance_type=("instance_type", "first"),
        monthly_cost=("monthly_cost", "first"),
        cpu=("cpu_utilization", "mean"),
        memory=("memory_utilization", "mean"),
    )


def test_runs_on_the_freshest_cost_date(finops: AgentResult, as_of: date) -> None:
    assert finops.status == "completed"
    assert finops.as_of == as_of.isoformat()
    kinds = {f.kind for f in finops.findings}
    assert kinds == {
        "spend_trend",
        "top_cost_drivers",
        "cost_anomaly",
        "idle_resource",
        "oversized_instance",
    }


def test_spend_by_category_and_month(finops: AgentResult, costs: pd.DataFrame, as_of: date) -> None:
    last = pd.Period(as_of, "M")
    window = costs[(costs["month"] >= last - (SETTINGS.spend_months - 1)) & (costs["day"] <= as_of)]
    months = pd.period_range(window["month"].min(), last, freq="M")
    table = window.pivot_table(
        index="category", columns="month", values="cost", aggfunc="sum", fill_value=0.0
    ).reindex(columns=months, fill_value=0.0)
    trends = of_kind(finops, "spend_trend")
    expected_order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    assert [f.evidence.metrics["category"] for f in trends] == list(expected_order)
    for finding in trends:
        row = table.loc[finding.evidence.metrics["category"]]
        series = finding.evidence.metrics["months"]
        assert [m["month"] for m in series] == [str(p) for p in months]
        for got, want in zip(series, row.tolist(), strict=True):
            assert got["cost"] == pytest.approx(want, abs=CENT)
        for previous, current in zip(row.tolist(), series[1:], strict=False):
            if previous > 0:
                want = (current["cost"] - previous) / previous * 100
                assert current["change_pct"] == pytest.approx(want, abs=0.06)
            else:
                assert current["change_pct"] is None
        # as_of is a month end, so the alert month is the last one
        change, cost = series[-1]["change_pct"], series[-1]["cost"]
        severity = "info"
        if change is not None and cost >= SETTINGS.medium_amount:
            if change >= 2 * SETTINGS.spend_alert_change_pct:
                severity = "high"
            elif change >= SETTINGS.spend_alert_change_pct:
                severity = "medium"
        assert finding.severity == severity
        assert (finding.action is not None) == (severity != "info")
    assert finops.summary_facts["total_spend"] == pytest.approx(window["cost"].sum(), abs=CENT)


def test_compute_spend_jump_in_the_anomaly_month_is_flagged(finops: AgentResult) -> None:
    compute = next(
        f for f in of_kind(finops, "spend_trend") if f.evidence.metrics["category"] == "compute"
    )
    assert compute.severity in ("medium", "high")
    assert compute.action is not None and compute.action.kind == "slack.post"
    assert "Compute" in compute.action.payload["text"]


def test_top_cost_drivers(finops: AgentResult, costs: pd.DataFrame, as_of: date) -> None:
    start = as_of - timedelta(days=SETTINGS.drivers_window_days - 1)
    window = costs[(costs["day"] >= start) & (costs["day"] <= as_of)]
    attributed = window[window["resource_id"].notna()]
    per_resource = (
        attributed.groupby("resource_id")["cost"].agg(["sum", "count"]).reset_index()
    ).sort_values(["sum", "resource_id"], ascending=[False, True])
    top = per_resource.head(SETTINGS.top_drivers)
    [finding] = of_kind(finops, "top_cost_drivers")
    metrics = finding.evidence.metrics
    assert [d["resource_id"] for d in metrics["drivers"]] == top["resource_id"].tolist()
    for driver, (_, want) in zip(metrics["drivers"], top.iterrows(), strict=True):
        assert driver["cost"] == pytest.approx(want["sum"], abs=CENT)
        assert driver["lines"] == want["count"]
        assert driver["share_pct"] == pytest.approx(
            want["sum"] / window["cost"].sum() * 100, abs=0.06
        )
    assert metrics["window_total"] == pytest.approx(window["cost"].sum(), abs=CENT)
    assert metrics["attributed_total"] == pytest.approx(attributed["cost"].sum(), abs=CENT)
    assert metrics["drivers_cost"] == pytest.approx(top["sum"].sum(), abs=CENT)
    assert {r.key for r in finding.evidence.rows} <= set(costs["cost_id"])


def _robust_z(value: float, baseline: np.ndarray) -> float | None:
    median = float(np.median(baseline))
    mad = float(np.median(np.abs(baseline - median)))
    scale = max(mad, SETTINGS.anomaly_min_mad_ratio * abs(median))
    return None if scale == 0 else 0.6745 * (value - median) / scale


def expected_anomalies(costs: pd.DataFrame, as_of: date) -> dict[tuple[str, str, str], float]:
    """``(grain, category, period) -> amount`` of every anomalous day and month."""
    found: dict[tuple[str, str, str], float] = {}
    data = costs[costs["day"] <= as_of]
    daily = data.groupby(["category", "day"])["cost"].sum()
    for category, series in daily.groupby(level=0):
        days = series.droplevel(0)
        for day, amount in days.items():
            low, high = day - timedelta(days=SETTINGS.anomaly_window_days), day - timedelta(days=1)
            baseline = days[(days.index >= low) & (days.index <= high)].to_numpy()
            if len(baseline) < SETTINGS.anomaly_min_baseline_days:
                continue
            z = _robust_z(amount, baseline)
            if z is not None and z >= SETTINGS.anomaly_z_threshold:
                found[("day", str(category), day.isoformat())] = amount
    monthly = data.groupby(["category", "month"])["cost"].sum()
    for category, series in monthly.groupby(level=0):
        months = series.droplevel(0)
        for month, amount in months.items():
            low, high = month - SETTINGS.anomaly_window_months, month - 1
            baseline = months[(months.index >= low) & (months.index <= high)].to_numpy()
            if len(baseline) < SETTINGS.anomaly_min_baseline_months:
                continue
            z = _robust_z(amount, baseline)
            if z is not None and z >= SETTINGS.anomaly_z_threshold:
                found[("month", str(category), str(month))] = amount
    return found


def test_cost_anomalies(finops: AgentResult, costs: pd.DataFrame, as_of: date) -> None:
    expected = expected_anomalies(costs, as_of)
    assert finops.summary_facts["cost_anomalies"] == len(expected)
    assert len(expected) <= SETTINGS.max_findings_per_kind  # so every one is listed
    anomalies = of_kind(finops, "cost_anomaly")
    got = {
        (
            f.evidence.metrics["grain"],
            f.evidence.metrics["category"],
            f.evidence.metrics["period"],
        ): f
        for f in anomalies
    }
    assert set(got) == set(expected)
    for key, amount in expected.items():
        metrics = got[key].evidence.metrics
        assert metrics["amount"] == pytest.approx(amount, abs=CENT)
        assert metrics["robust_z"] >= SETTINGS.anomaly_z_threshold
        assert got[key].evidence.metrics["evidence_row_count"] == metrics["lines"]
    ranks = {"high": 0, "medium": 1, "low": 2}
    order = [(ranks[f.severity], -f.evidence.metrics["robust_z"]) for f in anomalies]
    assert order == sorted(order)


def test_the_planted_compute_spike_is_a_high_anomaly(
    finops: AgentResult, costs: pd.DataFrame
) -> None:
    day = str(ANOMALY_DAY)
    spike = next(
        f
        for f in of_kind(finops, "cost_anomaly")
        if f.evidence.metrics["period"] == day and f.evidence.metrics["category"] == "compute"
    )
    assert spike.severity == "high"
    assert spike.evidence.metrics["ratio_to_median"] > 5
    assert spike.action is not None and spike.action.kind == "slack.post"
    on_day = costs[(costs["category"] == "compute") & (costs["day"] == date.fromisoformat(day))]
    assert spike.evidence.metrics["amount"] == pytest.approx(on_day["cost"].sum(), abs=CENT)
    top = on_day.sort_values(
        ["cost", "_source_system", "_source_table", "_source_row"],
        ascending=[False, True, True, True],
    ).head(SETTINGS.max_evidence_rows)
    listed = [(r.source_system, r.source_table, r.source_row, r.key) for r in spike.evidence.rows]
    assert listed == list(
        zip(
            top["_source_system"], top["_source_table"], top["_source_row"], top["cost_id"],
            strict=True,
        )
    )  # fmt: skip


def _idle(resources: pd.DataFrame) -> pd.DataFrame:
    return resources[
        (resources["cpu"] < SETTINGS.idle_cpu_pct)
        & (resources["memory"] < SETTINGS.idle_memory_pct)
        & (resources["monthly_cost"] >= SETTINGS.idle_min_monthly_cost)
    ]


def test_idle_resources(finops: AgentResult, resources: pd.DataFrame) -> None:
    idle = _idle(resources)
    findings = of_kind(finops, "idle_resource")
    assert finops.summary_facts["idle_resources"] == len(idle) > 0
    assert len(idle) <= SETTINGS.max_findings_per_kind
    assert {f.evidence.metrics["resource_id"] for f in findings} == set(idle.index)
    assert finops.summary_facts["idle_monthly_cost"] == pytest.approx(
        idle["monthly_cost"].sum(), abs=CENT
    )
    for finding in findings:
        metrics = finding.evidence.metrics
        want = idle.loc[metrics["resource_id"]]
        assert metrics["monthly_cost"] == pytest.approx(want["monthly_cost"], abs=CENT)
        assert metrics["avg_cpu_pct"] == pytest.approx(want["cpu"], abs=0.051)
        assert metrics["avg_memory_pct"] == pytest.approx(want["memory"], abs=0.051)
        assert (
            finding.action is not None and finding.action.payload["action"] == "stop_idle_resource"
        )
        assert {r.key for r in finding.evidence.rows} == {metrics["resource_id"]}
    costs = [f.evidence.metrics["monthly_cost"] for f in findings]
    assert costs == sorted(costs, reverse=True)


AWS_SIZES: dict[str, list[tuple[str, int, float]]] = {
    # AWS published vCPU and memory (GiB), smallest first; within each of these
    # families the on-demand price is proportional to memory (halves per step).
    "t3": [("nano", 2, 0.5), ("micro", 2, 1), ("small", 2, 2), ("medium", 2, 4), ("large", 2, 8)],
    "m5": [
        ("large", 2, 8),
        ("xlarge", 4, 16),
        ("2xlarge", 8, 32),
        ("4xlarge", 16, 64),
        ("8xlarge", 32, 128),
    ],
    "c5": [("large", 2, 4), ("xlarge", 4, 8), ("2xlarge", 8, 16)],
    "r5": [("large", 2, 16), ("xlarge", 4, 32), ("2xlarge", 8, 64), ("4xlarge", 16, 128)],
    "db.t3": [("micro", 2, 1), ("small", 2, 2), ("medium", 2, 4)],
    "db.m5": [("large", 2, 8)],
    "db.r5": [("large", 2, 16), ("xlarge", 4, 32), ("2xlarge", 8, 64), ("4xlarge", 16, 128)],
}


def _expected_downsize(instance: str, cpu: float, memory: float) -> tuple[str, float] | None:
    """(suggested type, memory ratio) walking down at most the allowed steps."""
    family, _, size = instance.rpartition(".")
    ladder = AWS_SIZES[family]
    position = [s for s, _, _ in ladder].index(size)
    _, vcpus, mem = ladder[position]
    best = None
    for step in range(1, SETTINGS.downsize_max_steps + 1):
        if position - step < 0:
            break
        name, v, m = ladder[position - step]
        if cpu * vcpus / v > SETTINGS.downsize_target_cpu_pct:
            break
        if memory * mem / m > SETTINGS.downsize_target_memory_pct:
            break
        best = (f"{family}.{name}", m / mem)
    return best


def test_oversized_instances(finops: AgentResult, resources: pd.DataFrame) -> None:
    candidates = resources.drop(_idle(resources).index)
    candidates = candidates[candidates["instance_type"].notna() & candidates["cpu"].notna()]
    expected: dict[str, tuple[str, float]] = {}
    for resource_id, row in candidates.iterrows():
        found = _expected_downsize(str(row["instance_type"]), row["cpu"], row["memory"])
        if found is None:
            continue
        saving = round(row["monthly_cost"] * (1 - found[1]), 2)
        if saving >= SETTINGS.downsize_min_monthly_saving:
            expected[str(resource_id)] = (found[0], saving)
    findings = of_kind(finops, "oversized_instance")
    assert finops.summary_facts["oversized_instances"] == len(expected) > 0
    assert len(expected) <= SETTINGS.max_findings_per_kind
    got = {
        f.evidence.metrics["resource_id"]: (
            f.evidence.metrics["suggested_instance_type"],
            f.evidence.metrics["monthly_saving"],
        )
        for f in findings
    }
    assert set(got) == set(expected)
    for resource_id, (suggested, saving) in expected.items():
        assert got[resource_id][0] == suggested
        assert got[resource_id][1] == pytest.approx(saving, abs=CENT)
    assert finops.summary_facts["downsize_monthly_saving"] == pytest.approx(
        sum(s for _, s in expected.values()), abs=0.05
    )
    savings = [f.evidence.metrics["monthly_saving"] for f in findings]
    assert savings == sorted(savings, reverse=True)
    for finding in findings:
        metrics: dict[str, Any] = dict(finding.evidence.metrics)
        assert metrics["projected_cpu_pct"] <= SETTINGS.downsize_target_cpu_pct + 0.05
        assert metrics["projected_memory_pct"] <= SETTINGS.downsize_target_memory_pct + 0.05
        assert finding.action is not None
        assert finding.action.payload == {
            "action": "downsize_instance",
            "resource_id": metrics["resource_id"],
            "from_instance_type": metrics["instance_type"],
            "to_instance_type": metrics["suggested_instance_type"],
            "monthly_saving": metrics["monthly_saving"],
        }
