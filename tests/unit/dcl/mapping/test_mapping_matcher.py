"""match_schemas end to end on small inline tables."""

from autonomos_dcl.mapping import (
    ColumnSample,
    MatchOptions,
    TableSample,
    match_schemas,
    score_pairs,
    tables_from_ontology,
)
from autonomos_dcl.models import Entity, EntityField, Ontology


def _pairs(matches: list) -> set[tuple[str, str]]:
    return {(m.source_column, m.target_column) for m in matches}


def test_synonyms_abbreviations_and_conventions_match_an_ontology() -> None:
    source = TableSample(
        "Account",
        [
            ColumnSample("Id", ["001A", "001B", "001C"]),
            ColumnSample("Name", ["Acme", "Globex", "Initech"]),
            ColumnSample("AnnualRevenue", ["1000000", "2500000", "730000"]),
            ColumnSample("NumberOfEmployees", ["120", "4000", "35"]),
            ColumnSample("Phone", ["+1 415 555 0100", "+1 415 555 0101", "+1 415 555 0102"]),
        ],
        system="salesforce",
    )
    ontology = Ontology(
        (
            Entity(
                "account",
                "account_id",
                (
                    EntityField("account_id", "string"),
                    EntityField("account_name", "string"),
                    EntityField("revenue", "decimal"),
                    EntityField("employee_count", "integer"),
                ),
            ),
        )
    )
    matches = match_schemas([source], tables_from_ontology(ontology))
    assert _pairs(matches) == {
        ("Id", "account_id"),
        ("Name", "account_name"),
        ("AnnualRevenue", "revenue"),
        ("NumberOfEmployees", "employee_count"),
    }
    assert all(m.method == "heuristic" and 0.0 < m.confidence <= 1.0 for m in matches)


def test_value_overlap_finds_renamed_columns_and_leaves_the_rest() -> None:
    people = ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay"]
    cities = ["Paris", "Rome", "Oslo", "Lima", "Kyiv", "Bern"]
    source = TableSample(
        "s",
        [
            ColumnSample("spouse_label", people),
            ColumnSample("hometown", cities),
            ColumnSample("shoe_size", ["41", "44", "38", "45", "39", "42"]),
        ],
    )
    target = TableSample(
        "t",
        [
            ColumnSample("partner", people[::-1]),
            ColumnSample("city", cities[1:] + cities[:1]),
            ColumnSample("email", [f"{p.lower()}@example.com" for p in people]),
        ],
    )
    matches = match_schemas([source], [target])
    assert ("spouse_label", "partner") in _pairs(matches)
    assert ("shoe_size", "email") not in _pairs(matches)


def test_options_control_threshold_and_targets_per_column() -> None:
    source = TableSample("s", [ColumnSample("site", ["upper", "lower"])])
    target = TableSample(
        "t",
        [
            ColumnSample("site_of_resection", ["upper", "lower"]),
            ColumnSample("site_of_origin", ["upper", "lower"]),
        ],
    )
    both = match_schemas([source], [target], options=MatchOptions(max_targets_per_column=2))
    one = match_schemas([source], [target], options=MatchOptions(max_targets_per_column=1))
    none = match_schemas([source], [target], options=MatchOptions(min_confidence=0.999))
    assert len(both) == 2
    assert len(one) == 1
    assert none == []


def test_table_fit_sends_a_foreign_key_to_the_table_it_sits_in() -> None:
    source = TableSample(
        "opportunities",
        [ColumnSample("opportunityid"), ColumnSample("accountid"), ColumnSample("estimatedvalue")],
        system="dynamics",
    )
    target = [
        TableSample(
            "account",
            [ColumnSample("account_id"), ColumnSample("account_name")],
            primary_key="account_id",
        ),
        TableSample(
            "opportunity",
            [ColumnSample("opportunity_id"), ColumnSample("account_id"), ColumnSample("amount")],
            primary_key="opportunity_id",
        ),
    ]
    pairs = {
        (m.source_column, m.target_table, m.target_column) for m in match_schemas([source], target)
    }
    assert ("accountid", "opportunity", "account_id") in pairs
    assert ("accountid", "account", "account_id") not in pairs
    assert ("estimatedvalue", "opportunity", "amount") in pairs


