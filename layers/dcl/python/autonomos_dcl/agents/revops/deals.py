"""Deal analyses over unified ``opportunity`` rows: pipeline, win rate, deals at risk.

A deal is *won* or *lost* when its stage key (see
:func:`~autonomos_dcl.agents.names.stage_key`) is in ``won_stages`` /
``lost_stages``; every other deal is *open*. Probabilities are 0-100.

- ``pipeline_by_stage`` (one finding): open deals per stage (stage names
  as the sources spell them, ordered by average probability) with their
  amount and amount weighted by probability.
- ``win_rate`` (one finding): won / (won + lost) by count and by amount,
  overall and per source system; ``medium`` at or under ``win_rate_floor_pct``.
- ``deal_at_risk`` (one per deal, largest amount first): open deals whose
  close date has passed (``close_date_passed``), or is within
  ``near_close_days`` while the probability is at most
  ``early_stage_max_probability`` (``early_stage_near_close``; an overdue
  deal in an early stage also gets ``early_stage``). The sources carry no
  stage history, so "no progress" reads as "still in an early stage".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from autonomos_dcl.agents.context import Analysis, EvidencePack, EvidencePart, RunContext
from autonomos_dcl.agents.model import Finding, ProposedAction, Severity
from autonomos_dcl.agents.names import stage_key
from autonomos_dcl.agents.numbers import format_money, money, pct, severity_for_amount, share_pct
from autonomos_dcl.agents.settings import RevOpsSettings

ENTITY = "opportunity"
_PROVENANCE = "_source_system, _source_table, _source_row"
ROW_ID = "_source_system || '|' || _source_table || '|' || CAST(_source_row AS VARCHAR)"
"""Identifies one unified row (a deal's evidence group)."""


def opportunities(ctx: RunContext, settings: RevOpsSettings) -> str:
    """Opportunity rows plus their ``status`` (``won``, ``lost`` or ``open``), a
    temporary table built once per run. The distinct stage names are
    classified with :func:`~autonomos_dcl.agents.names.stage_key`."""
    stages = [
        str(r[0])
        for r in ctx.query(
            f"SELECT DISTINCT stage FROM {ctx.table(ENTITY)} WHERE stage IS NOT NULL"
        )
    ]
    return ctx.materialize(
        "_agent_opportunities",
        "SELECT *, CASE WHEN list_contains($won, stage) THEN 'won' "
        "WHEN list_contains($lost, stage) THEN 'lost' ELSE 'open' END AS status "
        f"FROM {ctx.table(ENTITY)}",
        {
            "won": sorted(s for s in stages if stage_key(s) in settings.won_stages),
            "lost": sorted(s for s in stages if stage_key(s) in settings.lost_stages),
        },
    )


def pipeline_by_stage(ctx: RunContext, settings: RevOpsSettings) -> Analysis:
    """The ``pipeline_by_stage`` finding (none without open deals) and pipeline facts."""
    opps = opportunities(ctx, settings)
    rows = ctx.query(
        "SELECT coalesce(nullif(trim(stage), ''), '(no stage)') AS stage_name, count(*), "
        "coalesce(sum(amount), 0), coalesce(sum(amount * coalesce(probability, 0) / 100), 0), "
        "avg(probability), list_sort(list_distinct(list(_source_system))) "
        f"FROM {opps} WHERE status = 'open' GROUP BY 1 "
        "ORDER BY avg(probability) NULLS LAST, stage_name"
    )
    stages: list[dict[str, Any]] = [
        {
            "stage": str(stage),
            "systems": list(systems),
            "deals": int(deals),
            "amount": money(float(amount)),
            "weighted_amount": money(float(weighted)),
            "avg_probability": pct(probability),
        }
        for stage, deals, amount, weighted, probability, systems in rows
    ]
    total = sum(float(r[2]) for r in rows)
    weighted_total = sum(float(r[3]) for r in rows)
    count = sum(int(r[1]) for r in rows)
    facts = {
        "open_deals": count,
        "open_pipeline_amount": money(total),
        "weighted_pipeline_amount": money(weighted_total),
    }
    if not rows:
        return Analysis(facts=facts)
    pack = ctx.evidence(
        ENTITY, order_sql="amount DESC NULLS LAST", where_sql="status = 'open'", relation=opps
    )
    metrics = {"stages": stages, **facts}
    largest = max(stages, key=lambda s: (s["weighted_amount"] or 0.0, s["stage"]))
    title = (
        f"Open pipeline {format_money(total)} in {count} deals, "
        f"{format_money(weighted_total)} weighted by probability"
    )
    return Analysis(
        findings=[
            Finding(
                kind="pipeline_by_stage",
                severity="info",
                title=title,
                detail=f"{len(stages)} open stages; the largest weighted stage is "
                f"{largest['stage']} ({largest['deals']} deals, "
                f"{format_money(largest['weighted_amount'] or 0.0)} weighted of "
                f"{format_money(largest['amount'] or 0.0)}).",
                evidence=ctx.make_evidence(
                    [EvidencePart(ENTITY, pack, ("stage", "amount", "probability"))], metrics
                ),
                action=ProposedAction(
                    kind="slack.post",
                    title="Post the pipeline summary to Slack",
                    payload={"text": f"RevOps Pilot: {title}."},
                ),
            )
        ],
        facts=facts,
    )


def win_rate(ctx: RunContext, settings: RevOpsSettings) -> Analysis:
    """The ``win_rate`` finding (none without closed deals) and its facts."""
    opps = opportunities(ctx, settings)
    rows = ctx.query(
        "SELECT _source_system, status, count(*), coalesce(sum(amount), 0) "
        f"FROM {opps} WHERE status <> 'open' GROUP BY ALL ORDER BY ALL"
    )
    by_system: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for system, status, count, amount in rows:
        by_system[str(system)][f"{status}"] += int(count)
        by_system[str(system)][f"{status}_amount"] += float(amount)
    won = sum(s["won"] for s in by_system.values())
    lost = sum(s["lost"] for s in by_system.values())
    won_amount = sum(s["won_amount"] for s in by_system.values())
    lost_amount = sum(s["lost_amount"] for s in by_system.values())
    rate = pct(share_pct(won, won + lost))
    facts = {"win_rate_pct": rate, "won_deals": int(won), "lost_deals": int(lost)}
    if won + lost == 0:
        return Analysis(facts=facts)
    systems = [
        {
            "system": system,
            "won": int(s["won"]),
            "lost": int(s["lost"]),
            "win_rate_pct": pct(share_pct(s["won"], s["won"] + s["lost"])),
        }
        for system, s in sorted(by_system.items())
    ]
    metrics = {
        "won": int(won),
        "lost": int(lost),
        "closed_deals": int(won + lost),
        "win_rate_pct": rate,
        "won_amount": money(won_amount),
        "lost_amount": money(lost_amount),
        "win_rate_by_amount_pct": pct(share_pct(won_amount, won_amount + lost_amount)),
        "by_system": systems,
    }
    severity: Severity = "medium" if (rate or 0.0) <= settings.win_rate_floor_pct else "info"
    pack = ctx.evidence(
        ENTITY,
        order_sql="amount DESC NULLS LAST",
        where_sql="status <> 'open'",
        relation=opps,
    )
    title = f"Win rate {rate}%: {int(won)} won and {int(lost)} lost deals"
    return Analysis(
        findings=[
            Finding(
                kind="win_rate",
                severity=severity,
                title=title,
                detail=f"Closed deals: {format_money(won_amount)} won and "
                f"{format_money(lost_amount)} lost ({metrics['win_rate_by_amount_pct']}% by "
                "amount). Per system: "
                + ", ".join(f"{s['system']} {s['win_rate_pct']}%" for s in systems)
                + ". Open stages that are not won or lost are not counted.",
                evidence=ctx.make_evidence(
                    [EvidencePart(ENTITY, pack, ("stage", "amount"))], metrics
                ),
                action=ProposedAction(
                    kind="slack.post",
                    title="Post the win rate to Slack",
                    payload={"text": f"RevOps Pilot: {title}."},
                )
                if severity != "info"
                else None,
            )
        ],
        facts=facts,
    )


def deals_at_risk(ctx: RunContext, settings: RevOpsSettings) -> Analysis:
    """``deal_at_risk`` findings (largest amount first) and their facts."""
    near = ctx.as_of + timedelta(days=settings.near_close_days)
    params = {"as_of": ctx.as_of, "near": near, "early": settings.early_stage_max_probability}
    opps = opportunities(ctx, settings)
    at_risk = (
        "status = 'open' AND close_date IS NOT NULL AND (close_date < $as_of OR "
        "(close_date <= $near AND coalesce(probability, 0) <= $early))"
    )
    name = ctx.column(ENTITY, "opportunity_name")
    shown = ctx.query(
        f"SELECT {ROW_ID}, opportunity_id, {name}, account_id, stage, amount, probability, "
        f"close_date, _source_system FROM {opps} WHERE {at_risk} "
        f"ORDER BY amount DESC NULLS LAST, opportunity_id, {_PROVENANCE} LIMIT $top",
        params | {"top": settings.max_findings_per_kind},
    )
    count, amount, overdue = ctx.query(
        "SELECT count(*), coalesce(sum(amount), 0), count(*) FILTER (WHERE close_date < $as_of) "
        f"FROM {opps} WHERE {at_risk}",
        params,
    )[0]
    packs = ctx.grouped_evidence(
        ENTITY, ROW_ID, [r[0] for r in shown], order_sql="amount", relation=opps
    )
    findings = [_deal_finding(ctx, settings, row, packs.get(row[0])) for row in shown]
    return Analysis(
        findings=findings,
        facts={
            "deals_at_risk": int(count),
            "deals_at_risk_amount": money(float(amount)),
            "deals_overdue": int(overdue),
        },
    )


def _deal_finding(
    ctx: RunContext, settings: RevOpsSettings, row: tuple[Any, ...], pack: EvidencePack | None
) -> Finding:
    _, opportunity_id, name, account_id, stage, amount, probability, close_date, system = row
    close: date = close_date
    early = (probability or 0.0) <= settings.early_stage_max_probability
    reasons = ["close_date_passed"] if close < ctx.as_of else ["early_stage_near_close"]
    if close < ctx.as_of and early:
        reasons.append("early_stage")
    days = (ctx.as_of - close).days
    value = float(amount or 0.0)
    metrics = {
        "opportunity_id": opportunity_id,
        "opportunity_name": name,
        "account_id": account_id,
        "source_system": system,
        "stage": stage,
        "amount": money(value),
        "probability": pct(probability),
        "close_date": close.isoformat(),
        "days_past_close": days,
        "reasons": reasons,
    }
    label = name or opportunity_id
    when = f"{days} days past its close date" if days > 0 else f"closes in {-days} days"
    if days == 0:
        when = "closes today"
    parts = (
        [
            EvidencePart(
                ENTITY, pack, ("opportunity_id", "stage", "amount", "probability", "close_date")
            )
        ]
        if pack
        else []
    )
    return Finding(
        kind="deal_at_risk",
        severity=severity_for_amount(
            value, high=settings.high_amount, medium=settings.medium_amount
        ),
        title=f"Deal at risk: {label} ({format_money(value)}) {when}",
        detail=f"{system} deal {opportunity_id} is open in stage {stage!r} at "
        f"{pct(probability)}% probability and {when} ({close.isoformat()}, as of "
        f"{ctx.as_of.isoformat()}). Reasons: {', '.join(reasons)}.",
        evidence=ctx.make_evidence(parts, metrics),
        action=ProposedAction(
            kind="task",
            title=f"Follow up on deal {label}",
            payload={
                "action": "follow_up_deal",
                "opportunity_id": opportunity_id,
                "source_system": system,
                "amount": money(value),
                "close_date": close.isoformat(),
                "reasons": reasons,
            },
        ),
    )
