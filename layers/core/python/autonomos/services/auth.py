"""Sign-up and login."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy.exc import IntegrityError

from autonomos.auth import PasswordHasher, TokenService
from autonomos.auth.throttle import LoginThrottle
from autonomos.db import Database
from autonomos.db.models import TenantSettings, User
from autonomos.errors import Conflict, Unauthorized
from autonomos.repositories import users as repo
from autonomos.schemas.auth import (
    LoginRequest,
    RegisterRequest,
    RegisterResponse,
    TenantOut,
    TokenResponse,
    UserOut,
)
from autonomos.tenancy import Role, TenantContext


class AuthService:
    """Creates tenants with their owner, and exchanges credentials for access tokens."""

    def __init__(
        self,
        db: Database,
        hasher: PasswordHasher,
        tokens: TokenService,
        throttle: LoginThrottle | None = None,
    ) -> None:
        self._db = db
        self._hasher = hasher
        self._tokens = tokens
        self._throttle = throttle

    def register(self, request: RegisterRequest) -> RegisterResponse:
        """Create a tenant, its settings and its owner in one transaction; 409 if the e-mail
        is taken (nothing is written then)."""
        tenant_id, user_id = uuid.uuid4(), uuid.uuid4()
        password_hash = self._hasher.hash(request.password)
        try:
            with self._db.tenant(TenantContext.system(tenant_id)) as session:
                tenant = repo.add_tenant(session, tenant_id, request.organization)
                session.flush()
                session.add(
                    TenantSettings(tenant_id=tenant_id, webhook_secret=secrets.token_hex(32))
                )
                user = repo.add_user(
                    session,
                    User(
                        id=user_id,
                        tenant_id=tenant_id,
                        email=request.email,
                        name=request.name,
                        password_hash=password_hash,
                        role=Role.OWNER.value,
                        is_active=True,
                    ),
                )
        except IntegrityError as exc:
            raise Conflict(
                "an account with this e-mail already exists", {"field": "email"}
            ) from exc
        token = self._tokens.issue(user_id, tenant_id, Role.OWNER)
        return RegisterResponse(
            tenant=TenantOut(id=tenant.id, name=tenant.name),
            user=UserOut.model_validate(user),
            access_token=token.access_token,
            expires_in=token.expires_in,
        )

    def login(self, request: LoginRequest, source_ip: str | None = None) -> TokenResponse:
        """A token for valid credentials of an active user; 401 otherwise, and 429 (before
        any password check) once the e-mail or ``source_ip`` is out of login attempts.

        The same Argon2 work happens for unknown e-mails, and outdated hashes are upgraded.
        """
        email = request.email.strip()
        if self._throttle is not None:
            self._throttle.attempt(email, source_ip)
        with self._db.anonymous() as session:
            record = repo.find_login(session, email)
        stored = record.password_hash if record else None
        if not self._hasher.verify(stored, request.password) or record is None:
            raise Unauthorized("invalid e-mail or password")
        if not record.is_active:
            raise Unauthorized("account disabled")
        if self._hasher.needs_rehash(record.password_hash):
            ctx = TenantContext.system(record.tenant_id)
            with self._db.tenant(ctx) as session:
                repo.set_password_hash(session, record.user_id, self._hasher.hash(request.password))
        if self._throttle is not None:
            self._throttle.succeeded(email, source_ip)
        token = self._tokens.issue(record.user_id, record.tenant_id, Role(record.role))
        return TokenResponse(access_token=token.access_token, expires_in=token.expires_in)
