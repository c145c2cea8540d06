"""Build one immutable published version: a DuckDB file per version.

``build_version`` = ``stage_version`` (write everything into a hidden
staging file) + ``commit_version`` (make it the version file in one atomic
step). The commit hard-links the staging file to its final name, which
fails if that version already exists, so versions are never overwritten; a
crash before the commit leaves only a staging file, which readers ignore and
:func:`~autonomos_dcl.publish.store.remove_staging` deletes.

Inside the file:

- ``src_<source>__<table>``: every source table, loaded from Arrow as is;
- ``entity_<name>``: per ontology entity, the ``UNION ALL`` of every table
  that feeds it (see :mod:`~autonomos_dcl.publish.feeds`), fields converted
  to the field types (see :mod:`~autonomos_dcl.publish.transforms`), plus
  ``_source_key``, ``_source_system``, ``_source_table`` and ``_source_row``
  (the row's position in its source table); entities no table feeds are
  empty tables with the same columns;
- ``_lineage``: one row per (unified field, source column) with method,
  confidence and applied transform;
- ``_sources``: the source tables and their names in the file;
- ``_meta``: key/value metadata (version, created_at, ontology, row counts).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from autonomos_dcl.errors import InvalidMappingError, PublishError, VersionExistsError
from autonomos_dcl.models import FieldMapping, Ontology, PublishedVersion
from autonomos_dcl.publish.feeds import mapping_problems
from autonomos_dcl.publish.store import STAGING_PREFIX, version_path
from autonomos_dcl.publish.writer import BuildJob, SourceTables, write_version

_MAX_LISTED_PROBLEMS = 5


@dataclass(frozen=True)
class StagedVersion:
    """A fully written version that is not visible yet (see :func:`commit_version`)."""

    staging_path: Path
    info: PublishedVersion


def build_version(
    workdir: Path,
    version: int,
    sources: SourceTables,
    ontology: Ontology,
    mappings: Sequence[FieldMapping],
    *,
    systems: Mapping[str, str] | None = None,
    materialize: bool = True,
) -> PublishedVersion:
    """Build and commit version ``version`` in ``workdir`` (see the module docstring).

    ``systems`` names each source key's system (default: from the mappings,
    else the key). ``materialize=False`` makes the ``entity_*`` unions views
    over the source tables instead of tables: a faster publish and a smaller
    file, for conversions redone at each read.

    Raises :class:`InvalidMappingError` (400) when a mapping names an unknown
    table, column, entity, field or transform, :class:`VersionExistsError`
    (409) when the version exists, and
    :class:`PublishError` when DuckDB fails; nothing is left behind on error.
    """
    staged = stage_version(
        workdir, version, sources, ontology, mappings, systems=systems, materialize=materialize
    )
    try:
        return commit_version(staged)
    except BaseException:
        discard_version(staged)
        raise


def stage_version(
    workdir: Path,
    version: int,
    sources: SourceTables,
    ontology: Ontology,
    mappings: Sequence[FieldMapping],
    *,
    systems: Mapping[str, str] | None = None,
    materialize: bool = True,
) -> StagedVersion:
    """Write the whole version into a staging file; nothing is visible until committed.

    Same arguments and errors as :func:`build_version`.
    """
    if version < 1:
        raise PublishError("version numbers start at 1")
    final = version_path(workdir, version)
    if final.exists():
        raise VersionExistsError(f"version {version} is already published")
    columns = {
        (k, t): set(table.column_names) for k, ts in sources.items() for t, table in ts.items()
    }
    problems = mapping_problems(columns, ontology, mappings)
    if problems:
        listed = "; ".join(problems[:_MAX_LISTED_PROBLEMS])
        more = len(problems) - _MAX_LISTED_PROBLEMS
        raise InvalidMappingError(f"{listed}{f'; and {more} more' if more > 0 else ''}")
    workdir.mkdir(parents=True, exist_ok=True)
    staging = workdir / f"{STAGING_PREFIX}v{version:06d}-{uuid.uuid4().hex}.duckdb"
    job = BuildJob(
        version=version,
        final=final,
        created_at=datetime.now(UTC),
        ontology=ontology,
        mappings=tuple(mappings),
        system_of={m.source_key: m.source_system for m in mappings} | dict(systems or {}),
        materialize=materialize,
    )
    try:
        with duckdb.connect(str(staging)) as connection:
            info = write_version(connection, job, sources)
            connection.execute("CHECKPOINT")
    except duckdb.Error as exc:
        _remove(staging)
        raise PublishError(f"building version {version} failed: {exc}") from exc
    except BaseException:
        _remove(staging)
        raise
    return StagedVersion(staging_path=staging, info=info)


def commit_version(staged: StagedVersion) -> PublishedVersion:
    """Make a staged version visible, atomically and without overwriting."""
    final = staged.info.path
    _fsync(staged.staging_path)
    try:
        os.link(staged.staging_path, final)
    except FileExistsError as exc:
        raise VersionExistsError(f"version {staged.info.version} is already published") from exc
    except OSError:  # file systems without hard links: check, then atomic rename
        if final.exists():
            raise VersionExistsError(
                f"version {staged.info.version} is already published"
            ) from None
        os.replace(staged.staging_path, final)
    _remove(staged.staging_path)
    _fsync_dir(final.parent)
    return staged.info


def discard_version(staged: StagedVersion) -> None:
    """Delete a staged version that will not be committed."""
    _remove(staged.staging_path)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(directory: Path) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
