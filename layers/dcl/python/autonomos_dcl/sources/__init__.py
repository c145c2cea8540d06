"""Source readers: bundled demo systems, uploaded files, SQL databases, catalogue.

Every reader returns Arrow tables (``{table name: pyarrow.Table}``);
:func:`describe_source` turns them into the catalogue's :class:`Source`.
"""

from autonomos_dcl.sources.catalog import demo_catalog, describe_source, describe_table
from autonomos_dcl.sources.demo import DEMO_KEYS, generate_demo
from autonomos_dcl.sources.files import FileLimits, read_file, read_files
from autonomos_dcl.sources.sql import SqlLimits, list_sql_tables, read_sql_tables

__all__ = [
    "DEMO_KEYS",
    "FileLimits",
    "SqlLimits",
    "demo_catalog",
    "describe_source",
    "describe_table",
    "generate_demo",
    "list_sql_tables",
    "read_file",
    "read_files",
    "read_sql_tables",
]
