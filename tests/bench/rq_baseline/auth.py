"""HS256 bearer tokens for the baseline (pyjwt), with the claims our tokens carry."""

from __future__ import annotations

import time
import uuid

import jwt

ALGORITHM = "HS256"
ISSUER = "rq-baseline"


def mint_token(secret: str, tenant_id: str, ttl_seconds: int = 3600) -> str:
    """A token for a user of ``tenant_id``."""
    now = int(time.time())
    claims = {
        "sub": str(uuid.uuid4()),
        "tenant_id": tenant_id,
        "role": "owner",
        "iat": now,
        "exp": now + ttl_seconds,
        "iss": ISSUER,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(secret: str, token: str) -> dict[str, str]:
    """The claims of a valid token; raises :class:`jwt.InvalidTokenError` otherwise."""
    claims: dict[str, str] = jwt.decode(
        token,
        secret,
        algorithms=[ALGORITHM],
        issuer=ISSUER,
        options={"require": ["exp", "iat", "sub", "tenant_id", "role"]},
    )
    return claims
