"""Engines and sessions. Every tenant session sets ``app.tenant_id`` for its transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from autonomos.errors import ServiceUnavailable
from autonomos.tenancy import TenantContext

_SET_TENANT = text("SELECT set_config('app.tenant_id', :tenant, true)")


class TenantSwitch:
    """The session of a :meth:`Database.tenants` transaction and the tenant its statements
    run as."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def use(self, ctx: TenantContext) -> Session:
        """Run what follows as ``ctx``'s tenant. Changes made so far are flushed first, as
        the tenant they were made for."""
        self._session.flush()
        self._session.execute(_SET_TENANT, {"tenant": str(ctx.tenant_id)})
        return self._session


class Database:
    """The application's view of PostgreSQL, connected as the non-owner app role.

    ``tenant(ctx)`` opens a transaction in which row-level security shows only ``ctx``'s
    rows; ``anonymous()`` opens one with no tenant, where tenant tables look empty.
    """

    def __init__(self, url: URL | str, pool_size: int = 20, pooled: bool = True) -> None:
        """``pool_size`` connections stay open (a new PostgreSQL backend costs milliseconds of
        server CPU, so the pool should cover the process's usual concurrency); bursts may open
        half as many more, closed when returned to a full pool. ``pooled=False`` opens one per
        transaction (Lambda, behind RDS Proxy)."""
        kwargs: dict[str, object] = {"pool_pre_ping": True}
        if pooled:
            kwargs.update(pool_size=pool_size, max_overflow=pool_size // 2, pool_recycle=300)
        else:
            kwargs["poolclass"] = NullPool
        self.engine: Engine = create_engine(url, connect_args={"connect_timeout": 5}, **kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def tenant(self, ctx: TenantContext) -> Iterator[Session]:
        """A transaction scoped to ``ctx.tenant_id``; commits on success, rolls back on error."""
        with self._transaction() as session:
            session.execute(_SET_TENANT, {"tenant": str(ctx.tenant_id)})
            yield session

    @contextmanager
    def tenants(self) -> Iterator[TenantSwitch]:
        """One transaction for work of several tenants, one after the other (the worker's
        batch): each ``use(ctx)`` makes row-level security show only ``ctx``'s rows to the
        statements after it; before the first, tenant tables look empty. Commits on success,
        rolls back everything on error."""
        with self._transaction() as session:
            yield TenantSwitch(session)

    @contextmanager
    def anonymous(self) -> Iterator[Session]:
        """A transaction with no tenant: only security-definer functions see rows."""
        with self._transaction() as session:
            yield session

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise ServiceUnavailable("database unavailable", {"component": "database"}) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise ServiceUnavailable("database unavailable", {"component": "database"}) from exc
            raise

    def ping(self) -> None:
        """Raise :class:`ServiceUnavailable` unless the database answers."""
        with self.anonymous() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
