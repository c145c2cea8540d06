"""The RevOps Pilot: pipeline and account analyses over ``account``, ``opportunity``,
``health`` and ``usage``.

Finding kinds, in this order: ``pipeline_by_stage`` and ``win_rate`` (one
each), ``deal_at_risk``, ``account_decline``, ``account_conflict`` (one per
item, the most important first, at most ``max_findings_per_kind`` each).
The as-of day defaults to the latest ``health.last_updated`` (the freshest
observation of the customers), else today.
"""

from __future__ import annotations

from datetime import date, datetime

from autonomos_dcl.agents.context import Analysis, RunContext
from autonomos_dcl.agents.revops.conflicts import account_conflicts
from autonomos_dcl.agents.revops.deals import deals_at_risk, pipeline_by_stage, win_rate
from autonomos_dcl.agents.revops.decline import declining_accounts
from autonomos_dcl.agents.settings import RevOpsSettings


def revops_as_of(ctx: RunContext) -> date | None:
    """The day of the latest health update, or None without dated health rows."""
    rows = ctx.query(
        f"SELECT max({ctx.column('health', 'last_updated')}) FROM {ctx.table('health')}"
    )
    value = rows[0][0]
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def run_revops(ctx: RunContext) -> Analysis:
    """Every RevOps analysis over the version, findings in the documented order."""
    settings = ctx.settings
    if not isinstance(settings, RevOpsSettings):
        raise TypeError("the RevOps Pilot needs RevOpsSettings")
    parts = [
        pipeline_by_stage(ctx, settings),
        win_rate(ctx, settings),
        deals_at_risk(ctx, settings),
        declining_accounts(ctx, settings),
        account_conflicts(ctx, settings),
    ]
    return Analysis(
        findings=[f for p in parts for f in p.findings],
        facts={k: v for p in parts for k, v in p.facts.items()},
    )
