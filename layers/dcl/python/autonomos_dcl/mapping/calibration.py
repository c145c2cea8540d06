"""Turning raw pair scores into calibrated confidences.

The map is a monotone piecewise-linear curve through ``BREAKPOINTS`` (raw
score, probability of being right), fitted with isotonic regression (pool
adjacent violators) on the candidate pairs the matcher proposes for the
``dev/`` cases of the schema-matching benchmark, never the holdout cases.

Regenerate the constants with::

    .venv/bin/python tests/bench/bench_dcl_quality.py --fit-calibration \
        [--bench-dir /work/shared/bench/schema-matching]

which prints a new ``BREAKPOINTS`` literal to paste here (and the
reliability table before and after).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

# (raw score, confidence) pairs, increasing in both coordinates.
BREAKPOINTS: tuple[tuple[float, float], ...] = (
    (0.0, 0.0),
    (1.0, 1.0),
)


def calibrate(raw: float, breakpoints: Sequence[tuple[float, float]] = BREAKPOINTS) -> float:
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
    samples: Sequence[tuple[float, bool]], *, bins: int = 12
) -> tuple[tuple[float, float], ...]:
    """Fit breakpoints on (raw score, was right) samples.

    Samples are grouped into ``bins`` equal-count bins by score; pool adjacent
    violators makes the bins' hit rates non-decreasing; each pooled block gives
    one breakpoint at its mean score. The curve is anchored at (0, 0) and runs
    flat to raw 1.0 after the last block.
    """
    if not samples:
        return BREAKPOINTS
    ordered = sorted(samples)
    size = max(1, len(ordered) // bins)
    blocks: list[list[float]] = []  # [sum_score, sum_hits, count]
    for start in range(0, len(ordered), size):
        chunk = ordered[start : start + size]
        blocks.append(
            [sum(s for s, _ in chunk), float(sum(1 for _, ok in chunk if ok)), float(len(chunk))]
        )
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] > blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            for k in range(3):
                blocks[-1][k] += last[k]
    points: list[tuple[float, float]] = [(0.0, 0.0)]
    for score_sum, hits, count in blocks:
        x = round(score_sum / count, 4)
        y = round(hits / count, 4)
        if x > points[-1][0]:
            points.append((x, max(y, points[-1][1])))
    if points[-1][0] < 1.0:
        points.append((1.0, points[-1][1]))
    return tuple(points)


def reliability_table(
    samples: Sequence[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
) -> list[tuple[float, float, int, float, float]]:
    """Rows (low, high, count, mean confidence, share right) per confidence bin."""
    rows: list[tuple[float, float, int, float, float]] = []
    for low, high in zip(edges, edges[1:], strict=False):
        inside = [(c, ok) for c, ok in samples if low <= c < high]
        if inside:
            mean_conf = sum(c for c, _ in inside) / len(inside)
            share = sum(1 for _, ok in inside if ok) / len(inside)
        else:
            mean_conf = share = 0.0
        rows.append((low, min(high, 1.0), len(inside), mean_conf, share))
    return rows


def uncalibrate(confidence: float, breakpoints: Sequence[tuple[float, float]] = BREAKPOINTS) -> float:
    """The raw score whose calibrated confidence is ``confidence`` (inverse of
    :func:`calibrate` where the curve rises; the lowest such score on a flat part)."""
    ys = [y for _, y in breakpoints]
    if confidence <= ys[0]:
        return breakpoints[0][0]
    if confidence >= ys[-1]:
        return next(x for x, y in breakpoints if y >= ys[-1])
    i = bisect.bisect_left(ys, confidence)
    (x0, y0), (x1, y1) = breakpoints[i - 1], breakpoints[i]
    if y1 == y0:
        return x0
    return x0 + (x1 - x0) * (confidence - y0) / (y1 - y0)
