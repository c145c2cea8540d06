"""Row-level security, checked with raw SQL as the application role."""

import uuid

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from autonomos.db import Database
from autonomos.tenancy import TenantContext
from tests.support.api import register
from tests.support.services import RunningStack, app_role_url


@pytest.fixture
def app_engine(stack: RunningStack, admin_database_url: str):  # type: ignore[no-untyped-def]
    engine = create_engine(app_role_url(admin_database_url))
    yield engine
    engine.dispose()


def test_app_role_is_neither_superuser_nor_owner(app_engine) -> None:  # type: ignore[no-untyped-def]
    with app_engine.connect() as conn:
        role = conn.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert role == (False, False)
        owners = conn.execute(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        assert conn.execute(text("SELECT current_user")).scalar() not in set(owners)


def test_query_without_tenant_sees_nothing(api: httpx.Client, app_engine) -> None:  # type: ignore[no-untyped-def]
    register(api)
    with app_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM tenants")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM tenant_settings")).scalar() == 0


def test_tenant_setting_shows_only_that_tenant(api: httpx.Client, app_engine) -> None:  # type: ignore[no-untyped-def]
    a, b = register(api), register(api)
    with app_engine.begin() as conn:
        conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": a.tenant_id})
        emails = set(conn.execute(text("SELECT email FROM users")).scalars())
        assert a.email in emails and b.email not in emails
        tenants = set(conn.execute(text("SELECT id::text FROM tenants")).scalars())
        assert tenants == {a.tenant_id}


def test_writes_into_another_tenant_are_refused(api: httpx.Client, app_engine) -> None:  # type: ignore[no-untyped-def]
    a, b = register(api), register(api)
    with app_engine.begin() as conn:
        conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": a.tenant_id})
        updated = conn.execute(
            text("UPDATE users SET name = 'pwned' WHERE tenant_id = :b"), {"b": b.tenant_id}
        )
        assert updated.rowcount == 0
    with pytest.raises(ProgrammingError, match="row-level security"), app_engine.begin() as conn:
        conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": a.tenant_id})
        conn.execute(
            text(
                "INSERT INTO users (id, tenant_id, email, password_hash, role) "
                "VALUES (:i, :b, :e, 'x', 'member')"
            ),
            {"i": str(uuid.uuid4()), "b": b.tenant_id, "e": f"{uuid.uuid4().hex}@example.com"},
        )


def test_setting_is_transaction_local(api: httpx.Client, app_engine) -> None:  # type: ignore[no-untyped-def]
    a = register(api)
    with app_engine.connect() as conn:
        with conn.begin():
            conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": a.tenant_id})
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0


def test_a_tenants_transaction_shows_each_statement_only_its_tenant(
    api: httpx.Client, stack: RunningStack, admin_database_url: str
) -> None:
    a, b = register(api), register(api)
    db = Database(app_role_url(admin_database_url), pool_size=1)
    ctx_a = TenantContext.system(uuid.UUID(a.tenant_id))
    ctx_b = TenantContext.system(uuid.UUID(b.tenant_id))
    try:
        with db.tenants() as tenants:
            session = tenants.use(ctx_a)
            assert set(session.scalars(text("SELECT email FROM users"))) == {a.email}
            session.execute(
                text("UPDATE users SET name = 'first' WHERE email = :e"), {"e": a.email}
            )
            session = tenants.use(ctx_b)
            assert set(session.scalars(text("SELECT email FROM users"))) == {b.email}
            hidden = session.execute(
                text("UPDATE users SET name = 'pwned' WHERE email = :e"), {"e": a.email}
            )
            assert hidden.rowcount == 0
        with db.tenant(ctx_a) as session:  # committed together
            assert session.scalar(text("SELECT name FROM users")) == "first"
        with pytest.raises(ProgrammingError, match="row-level security"), db.tenants() as tenants:
            tenants.use(ctx_b).execute(
                text(
                    "INSERT INTO users (id, tenant_id, email, password_hash, role) "
                    "VALUES (:i, :a, :e, 'x', 'member')"
                ),
                {"i": str(uuid.uuid4()), "a": a.tenant_id, "e": f"{uuid.uuid4().hex}@x.com"},
            )
    finally:
        db.dispose()
