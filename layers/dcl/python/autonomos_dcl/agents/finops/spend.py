"""``spend_trend``: spend per service category and calendar month, month over month.

The window is the last ``spend_months`` calendar months up to the as-of
day, starting at the first month with any spend; months of a category
without spend count as 0. The *alert month* is the latest complete month
(the as-of month when the as-of day is its last day, else the month
before); a category whose alert month costs at least ``medium_amount`` and
rose at least ``spend_alert_change_pct`` on the month before is
``medium`` (at least twice that: ``high``), else ``info``.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from autonomos_dcl.agents.context import Analysis, EvidencePart, RunContext
from autonomos_dcl.agents.finops.costs import CATEGORY_SQL, COST_LINE, ENTITY, category_label
from autonomos_dcl.agents.model import Finding, ProposedAction, Severity
from autonomos_dcl.agents.numbers import change_pct, format_money, money, pct
from autonomos_dcl.agents.settings import FinOpsSettings

FIELDS = ("service_category", "report_date", "cost")


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def is_month_end(day: date) -> bool:
    """Whether ``day`` is the last day of its month."""
    return day.day == calendar.monthrange(day.year, day.month)[1]


def spend_trends(ctx: RunContext, settings: FinOpsSettings) -> Analysis:
    """One ``spend_trend`` finding per category (largest spend first) and the spend facts."""
    start = add_months(ctx.as_of, -(settings.spend_months - 1))
    where = f"{COST_LINE} AND report_date BETWEEN $start AND $as_of"
    params = {"start": start, "as_of": ctx.as_of}
    rows = ctx.query(
        f"SELECT {CATEGORY_SQL} AS category, CAST(date_trunc('month', report_date) AS DATE), "
        f"sum(cost), count(*) FROM {ctx.table(ENTITY)} WHERE {where} GROUP BY ALL ORDER BY ALL",
        params,
    )
    if not rows:
        return Analysis(facts={"total_spend": 0.0, "spend_by_category": {}})
    first_month = min(r[1] for r in rows)
    months = [first_month]
    while months[-1] < add_months(ctx.as_of, 0):
        months.append(add_months(months[-1], 1))
    totals: dict[str, dict[date, tuple[float, int]]] = {}
    for category, month, cost, lines in rows:
        totals.setdefault(str(category), {})[month] = (float(cost), int(lines))
    alert_month = months[-1] if is_month_end(ctx.as_of) else add_months(months[-1], -1)
    ranked = sorted(totals, key=lambda c: (-sum(v[0] for v in totals[c].values()), c))
    packs = ctx.grouped_evidence(
        ENTITY, CATEGORY_SQL, ranked, order_sql="cost DESC", where_sql=where, params=params
    )
    findings = [
        _finding(ctx, settings, category, months, totals[category], alert_month, packs)
        for category in ranked
    ]
    by_category = {c: money(sum(v[0] for v in totals[c].values())) for c in ranked}
    return Analysis(
        findings=findings,
        facts={
            "total_spend": money(sum(v or 0.0 for v in by_category.values())),
            "spend_by_category": by_category,
            "spend_window": {"start": months[0].isoformat(), "end": ctx.as_of.isoformat()},
        },
    )


def _finding(
    ctx: RunContext,
    settings: FinOpsSettings,
    category: str,
    months: list[date],
    totals: dict[date, tuple[float, int]],
    alert_month: date,
    packs: dict[str, Any],
) -> Finding:
    series: list[dict[str, Any]] = []
    previous: float | None = None
    for month in months:
        cost, lines = totals.get(month, (0.0, 0))
        change = change_pct(cost, previous) if previous is not None else None
        series.append(
            {"month": month.strftime("%Y-%m"), "cost": money(cost), "lines": lines,
             "change_pct": pct(change)}
        )  # fmt: skip
        previous = cost
    alert = next((m for m in series if m["month"] == alert_month.strftime("%Y-%m")), None)
    alert_change = alert["change_pct"] if alert is not None else None
    alert_cost = alert["cost"] if alert is not None else 0.0
    severity: Severity = "info"
    if alert_change is not None and alert_cost >= settings.medium_amount:
        if alert_change >= 2 * settings.spend_alert_change_pct:
            severity = "high"
        elif alert_change >= settings.spend_alert_change_pct:
            severity = "medium"
    latest = series[-1]
    label = category_label(category)
    total = money(sum(c for c, _ in totals.values()))
    metrics = {
        "category": category,
        "months": series,
        "total_cost": total,
        "latest_month": latest["month"],
        "latest_month_partial": not is_month_end(ctx.as_of),
        "alert_month": alert["month"] if alert is not None else None,
        "alert_change_pct": alert_change,
    }
    trend = ", ".join(f"{m['month']} {format_money(m['cost'])}" for m in series)
    change_text = (
        f"{alert_change:+.1f}% in {alert['month']} on the month before"
        if alert is not None and alert_change is not None
        else "no month-over-month change to compare"
    )
    pack = packs.get(category)
    action = None
    if severity != "info" and alert is not None:
        action = ProposedAction(
            kind="slack.post",
            title=f"Post the {label} spend increase to Slack",
            payload={
                "text": f"FinOps Pilot: {label} spend rose {alert_change:+.1f}% to "
                f"{format_money(alert_cost)} in {alert['month']}."
            },
        )
    return Finding(
        kind="spend_trend",
        severity=severity,
        title=f"{label} spend: {format_money(total or 0.0)} over {len(series)} months, "
        f"{change_text}",
        detail=f"Monthly {label} spend: {trend}."
        + (" The latest month is still running." if not is_month_end(ctx.as_of) else ""),
        evidence=ctx.make_evidence([EvidencePart(ENTITY, pack, FIELDS)] if pack else [], metrics),
        action=action,
    )
