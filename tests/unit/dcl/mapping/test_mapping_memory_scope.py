"""The memory does not carry a mapping to another table of the same system."""

from autonomos_dcl.mapping import ColumnSample, MappingMemory, MemoryEntry, TableSample
from autonomos_dcl.mapping.memory import match_with_memory

TARGET = [
    TableSample("account", [ColumnSample("account_id"), ColumnSample("account_name")]),
    TableSample("opportunity", [ColumnSample("opportunity_id"), ColumnSample("stage")]),
]
LEARNED = MemoryEntry("salesforce", "Account", "Id", "account", "account_id", "human")


def _memory_matches(table: TableSample) -> list[tuple[str, str, str]]:
    result = match_with_memory([table], TARGET, MappingMemory([LEARNED]))
    return [
        (m.source_column, m.target_table, m.target_column)
        for m in result.matches
        if m.method == "memory"
    ]


def test_same_table_reuses_the_memory() -> None:
    table = TableSample("Account", [ColumnSample("Id", ("001A", "001B"))], system="salesforce")
    assert _memory_matches(table) == [("Id", "account", "account_id")]


def test_other_table_of_the_same_system_does_not() -> None:
    table = TableSample("Opportunity", [ColumnSample("Id", ("006A", "006B"))], system="salesforce")
    assert _memory_matches(table) == []


def test_another_system_may_reuse_it() -> None:
    table = TableSample("Account", [ColumnSample("Id", ("a1", "a2"))], system="crm_export")
    assert _memory_matches(table) == [("Id", "account", "account_id")]


def test_uploaded_files_share_what_was_learned() -> None:
    learned = MemoryEntry(
        "file", "crm_accounts", "company_title", "account", "account_name", "human"
    )
    table = TableSample(
        "crm2_accounts", [ColumnSample("CompanyTitle", ("Initech",))], system="file"
    )
    result = match_with_memory([table], TARGET, MappingMemory([learned]))
    assert [(m.source_column, m.method) for m in result.matches if m.method == "memory"] == [
        ("CompanyTitle", "memory")
    ]
