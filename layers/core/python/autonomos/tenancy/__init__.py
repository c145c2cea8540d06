"""Tenant identity: built once at the edge, passed down, never re-read from a request."""

from autonomos.tenancy.context import Role, TenantContext

__all__ = ["Role", "TenantContext"]
