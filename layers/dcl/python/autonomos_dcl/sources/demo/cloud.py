"""Demo tables of the cloud-cost systems: SAP ERP, NetSuite, a legacy SQL
database and Snowflake (AWS cost and usage exports).

Costs refer to resources of the shared pool; metrics cover every resource of
the system that tracks it; idle and over-sized resources and a cost anomaly
(compute spend on :data:`ANOMALY_DAY`) are there for the FinOps agent to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from autonomos_dcl.sources.demo import text
from autonomos_dcl.sources.demo.world import (
    ANCHOR_DAY,
    ANOMALY_DAY,
    CATEGORIES,
    EBS,
    EC2,
    KINDS,
    REGIONS,
    World,
    rows,
)

ANOMALY_FACTOR = 9.0
_ANOMALY_SHARE = 0.015
_METRIC_DAYS = 3
_VENDORS = (
    "Amazon Web Services",
    "Microsoft Azure",
    "Google Cloud",
    "Snowflake",
    "Datadog",
    "MongoDB Atlas",
)


@dataclass(frozen=True)
class _CostLines:
    """Daily cost lines: which resource, which day, how much."""

    resource: npt.NDArray[np.int64]
    day: npt.NDArray[np.datetime64]
    cost: npt.NDArray[np.float64]
    usage: npt.NDArray[np.float64]

    def kinds(self, world: World) -> npt.NDArray[np.int64]:
        return world.resources.kind[self.resource]


def _cost_lines(
    world: World, rng: np.random.Generator, n: int, first: int, stop: int
) -> _CostLines:
    """``n`` daily lines over the 90 days to the anchor day for resources ``[first, stop)``."""
    res = world.resources
    resource = rng.integers(first, stop, n)
    day = ANCHOR_DAY - rng.integers(0, 90, n).astype("timedelta64[D]")
    # A runaway-compute day: a share of the lines (at least one) become compute
    # lines on the anomaly day, and every compute line of that day costs ANOMALY_FACTOR times more.
    compute = first + np.flatnonzero(res.kind[first:stop] == EC2)
    if len(compute):
        spiked = max(1, round(n * _ANOMALY_SHARE))
        resource[:spiked] = rng.choice(compute, spiked)
        day[:spiked] = ANOMALY_DAY
    daily = res.monthly_cost[resource] / 30.0 * rng.lognormal(0.0, 0.1, n)
    kind = res.kind[resource]
    anomaly = (day == ANOMALY_DAY) & (kind == EC2)
    cost = np.round(np.where(anomaly, daily * ANOMALY_FACTOR, daily), 2).astype(np.float64)
    usage = np.where(res.instance[resource] >= 0, 24.0, res.storage_gb[resource] / 30.0).round(3)
    return _CostLines(resource=resource, day=day, cost=cost, usage=usage)


def _categories(kinds: npt.NDArray[np.int64]) -> pa.Array:
    return text.take(CATEGORIES, kinds)


def _usage_types(world: World, lines: _CostLines) -> pa.Array:
    n = len(lines.resource)
    instance = world.resources.instance_names().take(pa.array(lines.resource))
    return pc.choose(
        pa.array(lines.kinds(world)),
        text.join("BoxUsage:", instance, sep=""),
        text.join("InstanceUsage:", instance, sep=""),
        pa.repeat("EBS:VolumeUsage.gp3", n),
        pa.repeat("TimedStorage-ByteHrs", n),
    )


def _region_of(world: World, resource: npt.NDArray[np.int64]) -> pa.Array:
    return text.take(REGIONS, world.resources.region[resource])


def sap_billing_items(world: World) -> pa.Table:
    rng = world.rng("sap.BILLING_ITEMS")
    n = rows(400, world.scale)
    lines = _cost_lines(world, rng, n, 0, world.sizes.resources)
    kinds = lines.kinds(world)
    category = _categories(kinds)
    return pa.table(
        {
            "VBELN": text.padded("009", np.arange(n, dtype=np.int64), 7),
            "POSNR": pa.repeat("000010", n),
            "FKDAT": text.format_time(lines.day, "%Y%m%d"),
            "KUNNR": text.padded("0000", 100_001 + rng.integers(0, 5, n), 6),
            "MATNR": text.join("CLD-", pc.utf8_upper(text.take(KINDS, kinds)), sep=""),
            "MATKL": pc.utf8_upper(category),
            "ARKTX": text.join(text.take(KINDS, kinds), "usage", _region_of(world, lines.resource)),
            "FKIMG": pa.array(lines.usage),
            "VRKME": pa.array(np.where(world.resources.instance[lines.resource] >= 0, "H", "GB")),
            "NETWR": pa.array(lines.cost),
            "WAERK": text.pick(rng, ("USD", "EUR"), n, p=[0.9, 0.1]),
            "ZZRESID": world.resources.resource_id.take(pa.array(lines.resource)),
        }
    )


def sap_cloud_invoices(world: World) -> pa.Table:
    rng = world.rng("sap.CLOUD_INVOICES")
    n = rows(100, world.scale)
    day = ANCHOR_DAY - rng.integers(0, 365, n).astype("timedelta64[D]")
    amount = np.round(rng.lognormal(np.log(20_000), 1.0, n), 2)
    return pa.table(
        {
            "BELNR": text.padded("51", np.arange(n, dtype=np.int64), 8),
            "BUKRS": text.pick(rng, ("1000", "2000"), n, p=[0.7, 0.3]),
            "GJAHR": text.format_time(day, "%Y"),
            "BLDAT": text.format_time(day, "%Y%m%d"),
            "LIFNR": text.padded("0000", 300_001 + rng.integers(0, len(_VENDORS), n), 6),
            "WRBTR": pa.array(amount),
            "WAERS": text.pick(rng, ("USD", "EUR"), n, p=[0.85, 0.15]),
            "KOSTL": text.padded("000000", 4100 + rng.integers(0, 8, n) * 10, 4),
            "SGTXT": text.join("Cloud invoice", text.format_time(day, "%Y-%m")),
            "ZZREGION": text.pick(rng, REGIONS, n),
        }
    )


def netsuite_cloud_spend(world: World) -> pa.Table:
    rng = world.rng("netsuite.CloudSpend")
    n = rows(300, world.scale)
    lines = _cost_lines(world, rng, n, 0, world.sizes.resources)
    return pa.table(
        {
            "InternalId": pa.array(10_000 + np.arange(n, dtype=np.int64) * 3),
            "TranDate": text.format_time(lines.day, "%m/%d/%Y"),
            "Vendor": pa.repeat("Amazon Web Services", n),
            "Category": _categories(lines.kinds(world)),
            "ResourceId": world.resources.resource_id.take(pa.array(lines.resource)),
            "Region": _region_of(world, lines.resource),
            "Quantity": pa.array(lines.usage),
            "Amount": text.money_text(lines.cost),
            "Currency": pa.repeat("USD", n),
            "Department": text.pick(rng, ("Engineering", "Data", "Marketing", "IT"), n),
            "Memo": pa.repeat("Daily cloud charge", n),
        }
    )


def netsuite_vendor_contracts(world: World) -> pa.Table:
    rng = world.rng("netsuite.CloudVendorContracts")
    n = rows(20, world.scale)
    start = ANCHOR_DAY - rng.integers(30, 900, n).astype("timedelta64[D]")
    end = start + (365 * rng.integers(1, 4, n)).astype("timedelta64[D]")
    return pa.table(
        {
            "InternalId": pa.array(50_000 + np.arange(n, dtype=np.int64)),
            "ContractNumber": text.padded("CTR-", np.arange(n, dtype=np.int64) + 1, 5),
            "Vendor": text.pick(rng, _VENDORS, n),
            "StartDate": text.format_time(start, "%m/%d/%Y"),
            "EndDate": text.format_time(end, "%m/%d/%Y"),
            "CommittedSpend": text.money_text(np.round(rng.lognormal(np.log(250_000), 0.8, n), -2)),
            "DiscountPct": pa.array(np.round(rng.uniform(0, 30, n), 1)),
            "Status": pa.array(np.where(end < ANCHOR_DAY, "Expired", "Active")),
            "AutoRenew": pa.array(rng.random(n) < 0.6),
        }
    )


def _percent(values: npt.NDArray[np.float64]) -> pa.Array:
    return pa.array(np.round(values * 100.0, 1), from_pandas=True)


def _nullable(values: npt.NDArray[np.float64]) -> pa.Array:
    return pa.array(values, from_pandas=True)


def legacy_cloud_resources(world: World) -> pa.Table:
    rng = world.rng("legacy_sql.CloudResources")
    res = world.resources
    idx = np.arange(world.sizes.legacy_first, world.sizes.resources, dtype=np.int64)
    n = len(idx)
    taken = pa.array(idx)
    people = ("jane.doe", "Raj.Patel", "m.garcia", "Li.Wei", "SAM.OKAFOR", "anna.schmidt")
    return pa.table(
        {
            "res_id": res.resource_id.take(taken),
            "res_type": pc.utf8_lower(text.take(KINDS, res.kind[idx])),
            "region_cd": text.take(REGIONS, res.region[idx]),
            "inst_type": res.instance_names().take(taken),
            "vcpu_cnt": pa.array(res.vcpus()[idx], pa.float64(), from_pandas=True).cast(pa.int16()),
            "mem_gb": _nullable(res.memory_gb()[idx]),
            "disk_gb": pa.array(res.storage_gb[idx]),
            "cpu_util_pct": _percent(res.cpu[idx]),
            "mem_util_pct": _percent(res.memory[idx]),
            "net_in_gb": pa.array(res.network_in_gb[idx]),
            "net_out_gb": pa.array(res.network_out_gb[idx]),
            "mo_cost": pc.cast(pa.array(res.monthly_cost[idx]), pa.string()),
            "create_dt": text.format_time(res.launched[idx], "%Y-%m-%d %H:%M:%S"),
            "owner_email": text.join(text.pick(rng, people, n), "@Example.COM", sep=""),
            "env": text.pick(rng, ("prod", "staging", "dev"), n, p=[0.5, 0.2, 0.3]),
            "is_active": pa.array(np.where(rng.random(n) < 0.9, "Y", "N")),
        }
    )


def _metric_rows(
    first: int, count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.datetime64]]:
    """Resource index and day of each metric row: the last few days for every resource."""
    resource = np.repeat(np.arange(first, first + count, dtype=np.int64), _METRIC_DAYS)
    offsets = np.tile(np.arange(_METRIC_DAYS - 1, -1, -1), count)
    return resource, ANCHOR_DAY - offsets.astype("timedelta64[D]")


def _jitter(rng: np.random.Generator, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.clip(values * rng.uniform(0.85, 1.15, len(values)), 0.0, 1.0)


def legacy_usage_metrics(world: World) -> pa.Table:
    rng = world.rng("legacy_sql.UsageMetrics")
    res = world.resources
    resource, day = _metric_rows(world.sizes.legacy_first, world.sizes.legacy_resources)
    n = len(resource)
    return pa.table(
        {
            "metric_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
            "res_id": res.resource_id.take(pa.array(resource)),
            "sample_dt": text.format_time(day, "%Y-%m-%d"),
            "cpu_util_pct": _percent(_jitter(rng, res.cpu[resource])),
            "mem_util_pct": _percent(_jitter(rng, res.memory[resource])),
            "net_in_gb": pa.array(
                np.round(res.network_in_gb[resource] * rng.uniform(0.8, 1.2, n), 3)
            ),
            "net_out_gb": pa.array(
                np.round(res.network_out_gb[resource] * rng.uniform(0.8, 1.2, n), 3)
            ),
        }
    )


def snowflake_aws_resources(world: World) -> pa.Table:
    rng = world.rng("snowflake.AWS_RESOURCES")
    res = world.resources
    idx = np.arange(world.sizes.snowflake_resources, dtype=np.int64)
    n = len(idx)
    taken = pa.array(idx)
    tags = text.join(
        '{"env": "',
        text.pick(rng, ("prod", "staging", "dev"), n),
        '", "team": "',
        text.pick(rng, ("data", "web", "ml", "platform"), n),
        '"}',
        sep="",
    )
    return pa.table(
        {
            "RESOURCE_ID": res.resource_id.take(taken),
            "RESOURCE_TYPE": text.take(KINDS, res.kind[idx]),
            "REGION": text.take(REGIONS, res.region[idx]),
            "INSTANCE_TYPE": res.instance_names().take(taken),
            "VCPU_COUNT": pa.array(res.vcpus()[idx], from_pandas=True).cast(pa.int32()),
            "MEMORY_GB": _nullable(res.memory_gb()[idx]),
            "STORAGE_GB": pa.array(res.storage_gb[idx]),
            "MONTHLY_COST": pa.array(res.monthly_cost[idx]),
            "LAUNCH_TIME": pa.array(res.launched[idx].astype("datetime64[ms]")),
            "AWS_ACCOUNT_ID": text.padded("", 123_456_789_000 + rng.integers(0, 4, n), 12),
            "STATE": pa.array(np.where(rng.random(n) < 0.93, "running", "stopped")),
            "TAGS": tags,
        }
    )


def snowflake_resource_metrics(world: World) -> pa.Table:
    rng = world.rng("snowflake.RESOURCE_METRICS")
    res = world.resources
    resource, day = _metric_rows(0, world.sizes.snowflake_resources)
    n = len(resource)
    compute = res.instance[resource] >= 0
    return pa.table(
        {
            "RESOURCE_ID": res.resource_id.take(pa.array(resource)),
            "METRIC_DATE": pa.array(day),
            "CPU_UTILIZATION": _nullable(np.round(_jitter(rng, res.cpu[resource]), 4)),
            "MEMORY_UTILIZATION": _nullable(np.round(_jitter(rng, res.memory[resource]), 4)),
            "NETWORK_IN_GB": pa.array(
                np.round(res.network_in_gb[resource] * rng.uniform(0.8, 1.2, n), 3)
            ),
            "NETWORK_OUT_GB": pa.array(
                np.round(res.network_out_gb[resource] * rng.uniform(0.8, 1.2, n), 3)
            ),
            "DISK_IOPS": pa.array(
                np.where(compute | (res.kind[resource] == EBS), rng.integers(50, 5000, n), 0)
            ),
        }
    )


def snowflake_aws_costs(world: World) -> pa.Table:
    rng = world.rng("snowflake.AWS_COSTS")
    n = rows(600, world.scale)
    lines = _cost_lines(world, rng, n, 0, world.sizes.snowflake_resources)
    return pa.table(
        {
            "LINE_ITEM_ID": text.prefixed_hex("li-", np.arange(n, dtype=np.int64), 41, 16),
            "USAGE_DATE": pa.array(lines.day),
            "SERVICE_NAME": _categories(lines.kinds(world)),
            "RESOURCE_ID": world.resources.resource_id.take(pa.array(lines.resource)),
            "USAGE_TYPE": _usage_types(world, lines),
            "USAGE_AMOUNT": pa.array(lines.usage),
            "UNBLENDED_COST": pa.array(lines.cost),
            "REGION": _region_of(world, lines.resource),
            "USAGE_ACCOUNT_ID": text.padded("", 123_456_789_000 + rng.integers(0, 4, n), 12),
            "CURRENCY_CODE": pa.repeat("USD", n),
        }
    )
