"""The FinOps Pilot: cost and utilisation analyses over ``aws_resources`` and ``cost_reports``.

Finding kinds, in this order: ``spend_trend`` (one per service category),
``top_cost_drivers`` (one), ``cost_anomaly``, ``idle_resource``,
``oversized_instance`` (one per item, the most important first, at most
``max_findings_per_kind`` each). The as-of day defaults to the latest
``cost_reports.report_date`` (today when there are no costs).
"""

from __future__ import annotations

from datetime import date

from autonomos_dcl.agents.context import Analysis, RunContext
from autonomos_dcl.agents.finops.anomalies import cost_anomalies
from autonomos_dcl.agents.finops.costs import COST_LINE, ENTITY
from autonomos_dcl.agents.finops.drivers import top_cost_drivers
from autonomos_dcl.agents.finops.resources import idle_resources, oversized_instances
from autonomos_dcl.agents.finops.spend import spend_trends
from autonomos_dcl.agents.settings import FinOpsSettings


def finops_as_of(ctx: RunContext) -> date | None:
    """The latest cost report date, or None without costs."""
    rows = ctx.query(f"SELECT max(report_date) FROM {ctx.table(ENTITY)} WHERE {COST_LINE}")
    value = rows[0][0]
    return value if isinstance(value, date) else None


def run_finops(ctx: RunContext) -> Analysis:
    """Every FinOps analysis over the version, findings in the documented order."""
    settings = ctx.settings
    if not isinstance(settings, FinOpsSettings):
        raise TypeError("the FinOps Pilot needs FinOpsSettings")
    parts = [
        spend_trends(ctx, settings),
        top_cost_drivers(ctx, settings.top_drivers, settings.drivers_window_days),
        cost_anomalies(ctx, settings),
        idle_resources(ctx, settings),
        oversized_instances(ctx, settings),
    ]
    findings = [f for p in parts for f in p.findings]
    facts = {k: v for p in parts for k, v in p.facts.items()}
    facts["potential_monthly_saving"] = round(
        (facts.get("idle_monthly_cost") or 0.0) + (facts.get("downsize_monthly_saving") or 0.0), 2
    )
    return Analysis(findings=findings, facts=facts)
