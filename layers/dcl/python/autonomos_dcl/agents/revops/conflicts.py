"""``account_conflict``: one company in several CRMs with conflicting revenue or industry.

Account rows are clustered by normalised name (see
:mod:`~autonomos_dcl.agents.revops.resolution`); a cluster whose rows come
from at least two source systems conflicts when its revenues differ by
more than ``revenue_tolerance_pct`` of the largest, or its industries
(compared case-insensitively) differ. ``medium`` when both conflict, else
``low``; the largest revenue gap first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from autonomos_dcl.agents.context import Analysis, EvidencePart, RunContext
from autonomos_dcl.agents.model import Finding, ProposedAction, Severity
from autonomos_dcl.agents.numbers import format_money, money, pct
from autonomos_dcl.agents.revops.resolution import ENTITY, ID_PREFIX, accounts
from autonomos_dcl.agents.settings import RevOpsSettings

FIELDS = ("account_id", "account_name", "industry", "revenue")


def account_conflicts(ctx: RunContext, settings: RevOpsSettings) -> Analysis:
    """``account_conflict`` findings and the cross-CRM facts."""
    clusters = ctx.query(
        f"WITH c AS (SELECT cluster, "
        "count(DISTINCT _source_system) AS systems, min(revenue) AS low, max(revenue) AS high, "
        f"count(DISTINCT lower(trim(industry))) AS industries FROM {accounts(ctx)} "
        f"WHERE cluster NOT LIKE '{ID_PREFIX}%' GROUP BY cluster HAVING systems >= 2) "
        "SELECT cluster, low, high, industries, "
        "coalesce(high > 0 AND (high - low) / high * 100 > $tolerance, FALSE) AS revenue_conflict, "
        "industries > 1 AS industry_conflict FROM c ORDER BY coalesce(high - low, 0) DESC, cluster",
        {"tolerance": settings.revenue_tolerance_pct},
    )
    conflicting = [c for c in clusters if c[4] or c[5]]
    shown = conflicting[: settings.max_findings_per_kind]
    members = ctx.query(
        f"SELECT cluster, _source_system, _source_table, account_id, account_name, industry, "
        f"revenue FROM {accounts(ctx)} WHERE cluster IN (SELECT unnest($shown)) "
        "ORDER BY cluster, _source_system, _source_table, _source_row",
        {"shown": [c[0] for c in shown]},
    )
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for cluster, system, table, account_id, name, industry, revenue in members:
        records[cluster].append(
            {
                "system": system,
                "table": table,
                "account_id": account_id,
                "account_name": name,
                "industry": industry,
                "revenue": money(revenue),
            }
        )
    packs = ctx.grouped_evidence(
        ENTITY,
        "cluster",
        [c[0] for c in shown],
        order_sql="revenue DESC NULLS LAST",
        relation=accounts(ctx),
    )
    findings = []
    for cluster, low, high, _, revenue_conflict, industry_conflict in shown:
        pack = packs.get(cluster)
        parts = [EvidencePart(ENTITY, pack, FIELDS)] if pack is not None else []
        findings.append(
            _finding(
                ctx,
                cluster,
                records[cluster],
                low,
                high,
                bool(revenue_conflict),
                bool(industry_conflict),
                parts,
            )
        )
    return Analysis(
        findings=findings,
        facts={
            "accounts_in_several_crms": len(clusters),
            "conflicting_accounts": len(conflicting),
        },
    )


def _finding(
    ctx: RunContext,
    cluster: str,
    records: list[dict[str, Any]],
    low: float | None,
    high: float | None,
    revenue_conflict: bool,
    industry_conflict: bool,
    parts: list[EvidencePart],
) -> Finding:
    conflicts = [
        c for c, on in (("revenue", revenue_conflict), ("industry", industry_conflict)) if on
    ]
    spread = (high - low) / high * 100 if high and low is not None and high > 0 else None
    industries = sorted({str(r["industry"]) for r in records if r["industry"] is not None})
    systems = sorted({str(r["system"]) for r in records})
    names = list(dict.fromkeys(str(r["account_name"]) for r in records))
    metrics = {
        "normalized_name": cluster,
        "names": names,
        "systems": systems,
        "records": records,
        "conflicts": conflicts,
        "revenue_min": money(low),
        "revenue_max": money(high),
        "revenue_spread_pct": pct(spread),
        "industries": industries,
    }
    severity: Severity = "medium" if len(conflicts) == 2 else "low"
    parts_text = []
    if revenue_conflict:
        parts_text.append(
            f"revenue from {format_money(low or 0.0)} to {format_money(high or 0.0)} "
            f"({pct(spread)}% apart)"
        )
    if industry_conflict:
        parts_text.append(f"industry {' vs '.join(industries)}")
    where = ", ".join(f"{r['system']} {r['account_name']!r}" for r in records)
    return Finding(
        kind="account_conflict",
        severity=severity,
        title=f"{names[0]} differs across {', '.join(systems)}: {' and '.join(conflicts)}",
        detail=f"Records {where} normalise to {cluster!r} but disagree on {'; '.join(parts_text)}.",
        evidence=ctx.make_evidence(parts, metrics),
        action=ProposedAction(
            kind="task",
            title=f"Reconcile the {names[0]} account records",
            payload={
                "action": "reconcile_account_records",
                "normalized_name": cluster,
                "records": [
                    {"system": r["system"], "account_id": r["account_id"]} for r in records
                ],
                "conflicts": conflicts,
            },
        ),
    )
