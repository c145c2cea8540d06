"""JWT access tokens: HS256 only, required claims, verified into a :class:`TenantContext`."""

from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass

import jwt

from autonomos.errors import Unauthorized
from autonomos.tenancy import Role, TenantContext

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("exp", "iat", "sub", "tenant_id", "role")
VERIFIED_CACHE_SIZE = 4096


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


class TokenService:
    """Issues and verifies access tokens with one shared secret."""

    def __init__(self, secret: str, ttl_seconds: int, issuer: str = "autonomos") -> None:
        if len(secret) < 32:
            raise ValueError("the JWT secret must be at least 32 characters")
        self._secret = secret
        self._ttl = ttl_seconds
        self._issuer = issuer
        # tokens whose signature and claims were checked: (context, exp), most recent kept
        self._verified = functools.lru_cache(maxsize=VERIFIED_CACHE_SIZE)(self._decode)

    def issue(self, user_id: uuid.UUID, tenant_id: uuid.UUID, role: Role) -> IssuedToken:
        now = int(time.time())
        claims = {
            "sub": str(user_id),
            "tenant_id": str(tenant_id),
            "role": role.value,
            "iat": now,
            "exp": now + self._ttl,
            "iss": self._issuer,
        }
        return IssuedToken(jwt.encode(claims, self._secret, algorithm=ALGORITHM), self._ttl)

    def verify(self, token: str) -> TenantContext:
        """The context a valid token carries; :class:`Unauthorized` for anything else.

        The algorithm is pinned to HS256 (``none`` and asymmetric algorithms are refused),
        and ``exp``, ``iat``, ``sub``, ``tenant_id`` and ``role`` are required. A token
        verified before is not decoded again (a client sends the same one until it expires);
        its expiry is still checked on every call.
        """
        ctx, expires_at = self._verified(token)
        if time.time() >= expires_at:
            raise Unauthorized("token expired")
        return ctx

    def _decode(self, token: str) -> tuple[TenantContext, float]:
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != ALGORITHM:
                raise Unauthorized("token algorithm not accepted")
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=self._issuer,
                options={"require": [*REQUIRED_CLAIMS, "iss"]},
            )
            ctx = TenantContext(
                tenant_id=uuid.UUID(str(claims["tenant_id"])),
                user_id=uuid.UUID(str(claims["sub"])),
                role=Role(claims["role"]),
            )
            return ctx, float(claims["exp"])
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("token expired") from exc
        except (jwt.InvalidTokenError, ValueError, KeyError, TypeError) as exc:
            raise Unauthorized("invalid token") from exc
