"""Tenants, users and tenant settings, with row-level security.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION app_current_tenant() RETURNS uuid
        LANGUAGE sql STABLE AS
        $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

        CREATE TABLE tenants (
            id uuid PRIMARY KEY,
            name varchar(200) NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE users (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            email varchar(320) NOT NULL,
            name varchar(200),
            password_hash text NOT NULL,
            role varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
            is_active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE UNIQUE INDEX users_email_key ON users (lower(email));
        CREATE INDEX users_tenant_created ON users (tenant_id, created_at DESC, id DESC);

        CREATE TABLE tenant_settings (
            tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
            webhook_secret text NOT NULL,
            autonomy_mode varchar(16) NOT NULL DEFAULT 'recommend',
            settings jsonb NOT NULL DEFAULT '{}'::jsonb,
            rate_limit_per_minute integer,
            max_tasks_in_flight integer,
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON tenants
            USING (id = app_current_tenant()) WITH CHECK (id = app_current_tenant());

        ALTER TABLE users ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON users
            USING (tenant_id = app_current_tenant())
            WITH CHECK (tenant_id = app_current_tenant());

        ALTER TABLE tenant_settings ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON tenant_settings
            USING (tenant_id = app_current_tenant())
            WITH CHECK (tenant_id = app_current_tenant());

        -- Login happens before a tenant is known: this definer function (owned by the
        -- schema owner, who is not subject to RLS) finds one account by e-mail and nothing else.
        CREATE FUNCTION auth_find_login(p_email text)
        RETURNS TABLE (user_id uuid, tenant_id uuid, password_hash text, role varchar,
                       is_active boolean)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $$ SELECT id, tenant_id, password_hash, role, is_active
           FROM users WHERE lower(email) = lower(p_email) $$;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP FUNCTION auth_find_login(text);
        DROP TABLE tenant_settings;
        DROP TABLE users;
        DROP TABLE tenants;
        DROP FUNCTION app_current_tenant();
        """
    )
