"""The shared world behind the demo sources: companies and cloud resources.

Every demo table is a view of this world in one system's style, which keeps
the systems consistent: the same companies appear in Dynamics and Salesforce
(with deliberately conflicting revenue/industry and name variants), deals
reference accounts of their own system, costs and metrics refer to existing
resources. Everything is drawn from seeded generators and numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from autonomos_dcl.sources.demo import text

ANCHOR_DAY = np.datetime64("2025-03-31", "D")
"""The demo's "today": costs cover the 90 days up to it; deals close around it."""
ANOMALY_DAY = ANCHOR_DAY - np.timedelta64(10, "D")
"""Compute costs of this day are about nine times the usual (the cost anomaly)."""

STEMS = (
    "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli",
    "Soylent", "Tyrell", "Cyberdyne", "Massive", "Vandelay", "Oscorp", "Aperture",
    "Monarch", "Nakatomi", "Dunder", "Prestige", "Sterling", "Bluth", "Sirius",
    "Virtucon", "Gekko", "Krusty", "Duff", "Wernham", "Nimbus", "Octan", "Primatech",
    "Rekall", "Spacely", "Cogswell", "Tessier", "Ingen", "Weyland", "Zenith", "Helix",
    "Vortex", "Quantum", "Pinnacle", "Summit", "Northwind", "Contoso", "Fabrikam",
    "Tailspin", "Adventure", "Litware", "Proseware", "Wingtip",
)  # fmt: skip
SECOND_WORDS = (
    "", "Cloud", "Digital", "Analytics", "Logistics", "Health", "Energy", "Financial",
    "Media", "Robotics", "Foods", "Pharma", "Networks", "Labs", "Capital", "Retail",
    "Motors", "Aerospace", "Security", "Software",
)  # fmt: skip
SUFFIXES = (
    ("Corp", "Corporation"),
    ("Inc", "Incorporated"),
    ("Ltd", "Limited"),
    ("LLC", "L.L.C."),
    ("Group", "Group Holdings"),
    ("Co", "Company"),
    ("Industries", "Industries International"),
    ("Partners", "Partners LLP"),
)
INDUSTRIES = (
    "Technology", "Manufacturing", "Financial Services", "Healthcare", "Retail",
    "Energy", "Media", "Transportation", "Education", "Telecommunications",
    "Hospitality", "Government",
)  # fmt: skip
COUNTRIES = (
    "United States",
    "Germany",
    "United Kingdom",
    "France",
    "Canada",
    "Japan",
    "Australia",
    "Netherlands",
    "India",
    "Brazil",
)
REGIONS = ("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1")
REGION_WEIGHTS = (0.35, 0.1, 0.2, 0.15, 0.12, 0.08)

KINDS = ("EC2", "RDS", "EBS", "S3")
KIND_WEIGHTS = (0.55, 0.15, 0.18, 0.12)
CATEGORIES = ("Compute", "Database", "Storage", "Storage")
"""Service category of each kind (same order as :data:`KINDS`)."""
EC2, RDS, EBS, S3 = range(4)

INSTANCE_TYPES = (
    # name, vcpus, memory GiB, hourly USD, kind
    ("t3.medium", 2, 4.0, 0.0416, EC2),
    ("m5.large", 2, 8.0, 0.096, EC2),
    ("m5.xlarge", 4, 16.0, 0.192, EC2),
    ("m5.2xlarge", 8, 32.0, 0.384, EC2),
    ("c5.2xlarge", 8, 16.0, 0.34, EC2),
    ("r5.xlarge", 4, 32.0, 0.252, EC2),
    ("m5.8xlarge", 32, 128.0, 1.536, EC2),
    ("r5.4xlarge", 16, 128.0, 1.008, EC2),
    ("db.t3.medium", 2, 4.0, 0.068, RDS),
    ("db.m5.large", 2, 8.0, 0.171, RDS),
    ("db.r5.xlarge", 4, 32.0, 0.50, RDS),
    ("db.r5.4xlarge", 16, 128.0, 2.00, RDS),
)
_EC2_NORMAL = np.array([0, 1, 2, 3, 4, 5])
_EC2_LARGE = np.array([6, 7])
_RDS_ALL = np.array([8, 9, 10, 11])
STORAGE_PRICE = {EBS: 0.08, S3: 0.023}
"""USD per GB-month."""
HOURS_PER_MONTH = 730


def rows(base: int, scale: float) -> int:
    """Row count of a table with ``base`` rows at scale 1 (at least 1)."""
    return max(1, round(base * scale))


