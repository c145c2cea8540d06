"""Tasks, their events, the transactional outbox and callback deliveries.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from autonomos.db.rls import tenant_isolation

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TENANT_TABLES = ("tasks", "task_events", "outbox", "callback_deliveries")


def upgrade() -> None:
    op.execute(
        """
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

        CREATE TABLE outbox (
            id bigserial PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            queue varchar(16) NOT NULL CHECK (queue IN ('tasks', 'callbacks')),
            body jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            attempts integer NOT NULL DEFAULT 0
        );
        CREATE INDEX outbox_created ON outbox (created_at);

        CREATE TABLE callback_deliveries (
            id bigserial PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            event_id uuid NOT NULL,
            attempt integer NOT NULL,
            at timestamptz NOT NULL DEFAULT clock_timestamp(),
            status_code integer,
            error text,
            delivered boolean NOT NULL DEFAULT false
        );
        CREATE INDEX callback_deliveries_task ON callback_deliveries (task_id, id);
        CREATE UNIQUE INDEX callback_delivered_once ON callback_deliveries (event_id)
            WHERE delivered;
        """
    )
    for table in TENANT_TABLES:
        op.execute(tenant_isolation(table))
    op.execute(
        """
        -- The relay resends what was committed but never sent, for every tenant: these
        -- definer functions expose only the outbox, and only to take rows off it.
        CREATE FUNCTION outbox_pending(p_older_than_seconds integer, p_limit integer)
        RETURNS TABLE (id bigint, tenant_id uuid, queue varchar, body jsonb)
        LANGUAGE sql SECURITY DEFINER SET search_path = public AS
        $$ UPDATE outbox SET attempts = attempts + 1
           WHERE outbox.id IN (
               SELECT o.id FROM outbox o
               WHERE o.created_at < clock_timestamp() - make_interval(secs => p_older_than_seconds)
               ORDER BY o.id LIMIT p_limit FOR UPDATE SKIP LOCKED)
           RETURNING outbox.id, outbox.tenant_id, outbox.queue, outbox.body $$;

        CREATE FUNCTION outbox_done(p_ids bigint[]) RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = public AS
        $$ DELETE FROM outbox WHERE id = ANY(p_ids) $$;

        -- Tasks whose message was lost (an emulator restart, a purged queue): queued and
        -- untouched, or running with a lease long expired. Touching updated_at spaces resends.
        CREATE FUNCTION tasks_stalled(p_older_than_seconds integer, p_limit integer)
        RETURNS TABLE (id uuid, tenant_id uuid, correlation_id varchar)
        LANGUAGE sql SECURITY DEFINER SET search_path = public AS
        $$ UPDATE tasks SET updated_at = clock_timestamp()
           WHERE tasks.id IN (
               SELECT t.id FROM tasks t
               WHERE t.status IN ('queued', 'in_progress')
                 AND t.updated_at < clock_timestamp() - make_interval(secs => p_older_than_seconds)
                 AND (t.status = 'queued' OR t.lease_expires_at < clock_timestamp())
                 AND (t.run_after IS NULL OR t.run_after < clock_timestamp())
               ORDER BY t.updated_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
           RETURNING tasks.id, tasks.tenant_id, tasks.correlation_id $$;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP FUNCTION tasks_stalled(integer, integer);
        DROP FUNCTION outbox_done(bigint[]);
        DROP FUNCTION outbox_pending(integer, integer);
        DROP TABLE callback_deliveries;
        DROP TABLE outbox;
        DROP TABLE task_events;
        DROP TABLE tasks;
        """
    )
