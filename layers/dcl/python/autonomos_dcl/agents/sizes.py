"""A built-in ladder of AWS instance sizes and the downsizing it suggests.

Each family (``m5``, ``c5``, ``r5``, ``t3`` and their RDS ``db.`` forms)
lists its sizes from smallest to largest with vCPUs, memory (GiB) and the
on-demand hourly price (us-east-1, Linux / single-AZ MySQL). Only the
*ratios* between sizes of one family are used: a saving is the resource's
own monthly cost times ``1 - price ratio``, so regional prices and
discounts carry over.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InstanceSize:
    """One instance type: ``family.size`` with its capacity and list price."""

    name: str
    family: str
    vcpus: int
    memory_gb: float
    hourly_usd: float


def _family(family: str, *sizes: tuple[str, int, float, float]) -> tuple[InstanceSize, ...]:
    return tuple(InstanceSize(f"{family}.{s}", family, v, m, p) for s, v, m, p in sizes)


_LADDERS: tuple[tuple[InstanceSize, ...], ...] = (
    _family(
        "t3",
        ("nano", 2, 0.5, 0.0052),
        ("micro", 2, 1.0, 0.0104),
        ("small", 2, 2.0, 0.0208),
        ("medium", 2, 4.0, 0.0416),
        ("large", 2, 8.0, 0.0832),
        ("xlarge", 4, 16.0, 0.1664),
        ("2xlarge", 8, 32.0, 0.3328),
    ),
    _family(
        "m5",
        ("large", 2, 8.0, 0.096),
        ("xlarge", 4, 16.0, 0.192),
        ("2xlarge", 8, 32.0, 0.384),
        ("4xlarge", 16, 64.0, 0.768),
        ("8xlarge", 32, 128.0, 1.536),
        ("12xlarge", 48, 192.0, 2.304),
        ("16xlarge", 64, 256.0, 3.072),
        ("24xlarge", 96, 384.0, 4.608),
    ),
    _family(
        "c5",
        ("large", 2, 4.0, 0.085),
        ("xlarge", 4, 8.0, 0.17),
        ("2xlarge", 8, 16.0, 0.34),
        ("4xlarge", 16, 32.0, 0.68),
        ("9xlarge", 36, 72.0, 1.53),
        ("12xlarge", 48, 96.0, 2.04),
        ("18xlarge", 72, 144.0, 3.06),
        ("24xlarge", 96, 192.0, 4.08),
    ),
    _family(
        "r5",
        ("large", 2, 16.0, 0.126),
        ("xlarge", 4, 32.0, 0.252),
        ("2xlarge", 8, 64.0, 0.504),
        ("4xlarge", 16, 128.0, 1.008),
        ("8xlarge", 32, 256.0, 2.016),
        ("12xlarge", 48, 384.0, 3.024),
        ("16xlarge", 64, 512.0, 4.032),
        ("24xlarge", 96, 768.0, 6.048),
    ),
    _family(
        "db.t3",
        ("micro", 2, 1.0, 0.017),
        ("small", 2, 2.0, 0.034),
        ("medium", 2, 4.0, 0.068),
        ("large", 2, 8.0, 0.136),
        ("xlarge", 4, 16.0, 0.272),
        ("2xlarge", 8, 32.0, 0.544),
    ),
    _family(
        "db.m5",
        ("large", 2, 8.0, 0.171),
        ("xlarge", 4, 16.0, 0.342),
        ("2xlarge", 8, 32.0, 0.684),
        ("4xlarge", 16, 64.0, 1.368),
        ("8xlarge", 32, 128.0, 2.736),
        ("12xlarge", 48, 192.0, 4.104),
        ("16xlarge", 64, 256.0, 5.472),
        ("24xlarge", 96, 384.0, 8.208),
    ),
    _family(
        "db.r5",
        ("large", 2, 16.0, 0.25),
        ("xlarge", 4, 32.0, 0.50),
        ("2xlarge", 8, 64.0, 1.00),
        ("4xlarge", 16, 128.0, 2.00),
        ("8xlarge", 32, 256.0, 4.00),
        ("12xlarge", 48, 384.0, 6.00),
        ("16xlarge", 64, 512.0, 8.00),
        ("24xlarge", 96, 768.0, 12.00),
    ),
)

INSTANCE_SIZES: dict[str, InstanceSize] = {s.name: s for ladder in _LADDERS for s in ladder}
"""Every known instance type by name (lower case)."""
_LADDER_OF: dict[str, tuple[InstanceSize, ...]] = {
    s.name: ladder for ladder in _LADDERS for s in ladder
}


def instance_size(name: str) -> InstanceSize | None:
    """The size called ``name`` (case and surrounding blanks ignored), or None."""
    return INSTANCE_SIZES.get(name.strip().lower())


def smaller_sizes(name: str) -> tuple[InstanceSize, ...]:
    """The sizes below ``name`` in its family, nearest first (empty when unknown)."""
    key = name.strip().lower()
    ladder = _LADDER_OF.get(key)
    if ladder is None:
        return ()
    position = next(i for i, s in enumerate(ladder) if s.name == key)
    return tuple(reversed(ladder[:position]))


@dataclass(frozen=True)
class Downsize:
    """A suggested smaller size and what it implies.

    Ratios are suggested / current; projected utilisations scale the current
    ones by the inverse capacity ratio (the same work on less capacity).
    """

    current: InstanceSize
    suggested: InstanceSize
    steps: int
    projected_cpu_pct: float
    projected_memory_pct: float

    @property
    def vcpu_ratio(self) -> float:
        return self.suggested.vcpus / self.current.vcpus

    @property
    def memory_ratio(self) -> float:
        return self.suggested.memory_gb / self.current.memory_gb

    @property
    def price_ratio(self) -> float:
        return self.suggested.hourly_usd / self.current.hourly_usd

    def monthly_saving(self, monthly_cost: float) -> float:
        """What the resource's ``monthly_cost`` drops by at the suggested size."""
        return monthly_cost * (1.0 - self.price_ratio)


def suggest_downsize(
    instance_type: str,
    cpu_pct: float,
    memory_pct: float,
    *,
    target_cpu_pct: float,
    target_memory_pct: float,
    max_steps: int,
) -> Downsize | None:
    """The smallest size at most ``max_steps`` below ``instance_type`` whose projected
    CPU and memory utilisation stay at or under the targets; None when there
    is none (unknown type, already the smallest, or the next size down would
    already be too busy). Sizes that save nothing are skipped.
    """
    current = instance_size(instance_type)
    if current is None or cpu_pct < 0 or memory_pct < 0:
        return None
    best: Downsize | None = None
    for steps, candidate in enumerate(smaller_sizes(current.name)[:max_steps], start=1):
        cpu = cpu_pct * current.vcpus / candidate.vcpus
        memory = memory_pct * current.memory_gb / candidate.memory_gb
        if cpu > target_cpu_pct or memory > target_memory_pct:
            break
        if candidate.hourly_usd < current.hourly_usd:
            best = Downsize(current, candidate, steps, cpu, memory)
    return best
