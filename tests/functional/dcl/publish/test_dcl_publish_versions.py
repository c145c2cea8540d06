"""Publishing demo data: unified tables hold every mapped row; versions are immutable
and a crash before the commit leaves the previous version in place."""

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

from autonomos_dcl.errors import InvalidMappingError, VersionExistsError
from autonomos_dcl.models import FieldMapping, PublishedVersion
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.publish import (
    build_version,
    latest_version,
    lineage,
    list_versions,
    open_readonly,
    read_version_info,
    remove_staging,
    table_feeds,
    version_path,
)
from autonomos_dcl.sources.demo import expected_field_mappings, generate_demo

DCL_PATH = Path(__file__).resolve().parents[4] / "layers" / "dcl" / "python"
SCALE = 0.2


@pytest.fixture(scope="module")
def demo() -> dict[str, dict[str, pa.Table]]:
    return generate_demo(scale=SCALE)


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory, demo: dict[str, dict[str, pa.Table]]
) -> PublishedVersion:
    workdir = tmp_path_factory.mktemp("versions")
    return build_version(workdir, 1, demo, DEFAULT_ONTOLOGY, expected_field_mappings())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unified_tables_hold_every_row_of_every_mapped_table(
    published: PublishedVersion, demo: dict[str, dict[str, pa.Table]]
) -> None:
    feeds = table_feeds(DEFAULT_ONTOLOGY, expected_field_mappings())
    with open_readonly(published.path) as db:
        for entity in DEFAULT_ONTOLOGY.entities:
            expected = {
                (f.source_key, f.table): demo[f.source_key][f.table].num_rows
                for f in feeds
                if f.entity == entity.name
            }
            rows = db.execute(
                f"SELECT _source_key, _source_table, count(*), min(_source_row), "
                f"max(_source_row), count(DISTINCT _source_row) FROM entity_{entity.name} "
                "GROUP BY ALL"
            ).fetchall()
            found = {(k, t): n for k, t, n, *_ in rows}
            assert found == expected, entity.name
            for _, _, n, low, high, distinct in rows:
                assert (low, high, distinct) == (0, n - 1, n)
            assert published.row_counts[f"entity_{entity.name}"] == sum(expected.values())
            assert len(expected) >= 1


def test_every_source_table_is_loaded_as_is(
    published: PublishedVersion, demo: dict[str, dict[str, pa.Table]]
) -> None:
    with open_readonly(published.path) as db:
        catalogue = db.execute(
            "SELECT table_name, source_key, source_table, row_count FROM _sources"
        ).fetchall()
        assert len(catalogue) == sum(len(t) for t in demo.values())
        for name, key, table, rows in catalogue:
            assert rows == demo[key][table].num_rows
            [(count,)] = db.execute(f'SELECT count(*) FROM "{name}"').fetchall()
            assert count == rows
            columns = [r[0] for r in db.execute(f'DESCRIBE "{name}"').fetchall()]
            assert columns == demo[key][table].column_names


def test_demo_values_are_converted(published: PublishedVersion) -> None:
    with open_readonly(published.path) as db:
        probabilities = dict(
            db.execute(
                "SELECT _source_key, max(probability) FROM entity_opportunity GROUP BY ALL"
            ).fetchall()
        )
        assert probabilities["hubspot"] == 100.0  # 0-1 fractions scaled to percent
        costs = db.execute(
            "SELECT count(*), count(cost), count(report_date) FROM entity_cost_reports "
            "WHERE _source_key = 'netsuite'"
        ).fetchall()[0]
        assert costs[0] == costs[1] == costs[2] > 0  # "$1,234.56" text and MM/DD/YYYY dates
        [(sap_dates,)] = db.execute(
            "SELECT count(report_date) = count(*) FROM entity_cost_reports "
            "WHERE _source_key = 'sap'"
        ).fetchall()
        assert sap_dates


def test_lineage_and_version_info_are_read_back(published: PublishedVersion) -> None:
    [match] = lineage(published.path, "opportunity.probability")
    transforms = {s.system: s.transform for s in match.sources}
    assert transforms["hubspot"] == "ratio_to_percent"
    assert match.agents == ("revops_pilot",)
    info = read_version_info(published.path)
    assert info == published


