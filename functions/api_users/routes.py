"""The signed-in user and admin user management."""

import uuid

from autonomos.http import Api
from autonomos.runtime import runtime
from autonomos.schemas.auth import (
    CreateUserRequest,
    MeResponse,
    UpdateUserRequest,
    UserOut,
    UserPage,
)
from autonomos.schemas.common import ListQuery
from autonomos.tenancy import TenantContext

api = Api(__name__, tag="users")


@api.get("/api/v1/users/me")
def me(ctx: TenantContext) -> MeResponse:
    """The signed-in user with their tenant."""
    return runtime().users.me(ctx)


@api.get("/api/v1/users")
def list_users(ctx: TenantContext, query: ListQuery) -> UserPage:
    """The tenant's users, newest first (admin)."""
    return runtime().users.list_users(ctx, query.limit, query.cursor)


@api.post("/api/v1/users", status=201, responses={409: "The e-mail is taken"})
def create_user(ctx: TenantContext, body: CreateUserRequest) -> UserOut:
    """Add a user to the tenant (admin; owners only may add owners)."""
    return runtime().users.create(ctx, body)


@api.patch("/api/v1/users/{user_id}", responses={409: "A tenant must keep an active owner"})
def update_user(ctx: TenantContext, user_id: uuid.UUID, body: UpdateUserRequest) -> UserOut:
    """Change a user's role or active flag (admin)."""
    return runtime().users.update(ctx, user_id, body)
