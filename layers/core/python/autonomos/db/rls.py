"""Row-level security DDL shared by the migrations."""


def tenant_isolation(table: str) -> str:
    """Enable RLS on ``table`` with the policy every tenant table has: rows are visible and
    writable only when their ``tenant_id`` is the transaction's ``app.tenant_id``."""
    return f"""
        ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON {table}
            USING (tenant_id = app_current_tenant())
            WITH CHECK (tenant_id = app_current_tenant());
    """
