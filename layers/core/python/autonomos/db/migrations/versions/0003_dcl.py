"""DCL: tenant ontology, sources, mappings (review), mapping memory, versions and state.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from autonomos.db.rls import tenant_isolation

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = (
    "dcl_ontologies",
    "dcl_sources",
    "dcl_mappings",
    "dcl_memory",
    "dcl_versions",
    "dcl_state",
)


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE dcl_ontologies (
            tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
            document jsonb NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );

        CREATE TABLE dcl_sources (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            key varchar(80) NOT NULL,
            name varchar(200) NOT NULL,
            kind varchar(8) NOT NULL CHECK (kind IN ('file', 'sql')),
            system varchar(80) NOT NULL,
            tables jsonb NOT NULL,
            object_prefix text,
            sql_url_sealed text,
            sql_tables jsonb,
            fingerprint varchar(64) NOT NULL,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            UNIQUE (tenant_id, key)
        );

        CREATE TABLE dcl_mappings (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            source_key varchar(80) NOT NULL,
            source_system varchar(80) NOT NULL,
            table_name varchar(256) NOT NULL,
            column_name varchar(256) NOT NULL,
            entity varchar(80) NOT NULL,
            field varchar(80) NOT NULL,
            confidence double precision NOT NULL,
            method varchar(16) NOT NULL,
            status varchar(16) NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
            decided_by uuid,
            decided_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            UNIQUE (tenant_id, source_key, table_name, column_name, entity, field)
        );
        CREATE INDEX dcl_mappings_status ON dcl_mappings (tenant_id, status, created_at, id);

        CREATE TABLE dcl_memory (
            id bigserial PRIMARY KEY,
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            source_system varchar(80) NOT NULL,
            source_table varchar(256) NOT NULL,
            source_column varchar(256) NOT NULL,
            entity varchar(80) NOT NULL,
            field varchar(80) NOT NULL,
            origin varchar(16) NOT NULL,
            value_kind varchar(32),
            sample_values jsonb NOT NULL DEFAULT '[]'::jsonb,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            UNIQUE (tenant_id, source_system, source_table, source_column, entity, field)
        );

        CREATE TABLE dcl_versions (
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            version integer NOT NULL,
            object_key text NOT NULL,
            content_hash varchar(64) NOT NULL,
            fencing_token bigint NOT NULL,
            selection jsonb NOT NULL,
            row_counts jsonb NOT NULL,
            entities jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            PRIMARY KEY (tenant_id, version)
        );

        CREATE TABLE dcl_state (
            tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
            selected_sources jsonb NOT NULL DEFAULT '[]'::jsonb,
            selected_agents jsonb NOT NULL DEFAULT '[]'::jsonb,
            llm_model varchar(100),
            mode varchar(16) NOT NULL DEFAULT 'heuristic',
            current_version integer,
            fencing_token bigint NOT NULL DEFAULT 0,
            events jsonb NOT NULL DEFAULT '[]'::jsonb,
            memory_stats jsonb NOT NULL DEFAULT '{}'::jsonb,
            llm_calls integer NOT NULL DEFAULT 0,
            llm_tokens integer NOT NULL DEFAULT 0,
            stage_seconds jsonb NOT NULL DEFAULT '{}'::jsonb,
            updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        """
    )
    for table in TABLES:
        op.execute(tenant_isolation(table))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
