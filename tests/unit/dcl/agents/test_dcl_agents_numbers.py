"""Rounding, change, robust z-scores and severities."""

import math

import pytest

from autonomos_dcl.agents.numbers import (
    change_pct,
    format_money,
    money,
    pct,
    robust_z,
    severity_for_amount,
    share_pct,
)


def test_robust_z_is_the_modified_z_score() -> None:
    # median 10, MAD 2: 0.6745 * (20 - 10) / 2
    assert robust_z(20.0, 10.0, 2.0) == pytest.approx(3.3725)
    assert robust_z(6.0, 10.0, 2.0) == pytest.approx(-1.349)


def test_robust_z_without_spread_is_undefined() -> None:
    assert robust_z(20.0, 10.0, 0.0) is None
    assert robust_z(1.0, 0.0, 0.0, min_mad_ratio=0.5) is None
    assert robust_z(math.nan, 10.0, 1.0) is None


def test_robust_z_floors_the_mad_relative_to_the_median() -> None:
    # MAD 0 floored at 0.05 * 100 = 5
    assert robust_z(110.0, 100.0, 0.0, min_mad_ratio=0.05) == pytest.approx(0.6745 * 10 / 5)
    # a MAD above the floor is kept
    assert robust_z(110.0, 100.0, 10.0, min_mad_ratio=0.05) == pytest.approx(0.6745)


def test_change_and_share() -> None:
    assert change_pct(150.0, 100.0) == pytest.approx(50.0)
    assert change_pct(50.0, 0.0) is None
    assert share_pct(25.0, 200.0) == pytest.approx(12.5)
    assert share_pct(1.0, 0.0) is None


def test_rounding() -> None:
    assert money(1.005 + 1e-9) == 1.01
    assert money(None) is None
    assert str(money(-0.001)) == "0.0"
    assert pct(12.345) == 12.3


def test_severity_for_amount() -> None:
    assert severity_for_amount(500, high=500, medium=100) == "high"
    assert severity_for_amount(499.99, high=500, medium=100) == "medium"
    assert severity_for_amount(99, high=500, medium=100) == "low"


def test_format_money() -> None:
    assert format_money(1234.5) == "$1,234.50"
    assert format_money(-3.0) == "-$3.00"
