"""Callbacks whose queue message was lost (an emulator restart, a purged queue).

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE INDEX tasks_callback_finished ON tasks (finished_at)
            WHERE callback_url IS NOT NULL;

        -- Queued (or requeued) callback events of finished tasks that were never delivered,
        -- are not waiting in the outbox, did not end for good (a delivery error matching
        -- p_final_patterns: refused, dead-lettered), and have been silent longer than their
        -- next retry could take: p_quiet_seconds plus the backoff ceiling of the last attempt
        -- (least(p_retry_cap, p_retry_base * 2^(attempts - 1))). Read-only: the relay records
        -- a 'callback_requeued' event, which restarts the silence.
        CREATE FUNCTION callbacks_stalled(
            p_quiet_seconds integer, p_retry_base double precision, p_retry_cap integer,
            p_final_patterns text[], p_limit integer)
        RETURNS TABLE (tenant_id uuid, task_id uuid, event_id uuid, status varchar,
                       correlation_id varchar)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $$ WITH latest AS (
               SELECT e.tenant_id, e.task_id, (e.data->>'event_id')::uuid AS event_id,
                      max(e.at) AS at
               FROM tasks t JOIN task_events e ON e.task_id = t.id
               WHERE t.callback_url IS NOT NULL
                 AND t.finished_at > clock_timestamp() - interval '1 day'
                 AND e.kind IN ('callback_queued', 'callback_requeued')
               GROUP BY 1, 2, 3)
           SELECT l.tenant_id, l.task_id, l.event_id, t.status, t.correlation_id
           FROM latest l
           JOIN tasks t ON t.id = l.task_id
           CROSS JOIN LATERAL (
               SELECT count(*) AS attempts, max(d.at) AS last_at,
                      coalesce(bool_or(d.delivered), false) AS delivered,
                      coalesce(bool_or(d.error LIKE ANY(p_final_patterns)), false) AS final
               FROM callback_deliveries d
               WHERE d.task_id = l.task_id AND d.event_id = l.event_id) d
           WHERE NOT d.delivered AND NOT d.final
             AND NOT EXISTS (
                 SELECT 1 FROM outbox o
                 WHERE o.queue = 'callbacks' AND o.body->>'event_id' = l.event_id::text)
             AND greatest(l.at, coalesce(d.last_at, l.at)) < clock_timestamp()
                 - make_interval(secs => p_quiet_seconds + CASE WHEN d.attempts = 0 THEN 0
                     ELSE least(p_retry_cap, p_retry_base * power(2, d.attempts - 1)) END)
           ORDER BY l.at
           LIMIT p_limit $$;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP FUNCTION callbacks_stalled(integer, double precision, integer, text[], integer);
        DROP INDEX tasks_callback_finished;
        """
    )