def test_key_propagation_feeds_the_entity_key_from_the_table_id() -> None:
    source = TableSample(
        "Account",
        [
            ColumnSample("Id", ["a1", "a2", "a3"]),
            ColumnSample("Health_Score__c", ["71", "88", "93"]),
        ],
        system="salesforce",
    )
    target = [
        TableSample(
            "health",
            [
                ColumnSample("account_id", type="string"),
                ColumnSample("health_score", type="decimal"),
            ],
            primary_key="account_id",
        )
    ]
    matches = match_schemas([source], target)
    by_pair = {(m.source_column, m.target_column): m for m in matches}
    assert set(by_pair) == {("Id", "account_id"), ("Health_Score__c", "health_score")}
    assert by_pair[("Id", "account_id")].evidence.get("propagated_key") == 1.0


def test_schema_only_descriptions_help() -> None:
    source = TableSample(
        "customer",
        [
            ColumnSample("phone", type="VARCHAR(15)", description="Phone number of the customer"),
            ColumnSample("dob", type="DATE", description="Date of birth of the customer"),
        ],
    )
    target = TableSample(
        "client",
        [
            ColumnSample("mobileno", type="VARCHAR(10)", description="Mobile number of the client"),
            ColumnSample("birth_date", type="DATE", description="When the client was born"),
        ],
    )
    assert _pairs(match_schemas([source], [target])) == {
        ("phone", "mobileno"),
        ("dob", "birth_date"),
    }


def test_score_pairs_lists_candidates_with_evidence() -> None:
    source = TableSample("s", [ColumnSample("close_date", ["2024-01-01"])])
    target = TableSample(
        "t", [ColumnSample("CloseDate", ["2024-01-01"]), ColumnSample("amount", ["5"])]
    )
    pairs = score_pairs([source], [target])
    assert pairs[0].target_column == "CloseDate"
    assert {"name", "overlap", "profile", "type", "raw"} <= set(pairs[0].evidence)
    assert pairs[0].confidence > 0.9


def test_matching_is_deterministic() -> None:
    source = TableSample("s", [ColumnSample("a_name"), ColumnSample("b_name")])
    target = TableSample("t", [ColumnSample("name")])
    assert match_schemas([source], [target]) == match_schemas([source], [target])


def test_a_flat_export_feeds_keys_of_several_target_tables() -> None:
    invoices = [f"INV-{1000 + i // 3}" for i in range(60)]
    products = [("P-100", "P-200", "P-300", "P-400")[(i * 7) % 4] for i in range(60)]
    names = {"P-100": "Widget", "P-200": "Gadget", "P-300": "Doohickey", "P-400": "Gizmo"}
    quantities = [str(1 + (i * 5) % 17) for i in range(60)]
    flat = TableSample(
        "order_export",
        [
            ColumnSample("InvoiceNo", invoices),
            ColumnSample("ProductCode", products),
            ColumnSample("Product", [names[p] for p in products]),
            ColumnSample("Qty", quantities),
        ],
    )
    target = [
        TableSample("invoices", [ColumnSample("invoice_number", sorted(set(invoices)))]),
        TableSample(
            "invoice_lines",
            [
                ColumnSample("invoice_number", invoices),
                ColumnSample("product_code", products),
                ColumnSample("quantity", quantities),
            ],
        ),
        TableSample(
            "products",
            [
                ColumnSample("product_code", sorted(names)),
                ColumnSample("product_name", sorted(names.values())),
            ],
        ),
    ]
    pairs = {
        (m.source_column, m.target_table, m.target_column) for m in match_schemas([flat], target)
    }
    assert pairs == {
        ("InvoiceNo", "invoices", "invoice_number"),
        ("InvoiceNo", "invoice_lines", "invoice_number"),
        ("ProductCode", "invoice_lines", "product_code"),
        ("ProductCode", "products", "product_code"),
        ("Product", "products", "product_name"),
        ("Qty", "invoice_lines", "quantity"),
    }


def test_a_lone_date_field_does_not_attract_an_unrelated_date_column() -> None:
    years = [f"{1950 + i % 40}-01-01" for i in range(80)]
    source = TableSample(
        "s",
        [
            ColumnSample("activityStart", years),
            ColumnSample("artist", [f"a{i}" for i in range(80)]),
        ],
    )
    target = TableSample(
        "t",
        [
            ColumnSample("birthDate", years[::-1]),
            ColumnSample("musician", [f"b{i}" for i in range(80)]),
        ],
    )
    assert ("activityStart", "birthDate") not in _pairs(match_schemas([source], [target]))
