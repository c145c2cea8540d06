"""The mapping memory: retrieval by similarity and reuse in matching."""

from autonomos_dcl.mapping import (
    ColumnSample,
    MappingMemory,
    MemoryEntry,
    TableSample,
    entry_from_column,
    match_with_memory,
)

_TARGET = [
    TableSample(
        "account",
        [ColumnSample("account_id", type="string"), ColumnSample("account_name", type="string")],
        primary_key="account_id",
    )
]


def test_retrieve_ranks_the_most_similar_column_first() -> None:
    memory = MappingMemory(
        [
            MemoryEntry("crm", "clients", "CustomerName", "account", "account_name"),
            MemoryEntry("crm", "clients", "CustomerId", "account", "account_id"),
        ]
    )
    table = TableSample("customers", [ColumnSample("customer_name")])
    hits = memory.retrieve(table.columns[0], table, k=2)
    assert [h.entry.field for h in hits] == ["account_name", "account_id"]
    assert hits[0].similarity > hits[1].similarity
    assert 0.0 <= hits[1].similarity <= hits[0].similarity <= 1.0


def test_approved_mapping_of_a_renamed_column_is_reused_in_a_new_source() -> None:
    # An approved mapping from the old system: the odd name "kndnm" -> account_name.
    old_table = TableSample(
        "KUNDEN",
        [ColumnSample("kndnm", ["Acme GmbH", "Globex AG", "Initech SE"])],
        system="legacy_sql",
    )
    entry = entry_from_column(old_table.columns[0], old_table, "account", "account_name")
    memory = MappingMemory([entry])
    # A new source calls it "KND_NM": heuristics alone cannot tell what it is.
    new_table = TableSample(
        "kunden_v2",
        [ColumnSample("KND_NM", ["Acme GmbH", "Umbrella plc", "Globex AG"])],
        system="sap",
    )
    result = match_with_memory([new_table], _TARGET, memory, threshold=0.6)
    reused = [m for m in result.matches if m.source_column == "KND_NM"]
    assert len(reused) == 1
    assert (reused[0].target_table, reused[0].target_column) == ("account", "account_name")
    assert reused[0].method == "memory"
    assert reused[0].evidence["memory_source"] == "KUNDEN.kndnm"
    assert reused[0].evidence["memory_similarity"] >= 0.6
    assert result.stats.retrievals == 1
    assert result.stats.hits == 1
    assert result.stats.llm_calls_saved == 1


def test_weak_hits_leave_the_heuristic_mapping_alone() -> None:
    memory = MappingMemory([MemoryEntry(None, "x", "shoe_size", "account", "account_name")])
    table = TableSample("accounts", [ColumnSample("account_id", ["1", "2"])])
    result = match_with_memory([table], _TARGET, memory)
    assert result.stats.hits == 0
    assert all(m.method == "heuristic" for m in result.matches)


def test_hits_naming_fields_that_do_not_exist_are_ignored() -> None:
    memory = MappingMemory([MemoryEntry(None, "t", "account_name", "gone", "field")])
    table = TableSample("t", [ColumnSample("account_name")])
    result = match_with_memory([table], _TARGET, memory)
    assert result.stats.hits == 0


def test_empty_memory_retrieves_nothing() -> None:
    table = TableSample("t", [ColumnSample("a")])
    assert MappingMemory([]).retrieve(table.columns[0], table) == []