def test_versions_are_listed_immutable_and_never_overwritten(
    tmp_path: Path, demo: dict[str, dict[str, pa.Table]]
) -> None:
    mappings = expected_field_mappings()
    first = build_version(tmp_path, 1, demo, DEFAULT_ONTOLOGY, mappings)
    digest = _digest(first.path)
    second = build_version(tmp_path, 2, demo, DEFAULT_ONTOLOGY, mappings[:10])
    assert [v.version for v in list_versions(tmp_path)] == [1, 2]
    assert latest_version(tmp_path) == second
    with pytest.raises(VersionExistsError) as raised:
        build_version(tmp_path, 1, demo, DEFAULT_ONTOLOGY, mappings)
    assert raised.value.status == 409
    assert _digest(first.path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v000001.duckdb", "v000002.duckdb"]


def test_a_bad_mapping_fails_before_anything_is_written(
    tmp_path: Path, demo: dict[str, dict[str, pa.Table]]
) -> None:
    bad = FieldMapping("sap", "sap", "BILLING_ITEMS", "NOPE", "cost_reports", "cost", 0.9, "llm")
    with pytest.raises(InvalidMappingError, match="unknown column 'NOPE'") as raised:
        build_version(tmp_path, 1, demo, DEFAULT_ONTOLOGY, [bad])
    assert raised.value.status == 400
    assert list(tmp_path.iterdir()) == []


def test_a_crash_between_build_and_commit_keeps_the_previous_version(
    tmp_path: Path, demo: dict[str, dict[str, pa.Table]]
) -> None:
    first = build_version(tmp_path, 1, demo, DEFAULT_ONTOLOGY, expected_field_mappings())
    digest = _digest(first.path)
    crash = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
        from autonomos_dcl.publish import stage_version
        from autonomos_dcl.sources.demo import expected_field_mappings, generate_demo

        staged = stage_version(Path({str(tmp_path)!r}), 2, generate_demo(scale={SCALE}),
                               DEFAULT_ONTOLOGY, expected_field_mappings())
        assert staged.staging_path.exists()
        os._exit(137)  # the process dies before commit_version
        """
    )
    env = {**os.environ, "PYTHONPATH": str(DCL_PATH)}
    result = subprocess.run([sys.executable, "-c", crash], env=env, timeout=120, check=False)
    assert result.returncode == 137
    assert not version_path(tmp_path, 2).exists()
    assert latest_version(tmp_path) == first
    assert _digest(first.path) == digest
    with open_readonly(first.path) as db:
        assert db.execute("SELECT count(*) FROM entity_account").fetchall()[0][0] > 0
    assert remove_staging(tmp_path, older_than_s=3600) == 0  # a fresh file may be a live build
    assert remove_staging(tmp_path) >= 1
    assert [p.name for p in tmp_path.iterdir()] == ["v000001.duckdb"]
    second = build_version(tmp_path, 2, demo, DEFAULT_ONTOLOGY, expected_field_mappings())
    assert latest_version(tmp_path) == second


def test_views_instead_of_tables_give_the_same_unified_rows(
    tmp_path: Path, published: PublishedVersion, demo: dict[str, dict[str, pa.Table]]
) -> None:
    as_views = build_version(
        tmp_path, 1, demo, DEFAULT_ONTOLOGY, expected_field_mappings(), materialize=False
    )
    assert as_views.row_counts == published.row_counts
    query = (
        "SELECT count(*), sum(cost), min(report_date), max(report_date), count(DISTINCT cost_id) "
        "FROM entity_cost_reports"
    )
    with open_readonly(published.path) as tables, open_readonly(as_views.path) as views:
        [(kind,)] = views.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = 'entity_account'"
        ).fetchall()
        assert kind == "VIEW"
        assert views.execute(query).fetchall() == tables.execute(query).fetchall()
    assert as_views.path.stat().st_size < published.path.stat().st_size
