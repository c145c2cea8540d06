"""``top_cost_drivers``: the resources with the most spend over the recent window.

The window is the ``drivers_window_days`` days up to the as-of day; spend is
summed per ``resource_id`` over cost lines that name a resource; shares
are given of all spend in the window and of the spend attributed to a
resource. The instance type comes from the resource roll-up when known.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from autonomos_dcl.agents.context import Analysis, EvidencePart, RunContext
from autonomos_dcl.agents.finops.costs import COST_LINE, ENTITY
from autonomos_dcl.agents.finops.resources import rollups
from autonomos_dcl.agents.model import Finding, ProposedAction
from autonomos_dcl.agents.numbers import format_money, money, pct, share_pct

FIELDS = ("resource_id", "report_date", "cost")


def top_cost_drivers(ctx: RunContext, top: int, window_days: int) -> Analysis:
    """One ``top_cost_drivers`` finding (none without attributed spend) and its facts."""
    start = ctx.as_of - timedelta(days=window_days - 1)
    where = f"{COST_LINE} AND report_date BETWEEN $start AND $as_of"
    params: dict[str, Any] = {"start": start, "as_of": ctx.as_of}
    totals = ctx.query(
        "SELECT coalesce(sum(cost), 0), coalesce(sum(cost) FILTER (WHERE resource_id IS NOT NULL),"
        f" 0) FROM {ctx.table(ENTITY)} WHERE {where}",
        params,
    )
    window_total, attributed_total = (float(v) for v in totals[0])
    drivers = ctx.query(
        f"WITH c AS (SELECT resource_id, sum(cost) AS cost, count(*) AS lines "
        f"FROM {ctx.table(ENTITY)} WHERE {where} AND resource_id IS NOT NULL GROUP BY 1 "
        "ORDER BY cost DESC, resource_id LIMIT $top), "
        "SELECT c.resource_id, c.cost, c.lines, r.instance_type, r.resource_type "
        f"FROM c LEFT JOIN {rollups(ctx)} r USING (resource_id) "
        "ORDER BY c.cost DESC, c.resource_id",
        params | {"top": top},
    )
    facts: dict[str, Any] = {
        "drivers_window_total": money(window_total),
        "drivers_window_attributed": money(attributed_total),
    }
    if not drivers:
        return Analysis(facts=facts)
    listed = [
        {
            "resource_id": str(rid),
            "instance_type": instance_type,
            "resource_type": resource_type,
            "cost": money(float(cost)),
            "lines": int(lines),
            "share_pct": pct(share_pct(float(cost), window_total)),
            "share_of_attributed_pct": pct(share_pct(float(cost), attributed_total)),
        }
        for rid, cost, lines, instance_type, resource_type in drivers
    ]
    top_cost = sum(float(d[1]) for d in drivers)
    pack = ctx.evidence(
        ENTITY,
        order_sql="cost DESC",
        where_sql=f"{where} AND resource_id IN (SELECT unnest($ids))",
        params=params | {"ids": [d["resource_id"] for d in listed]},
    )
    metrics = {
        "window_start": start.isoformat(),
        "window_end": ctx.as_of.isoformat(),
        "window_total": money(window_total),
        "attributed_total": money(attributed_total),
        "drivers": listed,
        "drivers_cost": money(top_cost),
        "drivers_share_pct": pct(share_pct(top_cost, window_total)),
        "drivers_share_of_attributed_pct": pct(share_pct(top_cost, attributed_total)),
    }
    head = listed[0]
    names = "; ".join(
        f"{d['resource_id']} ({d['instance_type'] or d['resource_type'] or 'resource'}) "
        f"{format_money(d['cost'])}"
        for d in listed[:3]
    )
    title = (
        f"Top {len(listed)} cost drivers: {format_money(top_cost)} in the last {window_days} "
        f"days, led by {head['resource_id']} ({format_money(head['cost'])})"
    )
    return Analysis(
        findings=[
            Finding(
                kind="top_cost_drivers",
                severity="info",
                title=title,
                detail=f"From {start.isoformat()} to {ctx.as_of.isoformat()} the {len(listed)} "
                f"most expensive resources cost {format_money(top_cost)}: "
                f"{metrics['drivers_share_of_attributed_pct']}% of the "
                f"{format_money(attributed_total)} attributed to resources and "
                f"{metrics['drivers_share_pct']}% of all {format_money(window_total)}. "
                f"Largest: {names}.",
                evidence=ctx.make_evidence([EvidencePart(ENTITY, pack, FIELDS)], metrics),
                action=ProposedAction(
                    kind="slack.post",
                    title="Post the cost drivers digest to Slack",
                    payload={"text": f"FinOps Pilot: {title}. {names}."},
                ),
            )
        ],
        facts=facts | {"top_driver": head["resource_id"], "top_drivers_cost": money(top_cost)},
    )
