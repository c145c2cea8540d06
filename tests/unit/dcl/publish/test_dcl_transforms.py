"""Choosing the conversion of a source column into a unified field (labels and facts)."""

import pytest

from autonomos_dcl.models import EntityField, FieldType
from autonomos_dcl.publish.transforms import ColumnFacts, column_expression, fact_queries

PERCENT = EntityField("probability", "decimal", "percent")
DATE = EntityField("d", "date")
STAMP = EntityField("d", "timestamp")
NUMBER = EntityField("n", "decimal")
Facts = ColumnFacts


@pytest.mark.parametrize(
    ("source", "target", "transform", "facts", "label"),
    [
        ("string", EntityField("n", "string"), None, ColumnFacts(), "trim"),
        ("string", EntityField("n", "string"), None, ColumnFacts(email_share=0.95), "trim+lower"),
        ("string", EntityField("n", "string"), "upper", ColumnFacts(), "trim+upper"),
        ("integer", EntityField("n", "string"), None, ColumnFacts(), "cast"),
        ("string", EntityField("n", "decimal"), None, ColumnFacts(), "currency"),
        ("integer", EntityField("n", "integer"), None, ColumnFacts(), "cast"),
        ("decimal", EntityField("n", "integer"), None, ColumnFacts(), "round"),
        ("decimal", PERCENT, None, ColumnFacts(minimum=0.0, maximum=1.0), "ratio_to_percent"),
        ("decimal", PERCENT, None, ColumnFacts(minimum=0.0, maximum=80.0), "cast"),
        ("string", PERCENT, None, Facts(minimum=0.1, maximum=0.9), "currency+ratio_to_percent"),
        ("decimal", PERCENT, "percent_to_ratio", ColumnFacts(), "percent_to_ratio"),
        ("decimal", NUMBER, "ratio_to_percent", Facts(), "ratio_to_percent"),
        ("string", EntityField("d", "date"), None, ColumnFacts(), "parse_date"),
        ("timestamp", EntityField("d", "date"), None, ColumnFacts(), "cast"),
        ("integer", DATE, None, Facts(minimum=20240101, maximum=20241231), "yyyymmdd"),
        ("integer", STAMP, None, Facts(minimum=1.7e12, maximum=1.8e12), "epoch_ms"),
        ("integer", STAMP, None, Facts(minimum=1.7e9, maximum=1.8e9), "epoch_seconds"),
        ("boolean", EntityField("d", "date"), None, ColumnFacts(), "incompatible"),
        ("date", EntityField("n", "decimal"), None, ColumnFacts(), "incompatible"),
        ("string", EntityField("b", "boolean"), None, ColumnFacts(), "parse_boolean"),
        ("integer", EntityField("b", "boolean"), None, ColumnFacts(), "nonzero"),
        ("string", EntityField("n", "integer"), "cast", ColumnFacts(), "cast"),
    ],
)  # fmt: skip
def test_conversion_labels(
    source: FieldType, target: EntityField, transform: str | None, facts: ColumnFacts, label: str
) -> None:
    expression = column_expression('"col"', source, target, transform, facts)
    assert expression.transform == label
    assert '"col"' in expression.sql or label == "incompatible"


def test_explicit_cast_is_a_plain_try_cast() -> None:
    sql = column_expression('"c"', "string", EntityField("n", "integer"), "cast").sql
    assert sql == 'TRY_CAST("c" AS BIGINT)'


def test_facts_are_only_asked_for_when_a_choice_depends_on_them() -> None:
    assert fact_queries('"c"', "string", EntityField("n", "string"), None).email is not None
    assert fact_queries('"c"', "string", EntityField("n", "string"), "trim").items() == []
    percent = fact_queries('"c"', "decimal", PERCENT, None)
    assert percent.minimum and percent.maximum
    assert fact_queries('"c"', "decimal", EntityField("n", "decimal"), None).items() == []
    assert fact_queries('"c"', "string", EntityField("d", "date"), None).day_first is not None
    assert fact_queries('"c"', "integer", EntityField("d", "date"), None).maximum is not None
    assert fact_queries('"c"', "decimal", PERCENT, "cast").items() == []
