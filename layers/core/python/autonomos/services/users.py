"""The signed-in user and admin user management inside one tenant."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from autonomos.auth import PasswordHasher
from autonomos.db import Database
from autonomos.db.models import User
from autonomos.errors import Conflict, Forbidden, NotFound, Unauthorized
from autonomos.pagination import Cursor
from autonomos.repositories import users as repo
from autonomos.schemas.auth import (
    CreateUserRequest,
    MeResponse,
    TenantOut,
    UpdateUserRequest,
    UserOut,
    UserPage,
)
from autonomos.tenancy import Role, TenantContext


def require_role(ctx: TenantContext, role: Role) -> None:
    """Raise 403 unless the caller holds ``role`` or a higher one."""
    if not ctx.role.at_least(role):
        raise Forbidden(f"this action needs the {role.value} role")


class UserService:
    def __init__(self, db: Database, hasher: PasswordHasher) -> None:
        self._db = db
        self._hasher = hasher

    def me(self, ctx: TenantContext) -> MeResponse:
        """The caller with their tenant; 401 when the account is gone or disabled."""
        if ctx.user_id is None:
            raise Unauthorized("no user in this context")
        with self._db.tenant(ctx) as session:
            user = repo.get_user(session, ctx.user_id)
            tenant = repo.get_tenant(session, ctx.tenant_id)
            if user is None or tenant is None or not user.is_active:
                raise Unauthorized("account not found or disabled")
            return MeResponse(
                **UserOut.model_validate(user).model_dump(),
                tenant=TenantOut(id=tenant.id, name=tenant.name),
            )

    def list_users(self, ctx: TenantContext, limit: int, cursor: str | None) -> UserPage:
        require_role(ctx, Role.ADMIN)
        with self._db.tenant(ctx) as session:
            page = repo.list_users(session, limit, Cursor.decode(cursor) if cursor else None)
            return UserPage(
                items=[UserOut.model_validate(u) for u in page.items],
                next_cursor=page.next_cursor,
            )

    def create(self, ctx: TenantContext, request: CreateUserRequest) -> UserOut:
        """Add a user to the caller's tenant. Only an owner may create another owner."""
        require_role(ctx, Role.ADMIN)
        if request.role == Role.OWNER.value:
            require_role(ctx, Role.OWNER)
        password_hash = self._hasher.hash(request.password)
        try:
            with self._db.tenant(ctx) as session:
                user = repo.add_user(
                    session,
                    User(
                        id=uuid.uuid4(),
                        tenant_id=ctx.tenant_id,
                        email=request.email,
                        name=request.name,
                        password_hash=password_hash,
                        role=request.role,
                        is_active=True,
                    ),
                )
                return UserOut.model_validate(user)
        except IntegrityError as exc:
            raise Conflict(
                "an account with this e-mail already exists", {"field": "email"}
            ) from exc

    def update(self, ctx: TenantContext, user_id: uuid.UUID, request: UpdateUserRequest) -> UserOut:
        """Change a user's role or active flag.

        Admins manage users; only owners touch owners or grant the owner role; the tenant
        always keeps at least one active owner; nobody changes their own role or flag.
        """
        require_role(ctx, Role.ADMIN)
        with self._db.tenant(ctx) as session:
            user = repo.get_user(session, user_id, for_update=True)
            if user is None:
                raise NotFound("user not found")
            if user.id == ctx.user_id:
                raise Forbidden("you cannot change your own role or status")
            touches_owner = user.role == Role.OWNER.value or request.role == Role.OWNER.value
            if touches_owner:
                require_role(ctx, Role.OWNER)
            if request.role is not None:
                user.role = request.role
            if request.is_active is not None:
                user.is_active = request.is_active
            session.flush()
            if touches_owner and repo.count_active_owners(session) == 0:
                raise Conflict("a tenant must keep at least one active owner")
            return UserOut.model_validate(user)
