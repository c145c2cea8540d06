"""Version files in a work directory: naming, listing, reading their metadata.

A version is the file ``v<version, 6 digits>.duckdb``; a build in progress
is a hidden ``.staging-*`` file that only becomes a version when committed
(see :mod:`autonomos_dcl.publish.builder`), so listing never shows a half
version.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
from pathlib import Path

from autonomos_dcl.models import PublishedVersion
from autonomos_dcl.publish.connection import open_readonly
from autonomos_dcl.publish.naming import META_TABLE, quote_ident

STAGING_PREFIX = ".staging-"
_VERSION_FILE = re.compile(r"^v(\d{6,})\.duckdb$")


def version_path(workdir: Path, version: int) -> Path:
    """Path of a version's file."""
    return workdir / f"v{version:06d}.duckdb"


def version_numbers(workdir: Path) -> list[int]:
    """Published version numbers in ``workdir``, ascending."""
    if not workdir.is_dir():
        return []
    found = (_VERSION_FILE.match(p.name) for p in workdir.iterdir())
    return sorted(int(m.group(1)) for m in found if m)


def read_version_info(db_path: Path) -> PublishedVersion:
    """The :class:`PublishedVersion` recorded in a version file's ``_meta`` table."""
    with open_readonly(db_path) as connection:
        rows = connection.execute(f"SELECT key, value FROM {quote_ident(META_TABLE)}").fetchall()
    meta = {str(k): str(v) for k, v in rows}
    return PublishedVersion(
        version=int(meta["version"]),
        path=db_path,
        created_at=datetime.fromisoformat(meta["created_at"]),
        tables=tuple(json.loads(meta["tables"])),
        entities=tuple(json.loads(meta["entities"])),
        row_counts=json.loads(meta["row_counts"]),
    )


def list_versions(workdir: Path) -> list[PublishedVersion]:
    """Every published version in ``workdir``, oldest first."""
    return [read_version_info(version_path(workdir, v)) for v in version_numbers(workdir)]


def latest_version(workdir: Path) -> PublishedVersion | None:
    """The newest complete version, or None."""
    numbers = version_numbers(workdir)
    return read_version_info(version_path(workdir, numbers[-1])) if numbers else None


def remove_staging(workdir: Path, older_than_s: float = 0.0) -> int:
    """Delete leftovers of builds that never committed (after a crash); returns how many.

    Only files older than ``older_than_s`` seconds go, so a caller that does
    not hold the tenant's publish lock can keep builds in progress safe.
    """
    if not workdir.is_dir():
        return 0
    cutoff = time.time() - older_than_s
    removed = 0
    for leftover in workdir.glob(STAGING_PREFIX + "*"):
        try:
            if older_than_s <= 0 or leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
