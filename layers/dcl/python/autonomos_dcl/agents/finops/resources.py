"""Idle and over-sized resources, from the unified ``aws_resources`` rows.

A resource may have many unified rows (inventory rows from several systems,
metric samples); they are rolled up per ``resource_id``: descriptive
fields and the monthly cost from the first row that has them (by source
system, table and row), CPU and memory utilisation averaged over every row
that reports them.

- ``idle_resource``: average CPU < ``idle_cpu_pct`` and memory <
  ``idle_memory_pct`` while it costs at least ``idle_min_monthly_cost``.
- ``oversized_instance``: not idle, its type is on the size ladder and a
  smaller size keeps the projected utilisation under the targets (see
  :func:`~autonomos_dcl.agents.sizes.suggest_downsize`); the monthly saving
  is its monthly cost times ``1 - price ratio``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autonomos_dcl.agents.context import Analysis, EvidencePart, RunContext
from autonomos_dcl.agents.model import Finding, ProposedAction
from autonomos_dcl.agents.numbers import format_money, money, pct, severity_for_amount
from autonomos_dcl.agents.settings import FinOpsSettings
from autonomos_dcl.agents.sizes import INSTANCE_SIZES, Downsize, suggest_downsize

ENTITY = "aws_resources"
IDLE_FIELDS = (
    "resource_id",
    "instance_type",
    "cpu_utilization",
    "memory_utilization",
    "monthly_cost",
)
_PROVENANCE = "_source_system, _source_table, _source_row"


@dataclass(frozen=True)
class ResourceRollup:
    """One resource's rolled-up figures."""

    resource_id: str
    resource_type: str | None
    region: str | None
    instance_type: str | None
    monthly_cost: float | None
    cpu_pct: float | None
    memory_pct: float | None
    samples: int


def rollups(ctx: RunContext) -> str:
    """A temporary table (built once per run) with one row per resource: the
    :class:`ResourceRollup` columns in order (``cpu``, ``memory`` for the
    utilisations, ``samples`` for their count)."""

    def first(field: str) -> str:
        column = ctx.column(ENTITY, field)
        return f"first({column} ORDER BY {_PROVENANCE}) FILTER (WHERE {column} IS NOT NULL)"

    return ctx.materialize(
        "_agent_resources",
        f"SELECT resource_id, {first('resource_type')} AS resource_type, "
        f"{first('region')} AS region, {first('instance_type')} AS instance_type, "
        f"{first('monthly_cost')} AS monthly_cost, avg(cpu_utilization) AS cpu, "
        "avg(memory_utilization) AS memory, count(cpu_utilization) AS samples "
        f"FROM {ctx.table(ENTITY)} WHERE resource_id IS NOT NULL GROUP BY resource_id",
    )


def _rollups(ctx: RunContext, where: str, params: dict[str, Any]) -> list[ResourceRollup]:
    rows = ctx.query(
        f"SELECT * FROM {rollups(ctx)} WHERE {where} ORDER BY monthly_cost DESC, resource_id",
        params,
    )
    return [
        ResourceRollup(
            resource_id=str(r[0]),
            resource_type=r[1],
            region=r[2],
            instance_type=r[3],
            monthly_cost=None if r[4] is None else float(r[4]),
            cpu_pct=None if r[5] is None else float(r[5]),
            memory_pct=None if r[6] is None else float(r[6]),
            samples=int(r[7]),
        )
        for r in rows
    ]


_IDLE = "cpu < $idle_cpu AND memory < $idle_memory AND monthly_cost >= $idle_cost"


def _idle_params(settings: FinOpsSettings) -> dict[str, Any]:
    return {
        "idle_cpu": settings.idle_cpu_pct,
        "idle_memory": settings.idle_memory_pct,
        "idle_cost": settings.idle_min_monthly_cost,
    }


def _label(resource: ResourceRollup) -> str:
    return resource.instance_type or resource.resource_type or "resource"


def _base_metrics(resource: ResourceRollup) -> dict[str, Any]:
    return {
        "resource_id": resource.resource_id,
        "resource_type": resource.resource_type,
        "region": resource.region,
        "instance_type": resource.instance_type,
        "avg_cpu_pct": pct(resource.cpu_pct),
        "avg_memory_pct": pct(resource.memory_pct),
        "utilization_samples": resource.samples,
        "monthly_cost": money(resource.monthly_cost),
    }


def _evidence_parts(ctx: RunContext, ids: list[str]) -> dict[str, EvidencePart]:
    packs = ctx.grouped_evidence(
        ENTITY, "resource_id", ids, order_sql="monthly_cost IS NULL, cpu_utilization IS NULL"
    )
    return {rid: EvidencePart(ENTITY, pack, IDLE_FIELDS) for rid, pack in packs.items()}


