"""The frozen tenant context every service and repository receives."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class Role(enum.StrEnum):
    """Roles inside a tenant, from most to least privileged."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"

    @property
    def rank(self) -> int:
        return {Role.OWNER: 3, Role.ADMIN: 2, Role.MEMBER: 1}[self]

    def at_least(self, other: Role) -> bool:
        """Whether this role carries every permission of ``other``."""
        return self.rank >= other.rank


@dataclass(frozen=True, slots=True)
class TenantContext:
    """Who is acting, for which tenant. Built from a verified JWT (or a trusted queue message)."""

    tenant_id: uuid.UUID
    user_id: uuid.UUID | None
    role: Role

    @classmethod
    def system(cls, tenant_id: uuid.UUID) -> TenantContext:
        """A context for work the platform does on a tenant's behalf (workers, callbacks)."""
        return cls(tenant_id=tenant_id, user_id=None, role=Role.OWNER)
