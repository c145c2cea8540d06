"""Hand-checked ground truth: every demo column -> the default-ontology fields it feeds.

``EXPECTED_MAPPING[(system, table, column)]`` is a tuple of ``(entity,
field)`` pairs, empty for columns that map to nothing. Every column of every
demo table has an entry (a test checks it), so a matcher's precision and
recall on the demo data can be computed against it.

Decisions worth knowing when reading the pairs:

- A foreign key maps to the key field of the entity the table *describes*
  (``opportunities.parentaccountid -> opportunity.account_id``), never to the
  referenced entity's key (not ``account.account_id``).
- Salesforce ``Account.Id`` feeds both ``account.account_id`` and
  ``health.account_id``, because ``Health_Score__c`` makes the table a health
  source too (one column, two fields).
- Resource metrics tables feed ``aws_resources`` (utilisation and network
  figures keyed by resource id); their metric dates map to nothing.
- Columns with no counterpart (phones, owners, currencies, fiscal years, a
  whole vendor-contracts table, ...) map to nothing, on purpose.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from autonomos_dcl.models import FieldMapping

Pair = tuple[str, str]

_NONE: tuple[Pair, ...] = ()


def _table(
    system: str, table: str, columns: Mapping[str, tuple[Pair, ...]]
) -> dict[tuple[str, str, str], tuple[Pair, ...]]:
    return {(system, table, column): pairs for column, pairs in columns.items()}


def _to(entity: str, *fields: str) -> tuple[Pair, ...]:
    return tuple((entity, f) for f in fields)


_ENTRIES: dict[tuple[str, str, str], tuple[Pair, ...]] = {
    **_table(
        "dynamics",
        "accounts",
        {
            "accountid": _to("account", "account_id"),
            "name": _to("account", "account_name"),
            "accountnumber": _NONE,
            "industrycode": _to("account", "industry"),
            "revenue": _to("account", "revenue"),
            "numberofemployees": _to("account", "employee_count"),
            "telephone1": _NONE,
            "emailaddress1": _NONE,
            "websiteurl": _NONE,
            "address1_country": _NONE,
            "createdon": _to("account", "created_date"),
            "modifiedon": _NONE,
        },
    ),
    **_table(
        "dynamics",
        "opportunities",
        {
            "opportunityid": _to("opportunity", "opportunity_id"),
            "name": _to("opportunity", "opportunity_name"),
            "parentaccountid": _to("opportunity", "account_id"),
            "salesstage": _to("opportunity", "stage"),
            "estimatedvalue": _to("opportunity", "amount"),
            "estimatedclosedate": _to("opportunity", "close_date"),
            "closeprobability": _to("opportunity", "probability"),
            "statecode": _NONE,
            "ownerid": _NONE,
            "createdon": _NONE,
        },
    ),
    **_table(
        "salesforce",
        "Account",
        {
            "Id": (("account", "account_id"), ("health", "account_id")),
            "Name": _to("account", "account_name"),
            "Industry": _to("account", "industry"),
            "AnnualRevenue": _to("account", "revenue"),
            "NumberOfEmployees": _to("account", "employee_count"),
            "BillingCountry": _NONE,
            "Phone": _NONE,
            "Website": _NONE,
            "Type": _NONE,
            "OwnerId": _NONE,
            "CreatedDate": _to("account", "created_date"),
            "Health_Score__c": _to("health", "health_score"),
            "Customer_Tier__c": _NONE,
        },
    ),
    **_table(
        "salesforce",
        "Opportunity",
        {
            "Id": _to("opportunity", "opportunity_id"),
            "Name": _to("opportunity", "opportunity_name"),
            "AccountId": _to("opportunity", "account_id"),
            "StageName": _to("opportunity", "stage"),
            "Amount": _to("opportunity", "amount"),
            "CloseDate": _to("opportunity", "close_date"),
            "Probability": _to("opportunity", "probability"),
            "Type": _NONE,
            "LeadSource": _NONE,
            "IsClosed": _NONE,
            "IsWon": _NONE,
            "ForecastCategoryName": _NONE,
            "CreatedDate": _NONE,
        },
    ),
    **_table(
        "hubspot",
        "Deals",
        {
            "hs_object_id": _to("opportunity", "opportunity_id"),
            "dealname": _to("opportunity", "opportunity_name"),
            "dealstage": _to("opportunity", "stage"),
            "amount": _to("opportunity", "amount"),
            "closedate": _to("opportunity", "close_date"),
            "hs_deal_stage_probability": _to("opportunity", "probability"),
            "associatedcompanyid": _to("opportunity", "account_id"),
            "pipeline": _NONE,
            "dealtype": _NONE,
            "hubspot_owner_id": _NONE,
            "createdate": _NONE,
        },
    ),
    **_table(
        "sap",
        "BILLING_ITEMS",
        {
            "VBELN": _to("cost_reports", "cost_id"),
            "POSNR": _NONE,
            "FKDAT": _to("cost_reports", "report_date"),
            "KUNNR": _NONE,
            "MATNR": _NONE,
            "MATKL": _to("cost_reports", "service_category"),
            "ARKTX": _NONE,
            "FKIMG": _to("cost_reports", "usage"),
            "VRKME": _NONE,
            "NETWR": _to("cost_reports", "cost"),
            "WAERK": _NONE,
            "ZZRESID": _to("cost_reports", "resource_id"),
        },
    ),
    **_table(
        "sap",
        "CLOUD_INVOICES",
        {
            "BELNR": _to("cost_reports", "cost_id"),
            "BUKRS": _NONE,
            "GJAHR": _NONE,
            "BLDAT": _to("cost_reports", "report_date"),
            "LIFNR": _NONE,
            "WRBTR": _to("cost_reports", "cost"),
            "WAERS": _NONE,
            "KOSTL": _NONE,
            "SGTXT": _NONE,
            "ZZREGION": _to("cost_reports", "region"),
        },
    ),
    **_table(
        "netsuite",
        "CloudSpend",
        {
            "InternalId": _to("cost_reports", "cost_id"),
            "TranDate": _to("cost_reports", "report_date"),
            "Vendor": _NONE,
            "Category": _to("cost_reports", "service_category"),
            "ResourceId": _to("cost_reports", "resource_id"),
            "Region": _to("cost_reports", "region"),
            "Quantity": _to("cost_reports", "usage"),
            "Amount": _to("cost_reports", "cost"),
            "Currency": _NONE,
            "Department": _NONE,
            "Memo": _NONE,
        },
    ),
    **_table(
        "netsuite",
        "CloudVendorContracts",
        {
            "InternalId": _NONE,
            "ContractNumber": _NONE,
            "Vendor": _NONE,
            "StartDate": _NONE,
            "EndDate": _NONE,
            "CommittedSpend": _NONE,
            "DiscountPct": _NONE,
            "Status": _NONE,
            "AutoRenew": _NONE,
        },
    ),
    **_table(
        "legacy_sql",
        "CloudResources",
        {
            "res_id": _to("aws_resources", "resource_id"),
            "res_type": _to("aws_resources", "resource_type"),
            "region_cd": _to("aws_resources", "region"),
            "inst_type": _to("aws_resources", "instance_type"),
            "vcpu_cnt": _to("aws_resources", "vcpus"),
            "mem_gb": _to("aws_resources", "memory_gb"),
            "disk_gb": _to("aws_resources", "storage_gb"),
            "cpu_util_pct": _to("aws_resources", "cpu_utilization"),
            "mem_util_pct": _to("aws_resources", "memory_utilization"),
            "net_in_gb": _to("aws_resources", "network_in"),
            "net_out_gb": _to("aws_resources", "network_out"),
            "mo_cost": _to("aws_resources", "monthly_cost"),
            "create_dt": _to("aws_resources", "created_at"),
            "owner_email": _NONE,
            "env": _NONE,
            "is_active": _NONE,
        },
    ),
    **_table(
        "legacy_sql",
        "UsageMetrics",
        {
            "metric_id": _NONE,
            "res_id": _to("aws_resources", "resource_id"),
            "sample_dt": _NONE,
            "cpu_util_pct": _to("aws_resources", "cpu_utilization"),
            "mem_util_pct": _to("aws_resources", "memory_utilization"),
            "net_in_gb": _to("aws_resources", "network_in"),
            "net_out_gb": _to("aws_resources", "network_out"),
        },
    ),
    **_table(
        "snowflake",
        "AWS_COSTS",
        {
            "LINE_ITEM_ID": _to("cost_reports", "cost_id"),
            "USAGE_DATE": _to("cost_reports", "report_date"),
            "SERVICE_NAME": _to("cost_reports", "service_category"),
            "RESOURCE_ID": _to("cost_reports", "resource_id"),
            "USAGE_TYPE": _to("cost_reports", "usage_type"),
            "USAGE_AMOUNT": _to("cost_reports", "usage"),
            "UNBLENDED_COST": _to("cost_reports", "cost"),
            "REGION": _to("cost_reports", "region"),
            "USAGE_ACCOUNT_ID": _NONE,
            "CURRENCY_CODE": _NONE,
        },
    ),
    **_table(
        "snowflake",
        "AWS_RESOURCES",
        {
            "RESOURCE_ID": _to("aws_resources", "resource_id"),
            "RESOURCE_TYPE": _to("aws_resources", "resource_type"),
            "REGION": _to("aws_resources", "region"),
            "INSTANCE_TYPE": _to("aws_resources", "instance_type"),
            "VCPU_COUNT": _to("aws_resources", "vcpus"),
            "MEMORY_GB": _to("aws_resources", "memory_gb"),
            "STORAGE_GB": _to("aws_resources", "storage_gb"),
            "MONTHLY_COST": _to("aws_resources", "monthly_cost"),
            "LAUNCH_TIME": _to("aws_resources", "created_at"),
            "AWS_ACCOUNT_ID": _NONE,
            "STATE": _NONE,
            "TAGS": _NONE,
        },
    ),
    **_table(
        "snowflake",
        "RESOURCE_METRICS",
        {
            "RESOURCE_ID": _to("aws_resources", "resource_id"),
            "METRIC_DATE": _NONE,
            "CPU_UTILIZATION": _to("aws_resources", "cpu_utilization"),
            "MEMORY_UTILIZATION": _to("aws_resources", "memory_utilization"),
            "NETWORK_IN_GB": _to("aws_resources", "network_in"),
            "NETWORK_OUT_GB": _to("aws_resources", "network_out"),
            "DISK_IOPS": _NONE,
        },
    ),
    **_table(
        "supabase",
        "account_health",
        {
            "id": _NONE,
            "account_id": _to("health", "account_id"),
            "health_score": _to("health", "health_score"),
            "risk_level": _to("health", "risk_level"),
            "nps_score": _NONE,
            "open_tickets": _NONE,
            "updated_at": _to("health", "last_updated"),
            "created_at": _NONE,
        },
    ),
    **_table(
        "mongodb",
        "account_usage",
        {
            "_id": _NONE,
            "accountId": _to("usage", "account_id"),
            "lastLoginDaysAgo": _to("usage", "last_login_days"),
            "sessions30d": _to("usage", "sessions_30d"),
            "sessionsPrev30d": _NONE,
            "avgSessionMinutes": _to("usage", "avg_session_duration"),
            "featuresUsed": _to("usage", "features_used"),
            "activeUsers": _NONE,
            "plan": _NONE,
            "updatedAt": _NONE,
        },
    ),
}

EXPECTED_MAPPING: Mapping[tuple[str, str, str], tuple[Pair, ...]] = MappingProxyType(_ENTRIES)
"""``(system, table, column) -> ((entity, field), ...)`` for every demo column."""


def expected_pairs() -> frozenset[tuple[str, str, str, str, str]]:
    """All expected correspondences as ``(system, table, column, entity, field)``."""
    return frozenset(
        (system, table, column, entity, field)
        for (system, table, column), pairs in EXPECTED_MAPPING.items()
        for entity, field in pairs
    )


def expected_field_mappings(keys: set[str] | frozenset[str] | None = None) -> list[FieldMapping]:
    """The ground truth as approved :class:`FieldMapping` values (method ``human``,
    confidence 1.0), for the demo sources in ``keys`` (default: all).

    Demo sources use their system id as source key.
    """
    return [
        FieldMapping(
            source_key=system,
            source_system=system,
            table=table,
            column=column,
            entity=entity,
            field=field,
            confidence=1.0,
            method="human",
        )
        for (system, table, column, entity, field) in sorted(expected_pairs())
        if keys is None or system in keys
    ]
