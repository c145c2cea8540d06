"""Pooled connections: the ones that sat idle are checked before use."""

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


def test_an_idle_connection_lost_meanwhile_is_replaced_unnoticed(
    admin_database_url: str, terminate
) -> None:  # type: ignore[no-untyped-def]
    db = Database(app_role_url(admin_database_url), pool_size=1, ping_after_idle_seconds=0.2)
    try:
        first = backend_pid(db)
        terminate(first)
        time.sleep(0.3)
        assert backend_pid(db) != first
    finally:
        db.dispose()


def test_a_connection_in_steady_use_is_not_pinged_and_a_loss_costs_one_transaction(
    admin_database_url: str, terminate
) -> None:  # type: ignore[no-untyped-def]
    db = Database(app_role_url(admin_database_url), pool_size=1, ping_after_idle_seconds=60)
    try:
        first = backend_pid(db)
        terminate(first)
        with pytest.raises(ServiceUnavailable):
            backend_pid(db)
        assert backend_pid(db) != first
    finally:
        db.dispose()


def test_autocommit_statements_run_each_in_a_transaction_of_their_own(
    admin_database_url: str, stack: RunningStack
) -> None:
    db = Database(app_role_url(admin_database_url), pool_size=1)
    own_transaction = text("SELECT now() = statement_timestamp()")
    try:
        with db.autocommit() as session:
            session.execute(text("SELECT pg_sleep(0.05)"))
            assert session.scalar(own_transaction) is True
        with db.anonymous() as session:
            session.execute(text("SELECT pg_sleep(0.05)"))
            assert session.scalar(own_transaction) is False
    finally:
        db.dispose()
