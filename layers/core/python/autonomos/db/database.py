"""Engines and sessions. Every tenant session sets ``app.tenant_id`` for its transaction."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from autonomos.errors import ServiceUnavailable
from autonomos.tenancy import TenantContext

_SET_TENANT = text("SELECT set_config('app.tenant_id', :tenant, true)")
_IDLE_SINCE = "autonomos_idle_since"


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

    def __init__(
        self,
        url: URL | str,
        pool_size: int = 20,
        pooled: bool = True,
        ping_after_idle_seconds: float = 5.0,
    ) -> None:
        """``pool_size`` connections stay open (a new PostgreSQL backend costs milliseconds of
        server CPU, so the pool should cover the process's usual concurrency); bursts may open
        half as many more, closed when returned to a full pool. ``pooled=False`` opens one per
        transaction (Lambda, behind RDS Proxy).

        A pooled connection that sat idle for ``ping_after_idle_seconds`` is pinged before use
        and replaced if the server is gone (a restart); one in steady use is not (a ping is
        a round trip per transaction). A connection broken in between fails its transaction
        (503, retryable) and the pool drops every connection older than the failure.
        """
        kwargs: dict[str, object] = {}
        if pooled:
            kwargs.update(pool_size=pool_size, max_overflow=pool_size // 2, pool_recycle=300)
        else:
            kwargs["poolclass"] = NullPool
        self.engine: Engine = create_engine(url, connect_args={"connect_timeout": 5}, **kwargs)
        self._ping_after_idle = ping_after_idle_seconds
        event.listen(self.engine, "checkin", _note_idle)
        event.listen(self.engine, "checkout", self._ping_if_idle)
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
    def autocommit(self) -> Iterator[Session]:
        """A session with no tenant whose statements commit one by one, without the round
        trips that open and commit a transaction: for single statements that need no
        transaction of their own (clearing sent outbox rows)."""
        with (
            _unavailable_on_connection_loss(),
            self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn,
            Session(bind=conn) as session,
        ):
            yield session

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with (
            _unavailable_on_connection_loss(),
            self._sessions() as session,
            session.begin(),
        ):
            yield session

    def _ping_if_idle(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        """Pool ``checkout`` hook: raising ``DisconnectionError`` makes the pool discard the
        connection and try a new one."""
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < self._ping_after_idle:
            return
        try:
            alive = self.engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError("connection lost while idle") from exc
        if not alive:
            raise DisconnectionError("connection lost while idle")

    def ping(self) -> None:
        """Raise :class:`ServiceUnavailable` unless the database answers."""
        with self.anonymous() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _unavailable_on_connection_loss() -> Iterator[None]:
    """:class:`ServiceUnavailable` (503, retryable) for a database that cannot be reached or
    a connection lost mid-way; other database errors pass through."""
    try:
        yield
    except OperationalError as exc:
        raise ServiceUnavailable("database unavailable", {"component": "database"}) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise ServiceUnavailable("database unavailable", {"component": "database"}) from exc
        raise


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_IDLE_SINCE] = time.monotonic()
