import uuid

import pytest

from autonomos.tenancy import Role, TenantContext


def test_role_order() -> None:
    assert Role.OWNER.at_least(Role.ADMIN)
    assert Role.ADMIN.at_least(Role.ADMIN)
    assert not Role.MEMBER.at_least(Role.ADMIN)
    assert not Role.ADMIN.at_least(Role.OWNER)


def test_context_is_frozen() -> None:
    ctx = TenantContext(uuid.uuid4(), uuid.uuid4(), Role.MEMBER)
    with pytest.raises(AttributeError):
        ctx.tenant_id = uuid.uuid4()  # type: ignore[misc]


def test_system_context_has_no_user() -> None:
    tenant = uuid.uuid4()
    ctx = TenantContext.system(tenant)
    assert ctx.tenant_id == tenant and ctx.user_id is None
