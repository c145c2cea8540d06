"""The instance size ladder and downsizing suggestions."""

import pytest

from autonomos_dcl.agents.sizes import (
    INSTANCE_SIZES,
    instance_size,
    smaller_sizes,
    suggest_downsize,
)


def test_smaller_sizes_are_the_family_below_nearest_first() -> None:
    assert [s.name for s in smaller_sizes("m5.4xlarge")] == ["m5.2xlarge", "m5.xlarge", "m5.large"]
    assert smaller_sizes("m5.large") == ()
    assert smaller_sizes("x9.huge") == ()


def test_lookup_ignores_case_and_blanks() -> None:
    found = instance_size(" M5.2XLarge ")
    assert found is not None and found.name == "m5.2xlarge"
    assert (found.vcpus, found.memory_gb) == (8, 32.0)


def test_every_ladder_grows_in_capacity_and_price() -> None:
    for size in INSTANCE_SIZES.values():
        below = smaller_sizes(size.name)
        if below:
            assert below[0].family == size.family
            assert below[0].hourly_usd < size.hourly_usd
            assert below[0].vcpus <= size.vcpus and below[0].memory_gb < size.memory_gb


def test_suggests_the_smallest_size_within_targets() -> None:
    # 5% CPU, 10% memory on m5.8xlarge: 4xlarge 10/20, 2xlarge 20/40, xlarge 40/80 (too much memory)
    found = suggest_downsize(
        "m5.8xlarge", 5.0, 10.0, target_cpu_pct=40, target_memory_pct=50, max_steps=3
    )
    assert found is not None
    assert found.suggested.name == "m5.2xlarge"
    assert found.steps == 2
    assert found.projected_cpu_pct == pytest.approx(20.0)
    assert found.projected_memory_pct == pytest.approx(40.0)
    assert found.vcpu_ratio == pytest.approx(0.25)
    assert found.price_ratio == pytest.approx(0.384 / 1.536)
    assert found.monthly_saving(1000.0) == pytest.approx(750.0)


def test_max_steps_caps_the_descent() -> None:
    found = suggest_downsize(
        "m5.8xlarge", 1.0, 1.0, target_cpu_pct=40, target_memory_pct=50, max_steps=1
    )
    assert found is not None and found.suggested.name == "m5.4xlarge"


def test_no_suggestion_when_the_next_size_would_be_too_busy() -> None:
    assert (
        suggest_downsize(
            "m5.2xlarge", 30.0, 10.0, target_cpu_pct=40, target_memory_pct=50, max_steps=3
        )
        is None
    )


def test_no_suggestion_for_unknown_or_smallest_types() -> None:
    kwargs = {"target_cpu_pct": 40.0, "target_memory_pct": 50.0, "max_steps": 3}
    assert suggest_downsize("x9.huge", 1.0, 1.0, **kwargs) is None  # type: ignore[arg-type]
    assert suggest_downsize("m5.large", 1.0, 1.0, **kwargs) is None  # type: ignore[arg-type]


def test_burstable_steps_keep_vcpus_and_project_cpu_unchanged() -> None:
    found = suggest_downsize(
        "t3.medium", 10.0, 20.0, target_cpu_pct=40, target_memory_pct=50, max_steps=1
    )
    assert found is not None and found.suggested.name == "t3.small"
    assert found.projected_cpu_pct == pytest.approx(10.0)
    assert found.projected_memory_pct == pytest.approx(40.0)
