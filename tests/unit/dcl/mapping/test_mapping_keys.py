"""Keys of tables: declared, named after the table, or documented."""

from autonomos_dcl.mapping.keys import choose_key_column, is_own_key, primary_keys
from autonomos_dcl.mapping.names import schema_vocabulary
from autonomos_dcl.mapping.scoring import ColumnInfo, prepare_tables
from autonomos_dcl.mapping.types import ColumnSample, TableSample


def _infos(tables: list[TableSample]) -> tuple[list[ColumnInfo], frozenset[str]]:
    vocabulary = schema_vocabulary([c.name for t in tables for c in t.columns])
    return prepare_tables(tables, vocabulary, use_values=False), vocabulary


def test_keys_are_declared_named_after_the_table_or_documented() -> None:
    tables = [
        TableSample("visit", [ColumnSample("person_id"), ColumnSample("visit_id")]),
        TableSample(
            "note",
            [
                ColumnSample("note_event_id", description="Links to the record it is about."),
                ColumnSample("uid", description="A unique identifier for each note."),
            ],
        ),
        TableSample("person", [ColumnSample("pid"), ColumnSample("person_id")], primary_key="pid"),
        TableSample("log", [ColumnSample("message")]),
    ]
    infos, vocabulary = _infos(tables)
    assert primary_keys(tables, infos, vocabulary) == {
        "visit": "visit_id",
        "note": "uid",
        "person": "pid",
    }


def test_a_table_own_key_is_preferred_as_the_key_that_feeds_a_target_key() -> None:
    table = TableSample(
        "admissions",
        [
            ColumnSample("subject_id", description="Foreign key to the patient."),
            ColumnSample("row_id", description="Unique row identifier."),
        ],
    )
    infos, vocabulary = _infos([table])
    assert is_own_key(infos[1], vocabulary) and not is_own_key(infos[0], vocabulary)
    choice = choose_key_column(infos, {}, vocabulary)
    assert choice is not None and choice[0].column.name == "row_id"
