"""RevOps Pilot on the demo data: every finding kind appears, with numbers checked
against an independent pandas computation over the unified tables (and, for the
cross-CRM companies, against the demo generator's own world)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from autonomos_dcl.agents import AgentResult, Finding, RevOpsSettings
from autonomos_dcl.sources.demo import DEFAULT_SEED
from autonomos_dcl.sources.demo.world import build_world
from tests.functional.dcl.agents.demo_versions import unified

SETTINGS = RevOpsSettings()
CENT = 0.011
PROVENANCE = ["_source_system", "_source_table", "_source_row"]
LEGAL_WORDS = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
    "llp", "lp", "plc", "gmbh", "ag", "sa", "sarl", "bv", "nv", "pty", "holdings",
    "international", "intl",
}  # fmt: skip


def company_key(name: object) -> str:
    """Word-based normalisation: lower case, no dots/apostrophes, other punctuation
    as blanks, legal words after the first word dropped."""
    if not isinstance(name, str):
        return ""
    text = name.lower()
    for mark in ".'`\u2019":
        text = text.replace(mark, "")
    text = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    words = text.split()
    return " ".join(words[:1] + [w for w in words[1:] if w not in LEGAL_WORDS])


def of_kind(result: AgentResult, kind: str) -> list[Finding]:
    return [f for f in result.findings if f.kind == kind]


@pytest.fixture(scope="module")
def deals(demo_version: Path) -> pd.DataFrame:
    frame = unified(demo_version, "opportunity")
    key = frame["stage"].fillna("").str.lower().str.replace(r"[^a-z0-9]", "", regex=True)
    frame["status"] = np.select(
        [key.isin(SETTINGS.won_stages), key.isin(SETTINGS.lost_stages)], ["won", "lost"], "open"
    )
    frame["close"] = pd.to_datetime(frame["close_date"]).dt.date
    return frame


@pytest.fixture(scope="module")
def health(demo_version: Path) -> pd.DataFrame:
    return unified(demo_version, "health")


@pytest.fixture(scope="module")
def as_of(health: pd.DataFrame) -> date:
    return pd.Timestamp(health["last_updated"].max()).date()


@pytest.fixture(scope="module")
def accounts(demo_version: Path) -> pd.DataFrame:
    frame = unified(demo_version, "account")
    frame = frame[frame["account_id"].notna()].copy()
    names = frame["account_name"].map(company_key)
    frame["cluster"] = np.where(names != "", names, "id:" + frame["account_id"])
    return frame


def test_runs_as_of_the_latest_health_update(revops: AgentResult, as_of: date) -> None:
    assert revops.status == "completed"
    assert revops.as_of == as_of.isoformat()
    assert {f.kind for f in revops.findings} == {
        "pipeline_by_stage",
        "win_rate",
        "deal_at_risk",
        "account_decline",
        "account_conflict",
    }


def test_pipeline_by_stage(revops: AgentResult, deals: pd.DataFrame) -> None:
    open_deals = deals[deals["status"] == "open"].copy()
    open_deals["stage_name"] = (
        open_deals["stage"].str.strip().replace("", None).fillna("(no stage)")
    )
    open_deals["weighted"] = open_deals["amount"] * open_deals["probability"].fillna(0) / 100
    by_stage = open_deals.groupby("stage_name").agg(
        deals=("stage_name", "size"),
        amount=("amount", "sum"),
        weighted=("weighted", "sum"),
        probability=("probability", "mean"),
    )
    [finding] = of_kind(revops, "pipeline_by_stage")
    stages = finding.evidence.metrics["stages"]
    assert {s["stage"] for s in stages} == set(by_stage.index)
    for stage in stages:
        want = by_stage.loc[stage["stage"]]
        assert stage["deals"] == want["deals"]
        assert stage["amount"] == pytest.approx(want["amount"], abs=CENT)
        assert stage["weighted_amount"] == pytest.approx(want["weighted"], abs=CENT)
    assert [s["avg_probability"] for s in stages] == sorted(s["avg_probability"] for s in stages)
    assert finding.evidence.metrics["open_deals"] == len(open_deals)
    assert finding.evidence.metrics["open_pipeline_amount"] == pytest.approx(
        open_deals["amount"].sum(), abs=0.05
    )
    assert finding.evidence.metrics["weighted_pipeline_amount"] == pytest.approx(
        open_deals["weighted"].sum(), abs=0.05
    )
    assert [r.key for r in finding.evidence.rows] == open_deals.sort_values(
        ["amount", *PROVENANCE], ascending=[False, True, True, True]
    )["opportunity_id"].head(SETTINGS.max_evidence_rows).tolist()


def test_win_rate(revops: AgentResult, deals: pd.DataFrame) -> None:
    closed = deals[deals["status"] != "open"]
    won, lost = (closed["status"] == "won").sum(), (closed["status"] == "lost").sum()
    assert won > 0 and lost > 0
    [finding] = of_kind(revops, "win_rate")
    metrics = finding.evidence.metrics
    assert (metrics["won"], metrics["lost"]) == (won, lost)
    assert metrics["win_rate_pct"] == pytest.approx(won / (won + lost) * 100, abs=0.051)
    won_amount = closed.loc[closed["status"] == "won", "amount"].sum()
    assert metrics["won_amount"] == pytest.approx(won_amount, abs=CENT)
    for system in metrics["by_system"]:
        rows = closed[closed["_source_system"] == system["system"]]
        assert system["won"] == (rows["status"] == "won").sum()
        assert system["lost"] == (rows["status"] == "lost").sum()
    assert {s["system"] for s in metrics["by_system"]} == set(closed["_source_system"])
    expected = "medium" if metrics["win_rate_pct"] <= SETTINGS.win_rate_floor_pct else "info"
    assert finding.severity == expected


def test_deals_at_risk(revops: AgentResult, deals: pd.DataFrame, as_of: date) -> None:
    near = as_of + timedelta(days=SETTINGS.near_close_days)
    open_deals = deals[(deals["status"] == "open") & deals["close"].notna()]
    early = open_deals["probability"].fillna(0) <= SETTINGS.early_stage_max_probability
    overdue = open_deals["close"] < as_of
    at_risk = open_deals[overdue | ((open_deals["close"] <= near) & early)]
    assert revops.summary_facts["deals_at_risk"] == len(at_risk) > SETTINGS.max_findings_per_kind
    assert revops.summary_facts["deals_overdue"] == overdue.sum()
    assert revops.summary_facts["deals_at_risk_amount"] == pytest.approx(
        at_risk["amount"].sum(), abs=0.05
    )
    top = at_risk.sort_values(
        ["amount", "opportunity_id", *PROVENANCE],
        ascending=[False, True, True, True, True],
        na_position="last",
    ).head(SETTINGS.max_findings_per_kind)
    findings = of_kind(revops, "deal_at_risk")
    assert [f.evidence.metrics["opportunity_id"] for f in findings] == top[
        "opportunity_id"
    ].tolist()
    for finding, (_, row) in zip(findings, top.iterrows(), strict=True):
        metrics = finding.evidence.metrics
        assert metrics["days_past_close"] == (as_of - row["close"]).days
        assert ("close_date_passed" in metrics["reasons"]) == (row["close"] < as_of)
        assert [r.key for r in finding.evidence.rows] == [row["opportunity_id"]]
        assert finding.action is not None and finding.action.payload["action"] == "follow_up_deal"


def _expected_declines(
    accounts: pd.DataFrame, deals: pd.DataFrame, health: pd.DataFrame, usage: pd.DataFrame
) -> pd.DataFrame:
    cluster_of_id = accounts.groupby("account_id")["cluster"].min()

    def cluster(frame: pd.DataFrame) -> pd.Series:
        mapped = frame["account_id"].map(cluster_of_id)
        return mapped.fillna("id:" + frame["account_id"])

    open_deals = deals[(deals["status"] == "open") & deals["account_id"].notna()].copy()
    open_deals["cluster"] = cluster(open_deals)
    table = open_deals.groupby("cluster").agg(
        open_amount=("amount", "sum"), open_deals=("amount", "size")
    )
    scored = health[health["account_id"].notna()].copy()
    scored["cluster"] = cluster(scored)
    scored["risky"] = scored["risk_level"].str.strip().str.lower().isin(SETTINGS.risk_levels)
    table = table.join(
        scored.groupby("cluster").agg(health=("health_score", "mean"), risky=("risky", "any"))
    )
    dated = scored[scored["last_updated"].notna() & scored["health_score"].notna()]
    dated = dated.sort_values(
        ["cluster", "last_updated", *PROVENANCE], ascending=[True, False, True, True, True]
    )
    latest = dated.groupby("cluster")["health_score"].nth(0)
    previous = dated.groupby("cluster")["health_score"].nth(1)
    falling = (
        pd.Series(previous.to_numpy(), index=dated.loc[previous.index, "cluster"])
        - pd.Series(latest.to_numpy(), index=dated.loc[latest.index, "cluster"])
    ) >= SETTINGS.health_drop_points
    used = usage[usage["account_id"].notna()].copy()
    used["cluster"] = cluster(used)
    table = table.join(used.groupby("cluster").agg(login=("last_login_days", "min")))
    table["falling"] = falling.reindex(table.index, fill_value=False)
    flags = pd.DataFrame(
        {
            "low_health": table["health"] < SETTINGS.health_score_floor,
            "risk_level": table["risky"].fillna(False).astype(bool),
            "health_falling": table["falling"].astype(bool),
            "inactive": table["login"] >= SETTINGS.inactive_login_days,
        }
    )
    table["signals"] = flags.apply(lambda row: [name for name, on in row.items() if on], axis=1)
    signal = flags.any(axis=1)
    declining = table[(table["open_amount"] > SETTINGS.min_open_amount) & signal]
    return declining.reset_index().sort_values(["open_amount", "cluster"], ascending=[False, True])


def test_declining_accounts(
    revops: AgentResult,
    demo_version: Path,
    accounts: pd.DataFrame,
    deals: pd.DataFrame,
    health: pd.DataFrame,
) -> None:
    expected = _expected_declines(accounts, deals, health, unified(demo_version, "usage"))
    assert revops.summary_facts["declining_accounts"] == len(expected) > 0
    assert revops.summary_facts["declining_open_amount"] == pytest.approx(
        expected["open_amount"].sum(), abs=0.05
    )
    shown = expected.head(SETTINGS.max_findings_per_kind)
    findings = of_kind(revops, "account_decline")
    assert [f.evidence.metrics["cluster"] for f in findings] == shown["cluster"].tolist()
    for finding, (_, row) in zip(findings, shown.iterrows(), strict=True):
        metrics = finding.evidence.metrics
        assert metrics["open_amount"] == pytest.approx(row["open_amount"], abs=CENT)
        assert metrics["open_deals"] == row["open_deals"]
        assert metrics["health_score"] == pytest.approx(row["health"], abs=0.051)
        assert metrics["last_login_days"] == row["login"]
        assert metrics["signals"] == row["signals"]
        entities = {r.entity for r in finding.evidence.rows}
        assert {"health", "usage"} <= entities
    # Dynamics deals reach Salesforce-keyed health through the company name
    assert any(
        any(not i.startswith("0015") for i in f.evidence.metrics["account_ids"]) for f in findings
    )


def test_account_conflicts(revops: AgentResult, accounts: pd.DataFrame) -> None:
    named = accounts[~accounts["cluster"].str.startswith("id:")]
    groups = named.groupby("cluster").agg(
        systems=("_source_system", "nunique"),
        low=("revenue", "min"),
        high=("revenue", "max"),
        industries=("industry", lambda s: s.dropna().str.strip().str.lower().nunique()),
    )
    several = groups[groups["systems"] >= 2]
    revenue = (several["high"] > 0) & (
        (several["high"] - several["low"]) / several["high"] * 100 > SETTINGS.revenue_tolerance_pct
    )
    conflicting = several[revenue | (several["industries"] > 1)].copy()
    conflicting["gap"] = (conflicting["high"] - conflicting["low"]).fillna(0)
    conflicting = conflicting.reset_index().sort_values(["gap", "cluster"], ascending=[False, True])
    assert revops.summary_facts["accounts_in_several_crms"] == len(several)
    assert revops.summary_facts["conflicting_accounts"] == len(conflicting)
    findings = of_kind(revops, "account_conflict")
    shown = conflicting.head(SETTINGS.max_findings_per_kind)
    assert [f.evidence.metrics["normalized_name"] for f in findings] == shown["cluster"].tolist()
    for finding in findings:
        metrics = finding.evidence.metrics
        rows = named[named["cluster"] == metrics["normalized_name"]]
        assert metrics["systems"] == sorted(set(rows["_source_system"]))
        assert metrics["revenue_min"] == pytest.approx(rows["revenue"].min(), abs=CENT)
        assert metrics["revenue_max"] == pytest.approx(rows["revenue"].max(), abs=CENT)
        assert {r.key for r in finding.evidence.rows} == set(rows["account_id"])


def test_conflicts_match_the_generators_world(revops: AgentResult) -> None:
    """The demo world knows which shared companies were given conflicting figures."""
    world = build_world(1.0, DEFAULT_SEED)
    shared = np.arange(world.sizes.shared)
    companies = world.companies
    revenue, variant = companies.revenue[shared], companies.variant_revenue[shared]
    high = np.maximum(revenue, variant)
    revenue_conflict = (
        high - np.minimum(revenue, variant)
    ) / high * 100 > SETTINGS.revenue_tolerance_pct
    industry_conflict = companies.industry[shared] != companies.variant_industry[shared]
    assert revops.summary_facts["accounts_in_several_crms"] == world.sizes.shared
    assert revops.summary_facts["conflicting_accounts"] == int(
        (revenue_conflict | industry_conflict).sum()
    )
