"""PostgreSQL access: engines, tenant-scoped sessions (RLS), schema and migrations."""

from autonomos.db.database import Database

__all__ = ["Database"]
