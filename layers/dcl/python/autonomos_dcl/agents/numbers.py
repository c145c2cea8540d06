"""Small numeric helpers shared by the agents: rounding, change, robust z, severity.

Findings carry rounded numbers so two runs compare equal and read well:
money to cents, percentages and scores to one decimal, z-scores to two.
"""

from __future__ import annotations

import math

from autonomos_dcl.agents.model import Severity

MAD_TO_Z = 0.6745
"""Scales a median absolute deviation to a standard-normal z (Iglewicz & Hoaglin)."""


def money(value: float | None) -> float | None:
    """Rounded to cents (None stays None; -0.0 becomes 0.0)."""
    return None if value is None else round(float(value), 2) + 0.0


def pct(value: float | None) -> float | None:
    """A percentage (or score) rounded to one decimal."""
    return None if value is None else round(float(value), 1) + 0.0


def change_pct(current: float, previous: float) -> float | None:
    """Percentage change from ``previous`` to ``current``; None when ``previous`` is not > 0."""
    if not previous > 0:
        return None
    return (current - previous) / previous * 100.0


def share_pct(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``; None when ``whole`` is not > 0."""
    return part / whole * 100.0 if whole > 0 else None


def robust_z(
    value: float, median: float, mad: float, *, min_mad_ratio: float = 0.0
) -> float | None:
    """The modified z-score ``0.6745 * (value - median) / MAD`` of ``value`` against a
    baseline with this median and median absolute deviation.

    The MAD is floored at ``min_mad_ratio * |median|`` so a near-constant
    baseline does not make every wobble infinite; None when the (floored)
    MAD is zero or a figure is not finite.
    """
    scale = max(mad, min_mad_ratio * abs(median))
    if not (math.isfinite(value) and math.isfinite(median) and math.isfinite(scale)):
        return None
    if scale <= 0:
        return None
    return MAD_TO_Z * (value - median) / scale


def severity_for_amount(amount: float, *, high: float, medium: float) -> Severity:
    """``high`` from ``high``, ``medium`` from ``medium``, else ``low``."""
    if amount >= high:
        return "high"
    if amount >= medium:
        return "medium"
    return "low"


def format_money(value: float) -> str:
    """``$1,234.50`` (negative: ``-$1,234.50``)."""
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"
