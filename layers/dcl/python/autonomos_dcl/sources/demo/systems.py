"""The catalogue of bundled demo systems and the generator entry points."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyarrow as pa

from autonomos_dcl.errors import UnknownSourceError
from autonomos_dcl.sources.demo import cloud, crm
from autonomos_dcl.sources.demo.world import World, build_world

DEFAULT_SEED = 42
"""Seed of the bundled demo data; the same seed and scale give the same tables."""


@dataclass(frozen=True)
class DemoTable:
    """A demo table: its name in the system and its builder."""

    name: str
    build: Callable[[World], pa.Table]


@dataclass(frozen=True)
class DemoSystem:
    """A bundled demo source: key (also the system id), display name, tables."""

    key: str
    name: str
    tables: tuple[DemoTable, ...]


DEMO_SYSTEMS: tuple[DemoSystem, ...] = (
    DemoSystem(
        "dynamics",
        "Dynamics CRM",
        (
            DemoTable("accounts", crm.dynamics_accounts),
            DemoTable("opportunities", crm.dynamics_opportunities),
        ),
    ),
    DemoSystem(
        "salesforce",
        "Salesforce",
        (
            DemoTable("Account", crm.salesforce_account),
            DemoTable("Opportunity", crm.salesforce_opportunity),
        ),
    ),
    DemoSystem("hubspot", "HubSpot", (DemoTable("Deals", crm.hubspot_deals),)),
    DemoSystem(
        "sap",
        "SAP ERP",
        (
            DemoTable("BILLING_ITEMS", cloud.sap_billing_items),
            DemoTable("CLOUD_INVOICES", cloud.sap_cloud_invoices),
        ),
    ),
    DemoSystem(
        "netsuite",
        "NetSuite",
        (
            DemoTable("CloudSpend", cloud.netsuite_cloud_spend),
            DemoTable("CloudVendorContracts", cloud.netsuite_vendor_contracts),
        ),
    ),
    DemoSystem(
        "legacy_sql",
        "Legacy SQL",
        (
            DemoTable("CloudResources", cloud.legacy_cloud_resources),
            DemoTable("UsageMetrics", cloud.legacy_usage_metrics),
        ),
    ),
    DemoSystem(
        "snowflake",
        "Snowflake",
        (
            DemoTable("AWS_COSTS", cloud.snowflake_aws_costs),
            DemoTable("AWS_RESOURCES", cloud.snowflake_aws_resources),
            DemoTable("RESOURCE_METRICS", cloud.snowflake_resource_metrics),
        ),
    ),
    DemoSystem("supabase", "Supabase", (DemoTable("account_health", crm.supabase_account_health),)),
    DemoSystem("mongodb", "MongoDB", (DemoTable("account_usage", crm.mongodb_account_usage),)),
)
DEMO_KEYS: tuple[str, ...] = tuple(s.key for s in DEMO_SYSTEMS)


def demo_system(key: str) -> DemoSystem:
    """The demo system with this key; :class:`UnknownSourceError` (404) otherwise."""
    for system in DEMO_SYSTEMS:
        if system.key == key:
            return system
    raise UnknownSourceError(f"unknown demo source {key!r}; expected one of {', '.join(DEMO_KEYS)}")


def generate_demo(
    scale: float = 1.0, seed: int = DEFAULT_SEED, keys: Iterable[str] | None = None
) -> dict[str, dict[str, pa.Table]]:
    """Generate demo sources: ``{source key: {table name: Arrow table}}``.

    Deterministic for a given ``(scale, seed)``; scale 1 gives about 5,000
    rows in all and rows grow linearly with ``scale`` (about 210 gives a
    million). ``keys`` selects systems (default: all); unknown keys raise
    :class:`UnknownSourceError`.
    """
    if not scale > 0:
        raise ValueError("scale must be positive")
    systems = [demo_system(k) for k in keys] if keys is not None else list(DEMO_SYSTEMS)
    world = build_world(scale, seed)
    return {s.key: {t.name: t.build(world) for t in s.tables} for s in systems}
