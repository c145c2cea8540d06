"""The demo generator: deterministic, in each system's style, consistent across systems."""

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from autonomos_dcl.errors import UnknownSourceError
from autonomos_dcl.sources.demo import DEMO_KEYS, generate_demo
from autonomos_dcl.sources.demo.world import ANOMALY_DAY

TABLES = {
    "dynamics": ["accounts", "opportunities"],
    "salesforce": ["Account", "Opportunity"],
    "hubspot": ["Deals"],
    "sap": ["BILLING_ITEMS", "CLOUD_INVOICES"],
    "netsuite": ["CloudSpend", "CloudVendorContracts"],
    "legacy_sql": ["CloudResources", "UsageMetrics"],
    "snowflake": ["AWS_COSTS", "AWS_RESOURCES", "RESOURCE_METRICS"],
    "supabase": ["account_health"],
    "mongodb": ["account_usage"],
}


@pytest.fixture(scope="module")
def demo() -> dict[str, dict[str, pa.Table]]:
    return generate_demo()


def _values(table: pa.Table, column: str) -> set[object]:
    return set(table.column(column).drop_null().to_pylist())


def _rows(data: dict[str, dict[str, pa.Table]]) -> int:
    return sum(t.num_rows for tables in data.values() for t in tables.values())


def test_every_system_has_its_tables(demo: dict[str, dict[str, pa.Table]]) -> None:
    assert {k: list(v) for k, v in demo.items()} == TABLES
    assert list(DEMO_KEYS) == list(TABLES)


def test_scale_one_gives_a_few_thousand_rows_and_rows_grow_with_scale(
    demo: dict[str, dict[str, pa.Table]],
) -> None:
    total = _rows(demo)
    assert 3_000 <= total <= 8_000
    doubled = _rows(generate_demo(scale=2.0))
    assert 1.9 * total <= doubled <= 2.1 * total


def test_the_same_seed_and_scale_give_the_same_tables(
    demo: dict[str, dict[str, pa.Table]],
) -> None:
    again = generate_demo()
    other = generate_demo(seed=7)
    for key, tables in demo.items():
        for name, table in tables.items():
            assert table.equals(again[key][name]), (key, name)
    assert not demo["salesforce"]["Account"].equals(other["salesforce"]["Account"])


def test_selected_keys_and_unknown_keys() -> None:
    assert list(generate_demo(keys=["sap"])) == ["sap"]
    with pytest.raises(UnknownSourceError) as raised:
        generate_demo(keys=["oracle"])
    assert raised.value.status == 404


def test_each_system_has_its_naming_style(demo: dict[str, dict[str, pa.Table]]) -> None:
    def names(key: str) -> list[str]:
        return [c for t in demo[key].values() for c in t.column_names]

    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", c) for c in names("sap"))
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", c) for c in names("snowflake"))
    assert {"VBELN", "KUNNR", "NETWR", "WAERK", "FKDAT"} <= set(names("sap"))
    assert any(c.endswith("__c") for c in names("salesforce"))
    assert {"AnnualRevenue", "Health_Score__c"} <= set(names("salesforce"))
    assert {"accountid", "name", "revenue", "numberofemployees", "estimatedvalue",
            "estimatedclosedate", "closeprobability"} <= set(names("dynamics"))  # fmt: skip
    assert {"dealname", "dealstage", "closedate", "amount", "hs_object_id"} <= set(names("hubspot"))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in names("supabase"))
    assert "_id" in names("mongodb")
    assert any(re.fullmatch(r"[a-z]+[A-Z][A-Za-z0-9]*", c) for c in names("mongodb"))
    assert all(re.fullmatch(r"[A-Z][A-Za-z]*", c) for c in names("netsuite"))
    assert {"res_id", "cpu_util_pct"} <= set(names("legacy_sql"))


def test_primary_identifiers_are_unique(demo: dict[str, dict[str, pa.Table]]) -> None:
    keys = [
        ("dynamics", "accounts", "accountid"), ("dynamics", "opportunities", "opportunityid"),
        ("salesforce", "Account", "Id"), ("salesforce", "Opportunity", "Id"),
        ("hubspot", "Deals", "hs_object_id"), ("sap", "BILLING_ITEMS", "VBELN"),
        ("sap", "CLOUD_INVOICES", "BELNR"), ("netsuite", "CloudSpend", "InternalId"),
        ("snowflake", "AWS_COSTS", "LINE_ITEM_ID"), ("snowflake", "AWS_RESOURCES", "RESOURCE_ID"),
        ("legacy_sql", "CloudResources", "res_id"), ("mongodb", "account_usage", "_id"),
    ]  # fmt: skip
    for key, table, column in keys:
        values = demo[key][table].column(column)
        assert pc.count_distinct(values).as_py() == len(values), (key, table, column)


