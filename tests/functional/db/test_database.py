"""Pooled connections (the ones that sat idle are checked before use) and autocommit
sessions."""

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from autonomos.db import Database
from autonomos.errors import ServiceUnavailable
from tests.support.services import RunningStack, app_role_url


def backend_pid(db: Database) -> int:
    with db.anonymous() as session:
        return int(session.scalar(text("SELECT pg_backend_pid()")) or 0)


@pytest.fixture
def terminate(stack: RunningStack, admin_database_url: str) -> Iterator:  # type: ignore[type-arg]
    admin = create_engine(admin_database_url)

    def kill(pid: int) -> None:
        with admin.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    yield kill
    admin.dispose()


@pytest.fixture
def open_database(stack: RunningStack, admin_database_url: str) -> Iterator:  # type: ignore[type-arg]
    """Opens a one-connection :class:`Database` as the app role; all are disposed after."""
    opened: list[Database] = []

    def open_one(ping_after_idle_seconds: float = 5.0) -> Database:
        url = app_role_url(admin_database_url)
        opened.append(Database(url, pool_size=1, ping_after_idle_seconds=ping_after_idle_seconds))
        return opened[-1]

    yield open_one
    for db in opened:
        db.dispose()


def test_an_idle_connection_lost_meanwhile_is_replaced_unnoticed(open_database, terminate) -> None:  # type: ignore[no-untyped-def]
    db = open_database(ping_after_idle_seconds=0.2)
    first = backend_pid(db)
    terminate(first)
    time.sleep(0.3)
    assert backend_pid(db) != first


def test_a_connection_in_steady_use_is_not_pinged_and_a_loss_costs_one_transaction(
    open_database, terminate
) -> None:  # type: ignore[no-untyped-def]
    db = open_database(ping_after_idle_seconds=60)
    first = backend_pid(db)
    terminate(first)
    with pytest.raises(ServiceUnavailable):
        backend_pid(db)
    assert backend_pid(db) != first


def test_autocommit_statements_run_each_in_a_transaction_of_their_own(open_database) -> None:  # type: ignore[no-untyped-def]
    db = open_database()
    own_transaction = text("SELECT now() = statement_timestamp()")
    with db.autocommit() as session:
        session.execute(text("SELECT pg_sleep(0.05)"))
        assert session.scalar(own_transaction) is True
    with db.anonymous() as session:
        session.execute(text("SELECT pg_sleep(0.05)"))
        assert session.scalar(own_transaction) is False