@dataclass(frozen=True)
class Sizes:
    """How many companies and resources exist, and which ones each system holds.

    Dynamics holds companies ``[0, dynamics)``; Salesforce holds
    ``[0, shared)`` and ``[dynamics, companies)``, so ``[0, shared)`` appear in
    both. Snowflake tracks resources ``[0, snowflake_resources)``; the legacy
    database tracks the last ``legacy_resources`` of the pool (they overlap).
    """

    companies: int
    dynamics: int
    shared: int
    resources: int
    snowflake_resources: int
    legacy_resources: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        companies = rows(320, scale)
        dynamics = min(rows(200, scale), companies)
        salesforce = min(rows(250, scale), companies)
        resources = rows(270, scale)
        return cls(
            companies=companies,
            dynamics=dynamics,
            shared=max(1, salesforce - (companies - dynamics)),
            resources=resources,
            snowflake_resources=min(rows(200, scale), resources),
            legacy_resources=min(rows(150, scale), resources),
        )

    @property
    def salesforce_companies(self) -> npt.NDArray[np.int64]:
        """Company indices held by Salesforce."""
        return np.concatenate(
            [np.arange(self.shared), np.arange(self.dynamics, self.companies)]
        ).astype(np.int64)

    @property
    def legacy_first(self) -> int:
        """Index of the first resource tracked by the legacy database."""
        return self.resources - self.legacy_resources


@dataclass(frozen=True)
class Companies:
    """Company facts; Salesforce sees ``variant_name`` and slightly different figures."""

    index: npt.NDArray[np.int64]
    name: pa.Array
    variant_name: pa.Array
    domain: pa.Array
    industry: npt.NDArray[np.int64]
    variant_industry: npt.NDArray[np.int64]
    revenue: npt.NDArray[np.float64]
    variant_revenue: npt.NDArray[np.float64]
    employees: npt.NDArray[np.int64]
    created: npt.NDArray[np.datetime64]
    country: npt.NDArray[np.int64]
    at_risk: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Resources:
    """Cloud resources; instance columns are -1 / NaN where they do not apply."""

    index: npt.NDArray[np.int64]
    resource_id: pa.Array
    kind: npt.NDArray[np.int64]
    region: npt.NDArray[np.int64]
    instance: npt.NDArray[np.int64]
    storage_gb: npt.NDArray[np.float64]
    cpu: npt.NDArray[np.float64]
    memory: npt.NDArray[np.float64]
    network_in_gb: npt.NDArray[np.float64]
    network_out_gb: npt.NDArray[np.float64]
    monthly_cost: npt.NDArray[np.float64]
    launched: npt.NDArray[np.datetime64]

    @property
    def is_compute(self) -> npt.NDArray[np.bool_]:
        return self.instance >= 0

    def vcpus(self) -> npt.NDArray[np.float64]:
        table = np.array([t[1] for t in INSTANCE_TYPES], dtype=np.float64)
        return np.where(self.is_compute, table[np.maximum(self.instance, 0)], np.nan)

    def memory_gb(self) -> npt.NDArray[np.float64]:
        table = np.array([t[2] for t in INSTANCE_TYPES], dtype=np.float64)
        return np.where(self.is_compute, table[np.maximum(self.instance, 0)], np.nan)

    def instance_names(self) -> pa.Array:
        names = text.take([t[0] for t in INSTANCE_TYPES], np.maximum(self.instance, 0))
        return pc.if_else(pa.array(self.is_compute), names, pa.scalar(None, pa.string()))


@dataclass(frozen=True)
class World:
    """Everything the table builders draw from."""

    seed: int
    scale: float
    sizes: Sizes
    companies: Companies
    resources: Resources

    def rng(self, stream: str) -> np.random.Generator:
        """An independent seeded generator per table, so tables do not depend on each other."""
        return np.random.default_rng([self.seed, *stream.encode()])


def build_world(scale: float, seed: int) -> World:
    """The world at ``scale`` (1.0 gives a few thousand rows in all)."""
    sizes = Sizes.at(scale)
    return World(
        seed=seed,
        scale=scale,
        sizes=sizes,
        companies=_companies(sizes.companies, np.random.default_rng([seed, 1])),
        resources=_resources(sizes.resources, np.random.default_rng([seed, 2])),
    )


