"""Helpers of the agents' functional tests: publish the demo data, read unified tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from autonomos_dcl.ontology import DEFAULT_ONTOLOGY
from autonomos_dcl.publish import build_version
from autonomos_dcl.sources.demo import expected_field_mappings, generate_demo


def publish_demo(
    workdir: Path, scale: float, *, skip_entities: frozenset[str] = frozenset()
) -> Path:
    """Publish the demo sources at ``scale`` with the hand-checked mapping, leaving out
    mappings onto ``skip_entities``; returns the version file."""
    mappings = [m for m in expected_field_mappings() if m.entity not in skip_entities]
    info = build_version(workdir, 1, generate_demo(scale), DEFAULT_ONTOLOGY, mappings)
    return info.path


def unified(db_path: Path, entity: str) -> pd.DataFrame:
    """Every row of ``entity``'s unified table (the connection is closed at once)."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(f"SELECT * FROM entity_{entity}").df()
