"""Tenants and users. Row-level security already limits every query to the session's tenant."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, text, tuple_
from sqlalchemy.orm import Session

from autonomos.db.models import Tenant, User
from autonomos.pagination import Cursor, Page


@dataclass(frozen=True)
class LoginRecord:
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    password_hash: str
    role: str
    is_active: bool


def find_login(session: Session, email: str) -> LoginRecord | None:
    """The one account with this e-mail, across tenants (via the definer function)."""
    row = session.execute(text("SELECT * FROM auth_find_login(:email)"), {"email": email}).first()
    return LoginRecord(*row) if row else None


def add_tenant(session: Session, tenant_id: uuid.UUID, name: str) -> Tenant:
    tenant = Tenant(id=tenant_id, name=name)
    session.add(tenant)
    return tenant


def get_tenant(session: Session, tenant_id: uuid.UUID) -> Tenant | None:
    return session.get(Tenant, tenant_id)


def add_user(session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, user_id: uuid.UUID, *, for_update: bool = False) -> User | None:
    query = select(User).where(User.id == user_id)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def count_active_owners(session: Session) -> int:
    query = select(func.count()).where(User.role == "owner", User.is_active.is_(True))
    return int(session.scalar(query) or 0)


def list_users(session: Session, limit: int, cursor: Cursor | None) -> Page[User]:
    """The tenant's users, newest first."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc()).limit(limit + 1)
    if cursor is not None:
        query = query.where(tuple_(User.created_at, User.id) < tuple_(cursor.at, cursor.id))
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = Cursor(rows[-1].created_at, rows[-1].id).encode() if more and rows else None
    return Page(rows, nxt)


def set_password_hash(session: Session, user_id: uuid.UUID, password_hash: str) -> None:
    user = session.get(User, user_id)
    if user is not None:
        user.password_hash = password_hash
