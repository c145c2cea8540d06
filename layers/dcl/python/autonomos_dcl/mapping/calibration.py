"""Turning raw pair scores into calibrated confidences.

The map is a monotone piecewise-linear curve through breakpoints (raw
score, probability of being right), fitted with isotonic regression (pool
adjacent violators) on the candidate pairs the matcher proposes for the
``dev/`` cases of the schema-matching benchmark, never the holdout cases.

There is one curve per kind of evidence, because a score means more when
values were compared: ``INSTANCE_BREAKPOINTS`` for pairs whose two columns
both carry values, ``SCHEMA_BREAKPOINTS`` for pairs judged on names, types
and descriptions only.

Regenerate the constants with::

    .venv/bin/python tests/bench/bench_dcl_quality.py --fit-calibration --write \
        [--bench-dir /work/shared/bench/schema-matching]

which refits both curves (Platt scaling, :func:`fit_platt`, each dev case
weighing the same), prints the reliability tables before and after, and
rewrites the two literals below. Refit whenever the scoring changes.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence

Curve = tuple[tuple[float, float], ...]

# (raw score, confidence) pairs, increasing in both coordinates.
INSTANCE_BREAKPOINTS: Curve = (
    (0.0, 0.0003),
    (0.05, 0.0006),
    (0.1, 0.0011),
    (0.15, 0.0021),
    (0.2, 0.0039),
    (0.25, 0.0073),
    (0.3, 0.0137),
    (0.35, 0.0256),
    (0.4, 0.0472),
    (0.45, 0.0853),
    (0.5, 0.1496),
    (0.55, 0.249),
    (0.6, 0.3846),
    (0.65, 0.5409),
    (0.7, 0.6895),
    (0.75, 0.8072),
    (0.8, 0.8875),
    (0.85, 0.937),
    (0.9, 0.9656),
    (0.95, 0.9814),
    (1.0, 0.9901),
)
SCHEMA_BREAKPOINTS: Curve = (
    (0.0, 0.0013),
    (0.05, 0.002),
    (0.1, 0.003),
    (0.15, 0.0047),
    (0.2, 0.0073),
    (0.25, 0.0114),
    (0.3, 0.0176),
    (0.35, 0.0271),
    (0.4, 0.0416),
    (0.45, 0.0632),
    (0.5, 0.0951),
    (0.55, 0.1405),
    (0.6, 0.2028),
    (0.65, 0.2836),
    (0.7, 0.3812),
    (0.75, 0.4894),
    (0.8, 0.5986),
    (0.85, 0.6989),
    (0.9, 0.7832),
    (0.95, 0.8489),
    (1.0, 0.8974),
)
IDENTITY: Curve = ((0.0, 0.0), (1.0, 1.0))
INSTANCE = "instance"
SCHEMA = "schema"


def curve_for(kind: str) -> Curve:
    """The fitted curve for an evidence kind (``"instance"`` or ``"schema"``)."""
    return INSTANCE_BREAKPOINTS if kind == INSTANCE else SCHEMA_BREAKPOINTS


def calibrate(raw: float, breakpoints: Sequence[tuple[float, float]] = IDENTITY) -> float:
    """Map a raw score to a confidence by linear interpolation between breakpoints."""
    xs = [x for x, _ in breakpoints]
    if raw <= xs[0]:
        return breakpoints[0][1]
    if raw >= xs[-1]:
        return breakpoints[-1][1]
    i = bisect.bisect_right(xs, raw)
    (x0, y0), (x1, y1) = breakpoints[i - 1], breakpoints[i]
    if x1 == x0:
        return y1
    return y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


def fit_isotonic(
    samples: Sequence[tuple[float, bool]] | Sequence[tuple[float, bool, float]],
    *,
    bins: int = 12,
) -> tuple[tuple[float, float], ...]:
    """Fit breakpoints on (raw score, was right[, weight]) samples.

    Samples are grouped into ``bins`` bins of equal total weight by score;
    pool adjacent violators makes the bins' weighted hit rates non-decreasing;
    each pooled block gives one breakpoint at its weighted mean score. The
    curve is anchored at (0, 0) and runs flat to raw 1.0 after the last block.
    """
    if not samples:
        return IDENTITY
    weighted = sorted((s[0], bool(s[1]), float(s[2]) if len(s) > 2 else 1.0) for s in samples)
    total = sum(w for _, _, w in weighted)
    per_bin = total / bins
    chunks: list[list[tuple[float, bool, float]]] = [[]]
    filled = 0.0
    for sample in weighted:
        if filled >= per_bin and chunks[-1]:
            chunks.append([])
            filled = 0.0
        chunks[-1].append(sample)
        filled += sample[2]
    blocks: list[list[float]] = []  # [weighted score sum, weighted hits, weight]
    for chunk in chunks:
        blocks.append(
            [
                sum(s * w for s, _, w in chunk),
                sum(w for _, ok, w in chunk if ok),
                sum(w for _, _, w in chunk),
            ]
        )
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] > blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            for k in range(3):
                blocks[-1][k] += last[k]
    points: list[tuple[float, float]] = [(0.0, 0.0)]
    for score_sum, hits, weight in blocks:
        x = round(score_sum / weight, 4)
        y = round(hits / weight, 4)
        if x > points[-1][0]:
            points.append((x, max(y, points[-1][1])))
    if points[-1][0] < 1.0:
        points.append((1.0, points[-1][1]))
    return tuple(points)


def fit_platt(
    samples: Sequence[tuple[float, bool]] | Sequence[tuple[float, bool, float]],
    *,
    iterations: int = 200,
    knots: int = 21,
) -> Curve:
    """Fit a logistic curve ``p = 1 / (1 + exp(-(a * raw + b)))`` on (raw score,
    was right[, weight]) samples by Newton's method, with Platt's smoothed
    targets, and return it as breakpoints at ``knots`` evenly spaced scores.

    A two-parameter curve cannot overfit a few dozen samples the way binned
    isotonic regression does, and it is monotone whenever ``a >= 0``.
    """
    rows = [(s[0], bool(s[1]), float(s[2]) if len(s) > 2 else 1.0) for s in samples]
    if not rows:
        return IDENTITY
    positives = sum(1 for _, ok, _ in rows if ok)
    negatives = len(rows) - positives
    hi = (positives + 1.0) / (positives + 2.0)
    lo = 1.0 / (negatives + 2.0)
    a, b = 1.0, 0.0
    for _ in range(iterations):
        g_a = g_b = h_aa = h_ab = h_bb = 0.0
        for x, ok, w in rows:
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            t = hi if ok else lo
            d = (p - t) * w
            v = max(p * (1.0 - p), 1e-9) * w
            g_a += d * x
            g_b += d
            h_aa += v * x * x
            h_ab += v * x
            h_bb += v
        det = h_aa * h_bb - h_ab * h_ab + 1e-12
        step_a = (h_bb * g_a - h_ab * g_b) / det
        step_b = (h_aa * g_b - h_ab * g_a) / det
        a, b = a - step_a, b - step_b
        if abs(step_a) + abs(step_b) < 1e-9:
            break
    a = max(a, 0.0)
    points = []
    for i in range(knots):
        x = i / (knots - 1)
        points.append((round(x, 4), round(1.0 / (1.0 + math.exp(-(a * x + b))), 4)))
    return tuple(points)


def reliability_table(
    samples: Sequence[tuple[float, bool]],
    edges: Sequence[float] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001),
) -> list[tuple[float, float, int, float, float]]:
    """Rows (low, high, count, mean confidence, share right) per confidence bin."""
    rows: list[tuple[float, float, int, float, float]] = []
    for low, high in itertools.pairwise(edges):
        inside = [(c, ok) for c, ok in samples if low <= c < high]
        if inside:
            mean_conf = sum(c for c, _ in inside) / len(inside)
            share = sum(1 for _, ok in inside if ok) / len(inside)
        else:
            mean_conf = share = 0.0
        rows.append((low, min(high, 1.0), len(inside), mean_conf, share))
    return rows