def _companies(n: int, rng: np.random.Generator) -> Companies:
    index = np.arange(n, dtype=np.int64)
    stems, words, suffixes = len(STEMS), len(SECOND_WORDS), len(SUFFIXES)
    stem = index % stems
    word = (index // stems) % words
    suffix = (index // (stems * words)) % suffixes
    rounds = index // (stems * words * suffixes)
    head = text.join(text.take(STEMS, stem), text.take(SECOND_WORDS, word))
    head = pc.utf8_trim_whitespace(head)
    number = pc.cast(pa.array(rounds + 1), pa.string())
    has_number = pa.array(rounds > 0)

    def numbered(names: pa.Array) -> pa.Array:
        return pc.if_else(has_number, text.join(names, number), names)

    name = numbered(text.join(head, text.take([s for s, _ in SUFFIXES], suffix)))
    variant = numbered(
        text.join(pc.utf8_upper(head), text.take([long for _, long in SUFFIXES], suffix))
    )
    uses_variant = (text.scramble(index, 11) % np.uint64(3) == 0) | (index == 0)
    domain_stems = [s.lower().replace(" ", "") for s in STEMS]
    domain = text.join(
        text.take(domain_stems, stem),
        pc.utf8_lower(text.take(SECOND_WORDS, word)),
        pc.if_else(has_number, number, ""),
        ".com",
        sep="",
    )

    industry = rng.integers(0, len(INDUSTRIES), n)
    industry_conflict = rng.random(n) < 0.08
    revenue = np.round(rng.lognormal(np.log(3e7), 1.2, n), -3)
    revenue_conflict = rng.random(n) < 0.12
    variant_revenue = np.where(
        revenue_conflict, np.round(revenue * rng.uniform(0.7, 1.4, n), -3), revenue
    )
    employees = np.maximum(5, revenue / rng.uniform(1.5e5, 4e5, n)).astype(np.int64)
    created = (ANCHOR_DAY - rng.integers(200, 3650, n).astype("timedelta64[D]")).astype(
        "datetime64[s]"
    ) + rng.integers(0, 86400, n).astype("timedelta64[s]")
    return Companies(
        index=index,
        name=name,
        variant_name=pc.if_else(pa.array(uses_variant), variant, name),
        domain=domain,
        industry=industry,
        variant_industry=np.where(industry_conflict, (industry + 1) % len(INDUSTRIES), industry),
        revenue=revenue,
        variant_revenue=variant_revenue,
        employees=employees,
        created=created,
        country=rng.choice(len(COUNTRIES), n, p=_country_weights()),
        at_risk=rng.random(n) < 0.15,
    )


def _country_weights() -> npt.NDArray[np.float64]:
    weights = np.array([40, 10, 10, 7, 7, 6, 5, 5, 5, 5], dtype=np.float64)
    return weights / weights.sum()


def _resources(n: int, rng: np.random.Generator) -> Resources:
    index = np.arange(n, dtype=np.int64)
    kind = rng.choice(len(KINDS), n, p=KIND_WEIGHTS)
    idle = rng.random(n) < 0.08
    oversized = ~idle & (rng.random(n) < 0.07)
    instance = np.full(n, -1, dtype=np.int64)
    ec2 = kind == EC2
    instance[ec2] = rng.choice(_EC2_NORMAL, int(ec2.sum()))
    instance[ec2 & oversized] = rng.choice(_EC2_LARGE, int((ec2 & oversized).sum()))
    rds = kind == RDS
    instance[rds] = rng.choice(_RDS_ALL, int(rds.sum()))
    compute = instance >= 0

    cpu = np.where(idle, rng.uniform(0.004, 0.03, n), rng.beta(2.0, 5.0, n))
    cpu = np.where(oversized, rng.uniform(0.03, 0.09, n), cpu)
    memory = np.where(oversized, rng.uniform(0.05, 0.15, n), rng.beta(3.0, 4.0, n))
    memory = np.where(idle, rng.uniform(0.05, 0.2, n), memory)
    storage = np.where(
        kind == S3,
        rng.uniform(100, 50_000, n),
        np.where(kind == EBS, rng.uniform(50, 2000, n), rng.uniform(20, 500, n)),
    ).round(0)
    hourly = np.array([t[3] for t in INSTANCE_TYPES])[np.maximum(instance, 0)]
    storage_price = np.where(kind == S3, STORAGE_PRICE[S3], STORAGE_PRICE[EBS])
    monthly = np.where(compute, hourly * HOURS_PER_MONTH, storage * storage_price).round(2)
    traffic = np.where(idle, 0.02, 1.0)
    launched = (ANCHOR_DAY - rng.integers(30, 1500, n).astype("timedelta64[D]")).astype(
        "datetime64[s]"
    ) + rng.integers(0, 86400, n).astype("timedelta64[s]")
    ids = pc.choose(
        pa.array(kind),
        text.prefixed_hex("i-0", index, 21, 16),
        text.prefixed_hex("db-", index, 22, 16),
        text.prefixed_hex("vol-0", index, 23, 16),
        text.ascii_strings(
            text.literal("arn:aws:s3:::demo-data-", n),
            text.hex_digits(text.scramble(index, 24), 10),
        ),
    )
    return Resources(
        index=index,
        resource_id=ids,
        kind=kind,
        region=rng.choice(len(REGIONS), n, p=REGION_WEIGHTS),
        instance=instance,
        storage_gb=storage,
        cpu=np.where(compute, cpu, np.nan),
        memory=np.where(compute, memory, np.nan),
        network_in_gb=(rng.lognormal(1.0, 1.0, n) * traffic).round(3),
        network_out_gb=(rng.lognormal(0.5, 1.0, n) * traffic).round(3),
        monthly_cost=monthly,
        launched=launched,
    )
