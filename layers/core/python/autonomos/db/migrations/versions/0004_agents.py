"""Agents: findings, proposed actions with their approvals, and AOA runs.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from autonomos.db.rls import tenant_isolation

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("agent_runs", "agent_findings", "agent_actions", "aoa_runs")


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE agent_runs (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            agent_id varchar(64) NOT NULL,
            task_id uuid,
            version integer,
            status varchar(24) NOT NULL,
            missing jsonb NOT NULL DEFAULT '[]'::jsonb,
            summary text,
            summary_method varchar(16),
            created_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE INDEX agent_runs_latest ON agent_runs (tenant_id, agent_id, created_at DESC);

        CREATE TABLE agent_findings (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            run_id uuid NOT NULL REFERENCES agent_runs(id) ON DELETE CASCADE,
            agent_id varchar(64) NOT NULL,
            kind varchar(64) NOT NULL,
            severity varchar(16) NOT NULL,
            title text NOT NULL,
            detail text NOT NULL,
            evidence jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE INDEX agent_findings_run ON agent_findings (run_id);

        CREATE TABLE agent_actions (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            finding_id uuid NOT NULL REFERENCES agent_findings(id) ON DELETE CASCADE,
            agent_id varchar(64) NOT NULL,
            kind varchar(32) NOT NULL,
            title text NOT NULL,
            payload jsonb NOT NULL,
            status varchar(24) NOT NULL CHECK (status IN
                ('proposed', 'awaiting_approval', 'approved', 'rejected', 'executed', 'failed')),
            autonomy_mode varchar(16) NOT NULL,
            task_id uuid,
            decided_by uuid,
            decided_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE INDEX agent_actions_status ON agent_actions (tenant_id, status);

        CREATE TABLE aoa_runs (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            task_id uuid NOT NULL,
            status varchar(16) NOT NULL CHECK (status IN ('active', 'succeeded', 'failed')),
            request jsonb NOT NULL,
            stages jsonb NOT NULL DEFAULT '[]'::jsonb,
            error text,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            finished_at timestamptz
        );
        CREATE UNIQUE INDEX aoa_one_active_run ON aoa_runs (tenant_id) WHERE status = 'active';
        """
    )
    for table in TABLES:
        op.execute(tenant_isolation(table))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
