"""Entity resolution of accounts across sources, by normalised company name.

Every unified ``account`` row belongs to the *cluster* of its normalised
name (:func:`~autonomos_dcl.agents.names.normalize_company_name`), or to
``id:<account_id>`` when it has no usable name. An ``account_id`` belongs
to the smallest cluster among its rows; ids that appear only in other
entities (deals, health, usage) form their own ``id:`` cluster. So a deal
in Dynamics and the health score in Supabase of the same company meet in
one cluster when the company's Dynamics and Salesforce account names
normalise alike.
"""

from __future__ import annotations

from autonomos_dcl.agents.context import RunContext
from autonomos_dcl.agents.names import normalized_name_sql

ENTITY = "account"
ID_PREFIX = "id:"


CLUSTER_SQL = (
    f"coalesce(nullif({normalized_name_sql('account_name')}, ''), '{ID_PREFIX}' || account_id)"
)
"""The cluster of an account row."""
ACCOUNT_ROW = "account_id IS NOT NULL"
"""Account rows that take part in resolution."""


def account_rows_sql(ctx: RunContext) -> str:
    """Account rows (with ``account_id``) plus their ``cluster`` column."""
    return f"SELECT *, {CLUSTER_SQL} AS cluster FROM {ctx.table(ENTITY)} WHERE {ACCOUNT_ROW}"


def cluster_ids_sql(ctx: RunContext) -> str:
    """One row per account id of the account rows: ``account_id, cluster``."""
    return (
        f"SELECT account_id, min(cluster) AS cluster FROM ({account_rows_sql(ctx)}) "
        "GROUP BY account_id"
    )


def cluster_of(alias: str) -> str:
    """The cluster of ``<alias>.account_id`` after ``LEFT JOIN ids ON ids.account_id = ...``."""
    return f"coalesce(ids.cluster, '{ID_PREFIX}' || {alias}.account_id)"


def cluster_names_sql(ctx: RunContext) -> str:
    """``cluster, display_name``: each cluster's name as its first account row spells it."""
    return (
        "SELECT cluster, first(account_name ORDER BY _source_system, _source_table, "
        f"_source_row) AS display_name FROM ({account_rows_sql(ctx)}) GROUP BY cluster"
    )
