"""``account_decline``: accounts with open revenue whose health or usage is falling.

Deals, health and usage rows meet per account cluster (see
:mod:`~autonomos_dcl.agents.revops.resolution`). A cluster with open deals
worth more than ``min_open_amount`` is declining when at least one signal holds:

- ``low_health``: the average of its health scores is under ``health_score_floor``;
- ``risk_level``: a health row's risk level is in ``risk_levels``;
- ``health_falling``: its two latest dated health scores dropped by at least
  ``health_drop_points``;
- ``inactive``: its most recent login (the smallest ``last_login_days``) is at
  least ``inactive_login_days`` days ago.

Severity follows the open amount; the largest first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from autonomos_dcl.agents.context import Analysis, EvidencePart, RunContext, merge_packs
from autonomos_dcl.agents.model import Finding, ProposedAction
from autonomos_dcl.agents.numbers import format_money, money, pct, severity_for_amount
from autonomos_dcl.agents.revops.deals import opportunities
from autonomos_dcl.agents.revops.resolution import (
    ID_PREFIX,
    account_clusters,
    cluster_names,
    cluster_of,
)
from autonomos_dcl.agents.settings import RevOpsSettings

_PROVENANCE = "_source_system, _source_table, _source_row"


@dataclass(frozen=True)
class Decline:
    """One declining account cluster and its figures."""

    cluster: str
    name: str
    open_amount: float
    open_deals: int
    health: float | None
    health_observations: int
    risk_level: str | None
    latest_health: float | None
    previous_health: float | None
    last_login_days: int | None
    sessions_30d: int | None
    signals: tuple[str, ...]


SIGNALS = ("low_health", "risk_level", "health_falling", "inactive")
"""The decline signals, in the order findings list them."""


def _query(ctx: RunContext, settings: RevOpsSettings) -> str:
    risk = ctx.column("health", "risk_level", "h")
    updated = ctx.column("health", "last_updated", "h")
    sessions = ctx.column("usage", "sessions_30d", "u")
    ids = account_clusters(ctx)
    return (
        f"WITH o AS (SELECT {cluster_of('o')} AS cluster, sum(o.amount) AS open_amount, "
        f"count(*) AS open_deals FROM {opportunities(ctx, settings)} o "
        f"LEFT JOIN {ids} ids ON ids.account_id = o.account_id "
        "WHERE o.account_id IS NOT NULL AND o.status = 'open' GROUP BY 1), "
        f"hr AS (SELECT {cluster_of('h')} AS cluster, h.health_score, {risk} AS risk_level, "
        f"{updated} AS last_updated, h._source_system, h._source_table, h._source_row "
        f"FROM {ctx.table('health')} h LEFT JOIN {ids} ids ON ids.account_id = h.account_id "
        "WHERE h.account_id IS NOT NULL), "
        "hd AS (SELECT cluster, health_score, row_number() OVER (PARTITION BY cluster "
        f"ORDER BY last_updated DESC, {_PROVENANCE}) AS rn FROM hr "
        "WHERE last_updated IS NOT NULL AND health_score IS NOT NULL), "
        "h AS (SELECT cluster, avg(health_score) AS health, count(health_score) AS observations, "
        f"first(risk_level ORDER BY last_updated DESC NULLS LAST, {_PROVENANCE}) "
        "FILTER (WHERE risk_level IS NOT NULL) AS risk_level, "
        "coalesce(bool_or(list_contains($risk, lower(trim(risk_level)))), FALSE) AS risky "
        "FROM hr GROUP BY cluster), "
        "d AS (SELECT cluster, max(health_score) FILTER (WHERE rn = 1) AS latest, "
        "max(health_score) FILTER (WHERE rn = 2) AS previous FROM hd GROUP BY cluster), "
        f"u AS (SELECT {cluster_of('u')} AS cluster, min(u.last_login_days) AS last_login, "
        f"sum({sessions}) AS sessions FROM {ctx.table('usage')} u "
        f"LEFT JOIN {ids} ids ON ids.account_id = u.account_id WHERE u.account_id IS NOT NULL "
        "GROUP BY 1), "
        "s AS (SELECT o.*, h.health, coalesce(h.observations, 0) AS observations, "
        "h.risk_level, d.latest, d.previous, u.last_login, u.sessions, "
        "coalesce(h.health < $floor, FALSE) AS low_health, "
        "coalesce(h.risky, FALSE) AS risky, "
        "coalesce(d.previous - d.latest >= $drop, FALSE) AS health_falling, "
        "coalesce(u.last_login >= $inactive, FALSE) AS inactive FROM o "
        "LEFT JOIN h USING (cluster) LEFT JOIN d USING (cluster) LEFT JOIN u USING (cluster)) "
        f"SELECT s.cluster, coalesce(names.display_name, substr(s.cluster, {len(ID_PREFIX) + 1})), "
        "open_amount, open_deals, health, observations, risk_level, latest, previous, "
        "last_login, sessions, low_health, risky, health_falling, inactive FROM s "
        f"LEFT JOIN {cluster_names(ctx)} names USING (cluster) "
        "WHERE open_amount > $min_open AND (low_health OR risky OR health_falling OR inactive) "
        "ORDER BY open_amount DESC, s.cluster"
    )


def declining_accounts(ctx: RunContext, settings: RevOpsSettings) -> Analysis:
    """``account_decline`` findings (largest open amount first) and their facts."""
    rows = ctx.query(
        _query(ctx, settings),
        {
            "risk": list(settings.risk_levels),
            "min_open": settings.min_open_amount,
            "floor": settings.health_score_floor,
            "drop": settings.health_drop_points,
            "inactive": settings.inactive_login_days,
        },
    )
    declines = [
        Decline(
            cluster=str(r[0]),
            name=str(r[1]),
            open_amount=float(r[2]),
            open_deals=int(r[3]),
            health=None if r[4] is None else float(r[4]),
            health_observations=int(r[5]),
            risk_level=r[6],
            latest_health=None if r[7] is None else float(r[7]),
            previous_health=None if r[8] is None else float(r[8]),
            last_login_days=None if r[9] is None else int(r[9]),
            sessions_30d=None if r[10] is None else int(r[10]),
            signals=tuple(name for name, on in zip(SIGNALS, r[11:15], strict=True) if on),
        )
        for r in rows
    ]
    shown = declines[: settings.max_findings_per_kind]
    members = _members(ctx, [d.cluster for d in shown])
    evidence = _evidence(ctx, settings, members)
    findings = [
        _finding(ctx, settings, d, members[d.cluster], evidence.get(d.cluster, [])) for d in shown
    ]
    return Analysis(
        findings=findings,
        facts={
            "declining_accounts": len(declines),
            "declining_open_amount": money(sum(d.open_amount for d in declines)),
        },
    )


def _members(ctx: RunContext, clusters: list[str]) -> dict[str, list[str]]:
    """The account ids of each cluster, sorted."""
    found: dict[str, list[str]] = {c: [] for c in clusters}
    rows = ctx.query(
        f"SELECT cluster, account_id FROM {account_clusters(ctx)} "
        "WHERE cluster IN (SELECT unnest($clusters)) ORDER BY cluster, account_id",
        {"clusters": clusters},
    )
    for cluster, account_id in rows:
        found[str(cluster)].append(str(account_id))
    for cluster, ids in found.items():
        if not ids and cluster.startswith(ID_PREFIX):
            ids.append(cluster[len(ID_PREFIX) :])
    return found


_EVIDENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "opportunity": ("account_id", "stage", "amount"),
    "health": ("account_id", "health_score", "risk_level", "last_updated"),
    "usage": ("account_id", "last_login_days", "sessions_30d"),
}


def _evidence(
    ctx: RunContext, settings: RevOpsSettings, members: dict[str, list[str]]
) -> dict[str, list[EvidencePart]]:
    ids = sorted({i for group in members.values() for i in group})
    packs = {
        "health": ctx.grouped_evidence("health", "account_id", ids, order_sql="health_score"),
        "usage": ctx.grouped_evidence("usage", "account_id", ids, order_sql="last_login_days DESC"),
        "opportunity": ctx.grouped_evidence(
            "opportunity",
            "account_id",
            ids,
            order_sql="amount DESC NULLS LAST",
            where_sql="status = 'open'",
            relation=opportunities(ctx, settings),
        ),
    }
    parts: dict[str, list[EvidencePart]] = defaultdict(list)
    for cluster, group in members.items():
        for entity in ("health", "usage", "opportunity"):
            found = [packs[entity][i] for i in group if i in packs[entity]]
            if found:
                parts[cluster].append(
                    EvidencePart(entity, merge_packs(found), _EVIDENCE_FIELDS[entity])
                )
    return parts


def _finding(
    ctx: RunContext,
    settings: RevOpsSettings,
    decline: Decline,
    account_ids: list[str],
    parts: list[EvidencePart],
) -> Finding:
    signals = list(decline.signals)
    metrics: dict[str, Any] = {
        "account": decline.name,
        "cluster": decline.cluster,
        "account_ids": account_ids,
        "open_amount": money(decline.open_amount),
        "open_deals": decline.open_deals,
        "health_score": pct(decline.health),
        "health_observations": decline.health_observations,
        "latest_health_score": pct(decline.latest_health),
        "previous_health_score": pct(decline.previous_health),
        "risk_level": decline.risk_level,
        "last_login_days": decline.last_login_days,
        "sessions_30d": decline.sessions_30d,
        "signals": signals,
    }
    said = []
    if decline.health is not None:
        said.append(f"health {pct(decline.health)}")
    if decline.risk_level is not None:
        said.append(f"risk {decline.risk_level}")
    if "health_falling" in signals:
        said.append(
            f"health down from {pct(decline.previous_health)} to {pct(decline.latest_health)}"
        )
    if decline.last_login_days is not None:
        said.append(f"last login {decline.last_login_days} days ago")
    amount = format_money(decline.open_amount)
    return Finding(
        kind="account_decline",
        severity=severity_for_amount(
            decline.open_amount, high=settings.high_amount, medium=settings.medium_amount
        ),
        title=f"{decline.name}: {amount} open in {decline.open_deals} deals while "
        f"{', '.join(s.replace('_', ' ') for s in signals)}",
        detail=f"{decline.name} ({', '.join(account_ids)}) has {decline.open_deals} open deals "
        f"worth {amount}; {'; '.join(said)}. Signals: {', '.join(signals)}.",
        evidence=ctx.make_evidence(parts, metrics),
        action=ProposedAction(
            kind="task",
            title=f"Customer-success outreach to {decline.name}",
            payload={
                "action": "customer_success_outreach",
                "account": decline.name,
                "account_ids": account_ids,
                "open_amount": money(decline.open_amount),
                "signals": signals,
            },
        ),
    )
