"""The baseline's tables: ``tasks`` and ``task_events`` with the same columns and indices as
ours (migration 0002), without row-level security, plus the ``tenants`` they reference."""

from __future__ import annotations

import psycopg

DDL = """
CREATE TABLE tenants (id uuid PRIMARY KEY);

CREATE TABLE tasks (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    type varchar(64) NOT NULL,
    status varchar(16) NOT NULL
        CHECK (status IN ('queued', 'in_progress', 'success', 'failed', 'canceled')),
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    result jsonb,
    error jsonb,
    attempts integer NOT NULL DEFAULT 0,
    max_retries integer NOT NULL DEFAULT 3,
    timeout_seconds integer NOT NULL DEFAULT 30,
    callback_url text,
    idempotency_key varchar(200),
    on_success_next_task jsonb,
    next_task_id uuid,
    parent_task_id uuid,
    cancel_requested boolean NOT NULL DEFAULT false,
    dead_lettered boolean NOT NULL DEFAULT false,
    lease_expires_at timestamptz,
    run_after timestamptz,
    created_by uuid,
    correlation_id varchar(64),
    event_seq integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at timestamptz,
    finished_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX tasks_idempotency ON tasks (tenant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX tasks_tenant_created ON tasks (tenant_id, created_at DESC, id DESC);
CREATE INDEX tasks_tenant_active ON tasks (tenant_id, status)
    WHERE status IN ('queued', 'in_progress');
CREATE INDEX tasks_active_updated ON tasks (updated_at)
    WHERE status IN ('queued', 'in_progress');

CREATE TABLE task_events (
    task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    seq integer NOT NULL,
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    kind varchar(32) NOT NULL,
    message text NOT NULL,
    data jsonb,
    PRIMARY KEY (task_id, seq)
);
"""


def create_schema(database_url: str) -> None:
    """Create the baseline's tables in the (empty) database at ``database_url``."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(DDL)  # a literal holding several statements


def add_tenants(database_url: str, tenant_ids: list[str]) -> None:
    """Register tenants (the rows every task references)."""
    with psycopg.connect(database_url) as conn:
        conn.cursor().executemany(
            "INSERT INTO tenants (id) VALUES (%s) ON CONFLICT DO NOTHING",
            [(t,) for t in tenant_ids],
        )
