"""``cost_anomaly``: a day or month of a category's spend far from its trailing baseline.

Spend is summed per service category and day (and per category and
calendar month) up to the as-of day. Each period is compared with the
periods of the same category in its trailing window (``anomaly_window_days``
days / ``anomaly_window_months`` months before it, the period itself
excluded; only periods with spend count): the robust z-score
``0.6745 * (amount - median) / MAD`` (MAD floored at
``anomaly_min_mad_ratio * median``). Periods with at least the minimum
baseline and ``z >= anomaly_z_threshold`` (or ``<= -threshold`` with drops
included) are anomalies. Severity: ``high`` from three times the threshold,
``medium`` from twice, else ``low``. DuckDB computes the sums and the
windowed medians and MADs; the z-score is :func:`~autonomos_dcl.agents.numbers.robust_z`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from autonomos_dcl.agents.context import Analysis, EvidencePart, RunContext
from autonomos_dcl.agents.finops.costs import CATEGORY_SQL, COST_LINE, ENTITY, category_label
from autonomos_dcl.agents.model import Finding, ProposedAction, Severity
from autonomos_dcl.agents.numbers import format_money, money, robust_z
from autonomos_dcl.agents.settings import FinOpsSettings

Grain = Literal["day", "month"]
FIELDS = ("service_category", "report_date", "cost")
_SEVERITY_ORDER: dict[Severity, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
_PERIOD_FORMAT: dict[Grain, str] = {"day": "%Y-%m-%d", "month": "%Y-%m"}


@dataclass(frozen=True)
class Anomaly:
    """One anomalous period of one category."""

    grain: Grain
    category: str
    period: date
    amount: float
    lines: int
    median: float
    mad: float
    baseline_points: int
    z: float

    @property
    def period_label(self) -> str:
        return self.period.strftime(_PERIOD_FORMAT[self.grain])

    @property
    def group(self) -> str:
        """The evidence group key (matches :func:`_group_sql`)."""
        return f"{self.category}|{self.period_label}"


def _group_sql(grain: Grain) -> str:
    return f"{CATEGORY_SQL} || '|' || strftime(report_date, '{_PERIOD_FORMAT[grain]}')"


def find_anomalies(ctx: RunContext, settings: FinOpsSettings, grain: Grain) -> list[Anomaly]:
    """Anomalous periods of ``grain`` (unordered)."""
    if grain == "day":
        period = "report_date"
        window = int(settings.anomaly_window_days)
        frame = f"INTERVAL {window} DAY PRECEDING AND INTERVAL 1 DAY PRECEDING"
        min_points = settings.anomaly_min_baseline_days
    else:
        period = "CAST(date_trunc('month', report_date) AS DATE)"
        window = int(settings.anomaly_window_months)
        frame = f"INTERVAL {window} MONTH PRECEDING AND INTERVAL 1 MONTH PRECEDING"
        min_points = settings.anomaly_min_baseline_months
    rows = ctx.query(
        f"WITH p AS (SELECT {CATEGORY_SQL} AS category, {period} AS period, sum(cost) AS amount, "
        f"count(*) AS lines FROM {ctx.table(ENTITY)} WHERE {COST_LINE} AND report_date <= $as_of "
        "GROUP BY ALL) SELECT category, period, amount, lines, median(amount) OVER w, "
        "mad(amount) OVER w, count(*) OVER w FROM p "
        f"WINDOW w AS (PARTITION BY category ORDER BY period RANGE BETWEEN {frame}) "
        "ORDER BY category, period",
        {"as_of": ctx.as_of},
    )
    found = []
    for category, start, amount, lines, median, mad, points in rows:
        if int(points) < min_points or median is None or mad is None:
            continue
        z = robust_z(
            float(amount), float(median), float(mad), min_mad_ratio=settings.anomaly_min_mad_ratio
        )
        if z is None:
            continue
        if z >= settings.anomaly_z_threshold or (
            settings.anomaly_include_drops and z <= -settings.anomaly_z_threshold
        ):
            found.append(
                Anomaly(
                    grain=grain,
                    category=str(category),
                    period=start,
                    amount=float(amount),
                    lines=int(lines),
                    median=float(median),
                    mad=float(mad),
                    baseline_points=int(points),
                    z=z,
                )
            )
    return found


def _severity(z: float, threshold: float) -> Severity:
    if abs(z) >= 3 * threshold:
        return "high"
    if abs(z) >= 2 * threshold:
        return "medium"
    return "low"


def cost_anomalies(ctx: RunContext, settings: FinOpsSettings) -> Analysis:
    """``cost_anomaly`` findings, most severe and largest z first, and their facts."""
    threshold = settings.anomaly_z_threshold
    found = find_anomalies(ctx, settings, "day") + find_anomalies(ctx, settings, "month")
    found.sort(
        key=lambda a: (
            _SEVERITY_ORDER[_severity(a.z, threshold)],
            -abs(round(a.z, 2)),
            a.grain,
            a.period,
            a.category,
        )
    )
    shown = found[: settings.max_findings_per_kind]
    packs = {}
    for grain in ("day", "month"):
        packs[grain] = ctx.grouped_evidence(
            ENTITY,
            _group_sql(grain),
            [a.group for a in shown if a.grain == grain],
            order_sql="cost DESC",
            where_sql=f"{COST_LINE} AND report_date <= $as_of",
            params={"as_of": ctx.as_of},
        )
    findings = []
    for anomaly in shown:
        pack = packs[anomaly.grain].get(anomaly.group)
        parts = [EvidencePart(ENTITY, pack, FIELDS)] if pack is not None else []
        findings.append(_finding(ctx, settings, anomaly, parts))
    return Analysis(
        findings=findings,
        facts={
            "cost_anomalies": len(found),
            "anomaly_excess_amount": money(
                sum(a.amount - a.median for a in found if a.amount > a.median)
            ),
        },
    )


def _finding(
    ctx: RunContext, settings: FinOpsSettings, anomaly: Anomaly, parts: list[EvidencePart]
) -> Finding:
    label = category_label(anomaly.category)
    severity = _severity(anomaly.z, settings.anomaly_z_threshold)
    direction = "spike" if anomaly.z > 0 else "drop"
    window = (
        f"{settings.anomaly_window_days}-day"
        if anomaly.grain == "day"
        else f"{settings.anomaly_window_months}-month"
    )
    ratio = anomaly.amount / anomaly.median if anomaly.median > 0 else None
    metrics = {
        "grain": anomaly.grain,
        "category": anomaly.category,
        "period": anomaly.period_label,
        "direction": direction,
        "amount": money(anomaly.amount),
        "lines": anomaly.lines,
        "baseline_median": money(anomaly.median),
        "baseline_mad": money(anomaly.mad),
        "baseline_points": anomaly.baseline_points,
        "robust_z": round(anomaly.z, 2),
        "excess_amount": money(anomaly.amount - anomaly.median),
        "ratio_to_median": None if ratio is None else round(ratio, 2),
    }
    times = f" ({ratio:.1f}x)" if ratio is not None else ""
    title = (
        f"{label} spend {direction} {'on' if anomaly.grain == 'day' else 'in'} "
        f"{anomaly.period_label}: {format_money(anomaly.amount)} "
        f"vs a {window} median of {format_money(anomaly.median)}{times}"
    )
    action = None
    if severity in ("medium", "high"):
        action = ProposedAction(
            kind="slack.post",
            title=f"Alert Slack about the {label} spend {direction}",
            payload={"text": f"FinOps Pilot: {title}."},
        )
    return Finding(
        kind="cost_anomaly",
        severity=severity,
        title=title,
        detail=f"{label} spend in {anomaly.period_label} was {format_money(anomaly.amount)} over "
        f"{anomaly.lines} cost lines; the {anomaly.baseline_points} {anomaly.grain}s with spend "
        f"in the trailing {window} window have a median of {format_money(anomaly.median)} "
        f"and a MAD of {format_money(anomaly.mad)} (robust z-score {anomaly.z:.1f}, threshold "
        f"{settings.anomaly_z_threshold:g}).",
        evidence=ctx.make_evidence(parts, metrics),
        action=action,
    )
