"""Table affinity: coverage, table names and table documents."""

from autonomos_dcl.mapping.names import schema_vocabulary
from autonomos_dcl.mapping.scoring import prepare_tables
from autonomos_dcl.mapping.tables import table_affinity, table_name_similarity
from autonomos_dcl.mapping.types import ColumnSample, TableSample


def _affinity(source: list[TableSample], target: list[TableSample]) -> dict[tuple[str, str], float]:
    names = [c.name for t in (*source, *target) for c in t.columns]
    vocabulary = schema_vocabulary(names)
    sources = prepare_tables(source, vocabulary, use_values=False)
    targets = prepare_tables(target, vocabulary, use_values=False)
    return table_affinity(source, target, sources, targets, {}, {}, vocabulary)


def test_documents_point_a_table_to_the_target_that_describes_the_same_thing() -> None:
    source = [
        TableSample(
            "admissions",
            [ColumnSample("admittime", description="Time of the hospital admission")],
            description="Each hospital visit of a patient: admission and discharge.",
        )
    ]
    target = [
        TableSample(
            "visit_occurrence",
            [ColumnSample("visit_start_datetime", description="Start of the hospital visit")],
            description="Visits of a person to a hospital: admission to discharge.",
        ),
        TableSample(
            "person",
            [ColumnSample("year_of_birth", description="Year the person was born")],
            description="Demographics of each person.",
        ),
    ]
    affinity = _affinity(source, target)
    assert affinity[("admissions", "visit_occurrence")] == 1.0
    assert affinity[("admissions", "person")] < 0.5


def test_table_names_match_through_synonyms_and_plurals() -> None:
    vocabulary = schema_vocabulary(["Accounts", "account"])
    assert table_name_similarity("Accounts", "account", vocabulary) == 1.0
    assert table_name_similarity("Invoices", "account", vocabulary) < 0.5


def test_without_any_signal_every_target_table_fits_equally() -> None:
    source = [TableSample("x", [ColumnSample("qq")])]
    target = [TableSample("a", [ColumnSample("zz")]), TableSample("b", [ColumnSample("ww")])]
    affinity = _affinity(source, target)
    assert affinity[("x", "a")] == affinity[("x", "b")] == 1.0
