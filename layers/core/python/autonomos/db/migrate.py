"""Bring a database to the current schema and make sure the app role can use it.

Runs as the admin (schema owner). The application role is created without SUPERUSER or
BYPASSRLS and is granted data access only, so row-level security always applies to it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from autonomos.db.urls import normalise

MIGRATIONS = Path(__file__).parent / "migrations"


def ensure_database(admin_url: str) -> None:
    """Create the URL's database when it does not exist yet (connecting to ``postgres``)."""
    url = normalise(admin_url)
    name = url.database
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


def ensure_app_role(admin_url: str | URL, role: str, password: str) -> None:
    """Create or update the application role (LOGIN, NOSUPERUSER, NOBYPASSRLS)."""
    engine = create_engine(
        normalise(str(admin_url)) if isinstance(admin_url, str) else admin_url,
        isolation_level="AUTOCOMMIT",
    )
    quoted = role.replace('"', '""')
    literal = password.replace("'", "''")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
            ).scalar()
            if not exists:
                with contextlib.suppress(DBAPIError):  # created concurrently elsewhere
                    conn.execute(text(f"CREATE ROLE \"{quoted}\" LOGIN PASSWORD '{literal}'"))
            conn.execute(
                text(
                    f'ALTER ROLE "{quoted}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB '
                    f"NOCREATEROLE PASSWORD '{literal}'"
                )
            )
    finally:
        engine.dispose()


def upgrade(admin_url: str, app_role: str, app_password: str) -> None:
    """Create the database if needed, the app role, apply migrations and grant data access."""
    ensure_database(admin_url)
    ensure_app_role(admin_url, app_role, app_password)
    engine = create_engine(normalise(admin_url))
    quoted = app_role.replace('"', '""')
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(727001)"))
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{quoted}"'))
            conn.execute(
                text(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                    f'TO "{quoted}"'
                )
            )
            conn.execute(text(f'REVOKE ALL ON alembic_version FROM "{quoted}"'))
            conn.execute(
                text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{quoted}"')
            )
            conn.execute(text(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{quoted}"'))
    finally:
        engine.dispose()
