"""Calibration curves: shipped constants are monotone; fitting is monotone."""

import pytest

from autonomos_dcl.mapping.calibration import (
    INSTANCE_BREAKPOINTS,
    SCHEMA_BREAKPOINTS,
    calibrate,
    fit_isotonic,
    fit_platt,
    reliability_table,
)


@pytest.mark.parametrize("curve", [INSTANCE_BREAKPOINTS, SCHEMA_BREAKPOINTS])
def test_shipped_curves_are_monotone_and_within_unit_interval(
    curve: tuple[tuple[float, float], ...],
) -> None:
    xs = [x for x, _ in curve]
    ys = [y for _, y in curve]
    assert xs == sorted(xs) and xs[0] == 0.0 and xs[-1] == 1.0
    assert ys == sorted(ys)
    assert all(0.0 <= y <= 1.0 for y in ys)
    values = [calibrate(i / 100, curve) for i in range(101)]
    assert values == sorted(values)
    assert values[-1] > values[0]


def test_calibrate_interpolates_and_clamps() -> None:
    curve = ((0.0, 0.0), (0.5, 0.2), (1.0, 1.0))
    assert calibrate(0.25, curve) == pytest.approx(0.1)
    assert calibrate(0.75, curve) == pytest.approx(0.6)
    assert calibrate(-1.0, curve) == 0.0
    assert calibrate(2.0, curve) == 1.0


def _samples() -> list[tuple[float, bool]]:
    # Right more often as the score grows: 10% at 0.1 ... 90% at 0.9.
    out: list[tuple[float, bool]] = []
    for tenth in range(1, 10):
        score = tenth / 10
        out += [(score, i < tenth) for i in range(10)]
    return out


def test_platt_fit_is_monotone_and_tracks_the_hit_rate() -> None:
    curve = fit_platt(_samples())
    assert [y for _, y in curve] == sorted(y for _, y in curve)
    assert calibrate(0.1, curve) < 0.3
    assert calibrate(0.9, curve) > 0.7
    assert calibrate(0.5, curve) == pytest.approx(0.5, abs=0.1)


def test_isotonic_fit_is_monotone() -> None:
    noisy = [*_samples(), (0.15, True), (0.85, False)]
    curve = fit_isotonic(noisy, bins=6)
    assert [y for _, y in curve] == sorted(y for _, y in curve)


def test_reliability_table_counts_and_rates() -> None:
    rows = reliability_table([(0.95, True), (0.92, False), (0.55, False)], edges=(0.0, 0.9, 1.01))
    assert rows[0][2] == 1 and rows[0][4] == 0.0
    assert rows[1][2] == 2 and rows[1][4] == 0.5
