"""Publish: immutable versioned DuckDB files with per-source tables, unified
entity tables, lineage and metadata; previews, lineage queries and read-only
connections for agents."""

from autonomos_dcl.publish.builder import (
    StagedVersion,
    build_version,
    commit_version,
    discard_version,
    stage_version,
)
from autonomos_dcl.publish.connection import open_readonly
from autonomos_dcl.publish.feeds import TableFeed, mapping_problems, source_columns, table_feeds
from autonomos_dcl.publish.lineage import LineageMatch, lineage, read_lineage
from autonomos_dcl.publish.naming import entity_table_name
from autonomos_dcl.publish.preview import read_preview
from autonomos_dcl.publish.store import (
    latest_version,
    list_versions,
    read_version_info,
    remove_staging,
    version_path,
)
from autonomos_dcl.publish.transforms import TRANSFORMS

__all__ = [
    "TRANSFORMS",
    "LineageMatch",
    "StagedVersion",
    "TableFeed",
    "build_version",
    "commit_version",
    "discard_version",
    "entity_table_name",
    "latest_version",
    "lineage",
    "list_versions",
    "mapping_problems",
    "open_readonly",
    "read_lineage",
    "read_preview",
    "read_version_info",
    "remove_staging",
    "source_columns",
    "stage_version",
    "table_feeds",
    "version_path",
]
