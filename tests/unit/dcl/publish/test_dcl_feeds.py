"""Which tables feed which entity, and mapping validation."""

from autonomos_dcl.models import FieldMapping
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.publish.feeds import mapping_problems, table_feeds


def _m(
    table: str,
    column: str,
    entity: str,
    field: str,
    confidence: float = 0.9,
    transform: str | None = None,
) -> FieldMapping:
    return FieldMapping(
        source_key="crm",
        source_system="dynamics",
        table=table,
        column=column,
        entity=entity,
        field=field,
        confidence=confidence,
        method="heuristic",
        transform=transform,
    )


def test_a_table_feeds_an_entity_only_with_a_non_key_field() -> None:
    mappings = [
        _m("accounts", "accountid", "account", "account_id"),
        _m("accounts", "name", "account", "account_name"),
        _m("opportunities", "parentaccountid", "account", "account_id"),
        _m("opportunities", "name", "opportunity", "opportunity_name"),
    ]
    feeds = table_feeds(DEFAULT_ONTOLOGY, mappings)
    assert [(f.entity, f.table) for f in feeds] == [
        ("account", "accounts"),
        ("opportunity", "opportunities"),
    ]
    assert len(feeds[0].mappings) == 2
    assert feeds[0].confidence == 0.9


def test_mappings_to_unknown_fields_are_ignored_by_feeds_and_reported() -> None:
    mappings = [
        _m("accounts", "x", "account", "nope"),
        _m("accounts", "y", "ghost", "field"),
        _m("missing", "z", "account", "industry"),
        _m("accounts", "name", "account", "account_name", transform="shout"),
        _m("accounts", "name", "account", "account_name", confidence=1.5),
        _m("accounts", "absent", "account", "industry"),
    ]
    assert [f.table for f in table_feeds(DEFAULT_ONTOLOGY, mappings)] == ["missing", "accounts"]
    problems = mapping_problems(
        {("crm", "accounts"): {"x", "y", "name"}}, DEFAULT_ONTOLOGY, mappings
    )
    joined = " | ".join(problems)
    for fragment in ("unknown field 'nope'", "unknown entity 'ghost'",
                     "unknown source table crm.missing", "unknown transform 'shout'",
                     "outside [0, 1]", "unknown column 'absent'"):  # fmt: skip
        assert fragment in joined
    assert mapping_problems({("crm", "accounts"): {"name"}}, DEFAULT_ONTOLOGY, mappings[3:4])[0]
    assert (
        mapping_problems(
            {("crm", "accounts"): {"name"}},
            DEFAULT_ONTOLOGY,
            [_m("accounts", "name", "account", "account_name")],
        )
        == []
    )
