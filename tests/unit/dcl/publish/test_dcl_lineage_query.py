"""Lineage queries over lineage records; JSON values of previews."""

import datetime as dt
import math
import uuid
from decimal import Decimal

from autonomos_dcl.models import LineageRecord
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.publish.lineage import lineage
from autonomos_dcl.publish.preview import json_value


def _r(entity: str, field: str, system: str, table: str, column: str, conf: float) -> LineageRecord:
    return LineageRecord(entity, field, system, system, table, column, "heuristic", conf, "cast")


RECORDS = [
    _r("account", "revenue", "salesforce", "Account", "AnnualRevenue", 0.8),
    _r("account", "revenue", "dynamics", "accounts", "revenue", 0.95),
    _r("cost_reports", "cost", "snowflake", "AWS_COSTS", "UNBLENDED_COST", 0.9),
]


def test_exact_field_queries_list_sources_best_first_with_agents() -> None:
    [match] = lineage(RECORDS, "Account.Revenue")
    assert (match.entity, match.field) == ("account", "revenue")
    assert [s.column for s in match.sources] == ["revenue", "AnnualRevenue"]
    assert match.agents == ("revops_pilot",)
    assert match.to_dict()["unified_field"] == "account.revenue"


def test_entity_and_free_text_queries() -> None:
    assert [m.field for m in lineage(RECORDS, "cost_reports")] == ["cost"]
    assert [m.field for m in lineage(RECORDS, "unblended")] == ["cost"]
    assert [m.field for m in lineage(RECORDS, "salesforce revenue")] == ["revenue"]
    assert lineage(RECORDS, "salesforce cost") == []
    assert len(lineage(RECORDS, "")) == 2
    [cost] = lineage(RECORDS, "aws_costs")
    assert cost.agents == ("finops_pilot",)


def test_with_the_ontology_unfed_fields_are_listed_too() -> None:
    [industry] = lineage(RECORDS, "account.industry", ontology=DEFAULT_ONTOLOGY)
    assert industry.sources == () and industry.type == "string"
    assert lineage(RECORDS, "account.industry") == []


def test_preview_values_are_json_ready() -> None:
    assert json_value(Decimal("1.5")) == 1.5
    assert json_value(dt.date(2024, 1, 2)) == "2024-01-02"
    assert json_value(math.nan) is None
    assert json_value(b"\x01\xff") == "01ff"
    assert json_value(uuid.UUID(int=1)) == str(uuid.UUID(int=1))
    assert json_value([dt.time(1, 2), {"a": Decimal("2")}]) == ["01:02:00", {"a": 2.0}]
    assert json_value(dt.timedelta(minutes=1)) == 60.0
