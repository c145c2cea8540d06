"""Entity resolution of accounts across sources, by normalised company name.

Every unified ``account`` row with an ``account_id`` belongs to the
*cluster* of its normalised name
(:func:`~autonomos_dcl.agents.names.normalize_company_name`), or to
``id:<account_id>`` when it has no usable name. An ``account_id`` belongs
to the smallest cluster among its rows; ids that appear only in other
entities (deals, health, usage) form their own ``id:`` cluster. So a deal
in Dynamics and the health score in Supabase of the same company meet in
one cluster when its Dynamics and Salesforce account names normalise alike.

The relations below are temporary tables built once per run.
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
_PROVENANCE = "_source_system, _source_table, _source_row"


def accounts(ctx: RunContext) -> str:
    """Account rows with an ``account_id``, plus their ``cluster`` column."""
    return ctx.materialize(
        "_agent_accounts",
        f"SELECT *, {CLUSTER_SQL} AS cluster FROM {ctx.table(ENTITY)} WHERE account_id IS NOT NULL",
    )


def account_clusters(ctx: RunContext) -> str:
    """One row per account id of the account rows: ``account_id, cluster``."""
    return ctx.materialize(
        "_agent_account_clusters",
        f"SELECT account_id, min(cluster) AS cluster FROM {accounts(ctx)} GROUP BY account_id",
    )


def cluster_names(ctx: RunContext) -> str:
    """``cluster, display_name``: each cluster's name as its first account row spells it."""
    return ctx.materialize(
        "_agent_cluster_names",
        f"SELECT cluster, first(account_name ORDER BY {_PROVENANCE}) AS display_name "
        f"FROM {accounts(ctx)} GROUP BY cluster",
    )


def cluster_of(alias: str) -> str:
    """The cluster of ``<alias>.account_id`` after
    ``LEFT JOIN <account_clusters> ids ON ids.account_id = <alias>.account_id``."""
    return f"coalesce(ids.cluster, '{ID_PREFIX}' || {alias}.account_id)"