def idle_resources(ctx: RunContext, settings: FinOpsSettings) -> Analysis:
    """``idle_resource`` findings (most expensive first) and their facts."""
    idle = _rollups(ctx, _IDLE, _idle_params(settings))
    shown = idle[: settings.max_findings_per_kind]
    parts = _evidence_parts(ctx, [r.resource_id for r in shown])
    findings = []
    for resource in shown:
        cost = resource.monthly_cost or 0.0
        metrics = _base_metrics(resource) | {"annual_cost": money(cost * 12)}
        findings.append(
            Finding(
                kind="idle_resource",
                severity=severity_for_amount(
                    cost, high=settings.high_amount, medium=settings.medium_amount
                ),
                title=f"Idle {_label(resource)} {resource.resource_id}: "
                f"{format_money(cost)}/month at {pct(resource.cpu_pct)}% CPU",
                detail=f"Average CPU {pct(resource.cpu_pct)}% and memory "
                f"{pct(resource.memory_pct)}% over {resource.samples} samples, under the idle "
                f"thresholds ({settings.idle_cpu_pct}% / {settings.idle_memory_pct}%), while it "
                f"costs {format_money(cost)} a month ({format_money(cost * 12)} a year). Stop or "
                "terminate it if nothing depends on it.",
                evidence=ctx.make_evidence(_parts_of(parts, resource), metrics),
                action=ProposedAction(
                    kind="task",
                    title=f"Stop idle resource {resource.resource_id}",
                    payload={
                        "action": "stop_idle_resource",
                        "resource_id": resource.resource_id,
                        "instance_type": resource.instance_type,
                        "monthly_saving": money(cost),
                    },
                ),
            )
        )
    return Analysis(
        findings=findings,
        facts={
            "idle_resources": len(idle),
            "idle_monthly_cost": money(sum(r.monthly_cost or 0.0 for r in idle)),
        },
    )


def _parts_of(parts: dict[str, EvidencePart], resource: ResourceRollup) -> list[EvidencePart]:
    part = parts.get(resource.resource_id)
    return [part] if part is not None else []


def oversized_instances(ctx: RunContext, settings: FinOpsSettings) -> Analysis:
    """``oversized_instance`` findings (largest saving first) and their facts."""
    candidates = _rollups(
        ctx,
        f"NOT coalesce({_IDLE}, FALSE) AND cpu <= $target_cpu AND memory <= $target_memory "
        "AND monthly_cost > 0 AND lower(trim(instance_type)) IN (SELECT unnest($types))",
        _idle_params(settings)
        | {
            "target_cpu": settings.downsize_target_cpu_pct,
            "target_memory": settings.downsize_target_memory_pct,
            "types": sorted(INSTANCE_SIZES),
        },
    )
    suggestions: list[tuple[ResourceRollup, Downsize, float]] = []
    for resource in candidates:
        if resource.instance_type is None or resource.cpu_pct is None:
            continue
        if resource.memory_pct is None or resource.monthly_cost is None:
            continue
        downsize = suggest_downsize(
            resource.instance_type,
            resource.cpu_pct,
            resource.memory_pct,
            target_cpu_pct=settings.downsize_target_cpu_pct,
            target_memory_pct=settings.downsize_target_memory_pct,
            max_steps=settings.downsize_max_steps,
        )
        if downsize is None:
            continue
        saving = money(downsize.monthly_saving(resource.monthly_cost)) or 0.0
        if saving >= settings.downsize_min_monthly_saving:
            suggestions.append((resource, downsize, saving))
    suggestions.sort(key=lambda s: (-s[2], s[0].resource_id))
    shown = suggestions[: settings.max_findings_per_kind]
    parts = _evidence_parts(ctx, [r.resource_id for r, _, _ in shown])
    findings = [
        _oversized_finding(ctx, settings, resource, downsize, saving, _parts_of(parts, resource))
        for resource, downsize, saving in shown
    ]
    return Analysis(
        findings=findings,
        facts={
            "oversized_instances": len(suggestions),
            "downsize_monthly_saving": money(sum(s for _, _, s in suggestions)),
        },
    )


def _oversized_finding(
    ctx: RunContext,
    settings: FinOpsSettings,
    resource: ResourceRollup,
    downsize: Downsize,
    saving: float,
    parts: list[EvidencePart],
) -> Finding:
    current, suggested = downsize.current.name, downsize.suggested.name
    metrics = _base_metrics(resource) | {
        "suggested_instance_type": suggested,
        "steps_down": downsize.steps,
        "current_vcpus": downsize.current.vcpus,
        "suggested_vcpus": downsize.suggested.vcpus,
        "current_memory_gb": downsize.current.memory_gb,
        "suggested_memory_gb": downsize.suggested.memory_gb,
        "vcpu_ratio": round(downsize.vcpu_ratio, 4),
        "memory_ratio": round(downsize.memory_ratio, 4),
        "price_ratio": round(downsize.price_ratio, 4),
        "projected_cpu_pct": pct(downsize.projected_cpu_pct),
        "projected_memory_pct": pct(downsize.projected_memory_pct),
        "monthly_saving": saving,
        "annual_saving": money(saving * 12),
    }
    return Finding(
        kind="oversized_instance",
        severity=severity_for_amount(
            saving, high=settings.high_amount, medium=settings.medium_amount
        ),
        title=f"Downsize {resource.resource_id} from {current} to {suggested}: "
        f"save {format_money(saving)}/month",
        detail=f"Average CPU {pct(resource.cpu_pct)}% and memory {pct(resource.memory_pct)}% "
        f"on {current} ({downsize.current.vcpus} vCPU, {downsize.current.memory_gb:g} GiB). "
        f"On {suggested} ({downsize.suggested.vcpus} vCPU, {downsize.suggested.memory_gb:g} GiB) "
        f"they would be about {pct(downsize.projected_cpu_pct)}% and "
        f"{pct(downsize.projected_memory_pct)}%, within the targets "
        f"({settings.downsize_target_cpu_pct}% / {settings.downsize_target_memory_pct}%), "
        f"and the monthly cost would drop from {format_money(resource.monthly_cost or 0.0)} "
        f"by {format_money(saving)}.",
        evidence=ctx.make_evidence(parts, metrics),
        action=ProposedAction(
            kind="task",
            title=f"Downsize {resource.resource_id} to {suggested}",
            payload={
                "action": "downsize_instance",
                "resource_id": resource.resource_id,
                "from_instance_type": current,
                "to_instance_type": suggested,
                "monthly_saving": saving,
            },
        ),
    )