def test_references_point_at_existing_rows(demo: dict[str, dict[str, pa.Table]]) -> None:
    dyn, sf, snow, legacy = (
        demo["dynamics"],
        demo["salesforce"],
        demo["snowflake"],
        demo["legacy_sql"],
    )
    assert _values(dyn["opportunities"], "parentaccountid") <= _values(dyn["accounts"], "accountid")
    sf_ids = _values(sf["Account"], "Id")
    assert _values(sf["Opportunity"], "AccountId") <= sf_ids
    assert _values(demo["supabase"]["account_health"], "account_id") <= sf_ids
    assert _values(demo["mongodb"]["account_usage"], "accountId") <= sf_ids
    resources = _values(snow["AWS_RESOURCES"], "RESOURCE_ID") | _values(
        legacy["CloudResources"], "res_id"
    )
    assert _values(snow["AWS_COSTS"], "RESOURCE_ID") <= _values(
        snow["AWS_RESOURCES"], "RESOURCE_ID"
    )
    assert _values(demo["sap"]["BILLING_ITEMS"], "ZZRESID") <= resources
    assert _values(demo["netsuite"]["CloudSpend"], "ResourceId") <= resources
    assert _values(snow["RESOURCE_METRICS"], "RESOURCE_ID") == _values(
        snow["AWS_RESOURCES"], "RESOURCE_ID"
    )
    assert _values(legacy["UsageMetrics"], "res_id") == _values(legacy["CloudResources"], "res_id")
    overlap = _values(snow["AWS_RESOURCES"], "RESOURCE_ID") & _values(
        legacy["CloudResources"], "res_id"
    )
    assert overlap


def test_the_same_companies_appear_in_both_crms_with_conflicts(
    demo: dict[str, dict[str, pa.Table]],
) -> None:
    dynamics = demo["dynamics"]["accounts"].to_pylist()
    salesforce = demo["salesforce"]["Account"].to_pylist()
    assert dynamics[0]["name"] == "Acme Corp"
    assert salesforce[0]["Name"] == "ACME Corporation"
    by_website = {r["Website"].removeprefix("www."): r for r in salesforce}
    shared = [(d, by_website[d["websiteurl"].removeprefix("https://www.")]) for d in dynamics
              if d["websiteurl"].removeprefix("https://www.") in by_website]  # fmt: skip
    assert len(shared) >= 0.3 * len(dynamics)
    assert any(d["revenue"] != s["AnnualRevenue"] for d, s in shared)
    assert any(d["industrycode"] != s["Industry"] for d, s in shared)
    assert any(d["name"] != s["Name"] for d, s in shared)
    assert any(d["name"] == s["Name"] for d, s in shared)


def test_agents_have_something_to_find(demo: dict[str, dict[str, pa.Table]]) -> None:
    metrics = demo["snowflake"]["RESOURCE_METRICS"]
    cpu = metrics.column("CPU_UTILIZATION").drop_null().to_numpy()
    assert (cpu < 0.05).sum() > 0  # idle resources
    resources = demo["snowflake"]["AWS_RESOURCES"]
    assert "m5.8xlarge" in _values(resources, "INSTANCE_TYPE") or "r5.4xlarge" in _values(
        resources, "INSTANCE_TYPE"
    )
    costs = demo["snowflake"]["AWS_COSTS"].to_pandas()
    compute = costs[costs["SERVICE_NAME"] == "Compute"]
    daily = compute.groupby("USAGE_DATE")["UNBLENDED_COST"].sum()
    anomaly = daily.loc[np.datetime64(ANOMALY_DAY).astype(object)]
    assert anomaly > 3 * daily.median()
    health = demo["supabase"]["account_health"].column("risk_level").to_pylist()
    assert health.count("high") > 0


@pytest.mark.slow
def test_a_scale_of_210_gives_a_million_rows() -> None:
    assert _rows(generate_demo(scale=210)) >= 1_000_000
