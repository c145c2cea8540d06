"""Derive the application role's connection URL from the admin URL."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url


def normalise(url: str) -> URL:
    """A SQLAlchemy URL using the psycopg 3 driver, whatever scheme was given."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def app_role_url(admin_url: str, role: str, password: str) -> URL:
    """The admin URL with the application role's credentials in place of the admin's."""
    return normalise(admin_url).set(username=role, password=password)


def with_database(url: str, database: str) -> URL:
    return normalise(url).set(database=database)
