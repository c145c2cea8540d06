"""A catalogue of forged and broken access tokens: every one must get 401.

``forgeries(claims, secret)`` builds them from a real token's claims and the deployment's
secret (so a refusal is about the forgery, not about an unknown user): algorithm
confusion, ``none``, wrong keys, tampered and missing claims, bad times, malformed tokens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import jwt


def b64(data: dict[str, Any] | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _hs256(claims: dict[str, Any], key: str, **headers: Any) -> str:
    return jwt.encode(claims, key, algorithm="HS256", headers=headers or None)


def _signed(header: dict[str, Any], claims: dict[str, Any], key: str) -> str:
    """A token with any header, HMAC-SHA256-signed with ``key`` by hand."""
    signing_input = f"{b64(header)}.{b64(claims)}"
    digest = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(digest)}"


def _manual(header: dict[str, Any], claims: dict[str, Any], signature: str = "") -> str:
    return f"{b64(header)}.{b64(claims)}.{signature}"


def forgeries(claims: dict[str, Any], secret: str) -> list[tuple[str, str]]:
    """``(name, token)`` pairs; ``claims`` are those of a valid token (see :func:`valid`)."""
    now = int(time.time())
    good = _hs256(claims, secret)
    header, payload, signature = good.split(".")
    out: list[tuple[str, str]] = [
        ("expired", _hs256({**claims, "exp": now - 5}, secret)),
        ("not yet valid (nbf)", _hs256({**claims, "nbf": now + 3600}, secret)),
        ("wrong key", _hs256(claims, "k" * 40)),
        ("secret prefix as key", _hs256(claims, secret[:32] + "x")),
        ("wrong issuer", _hs256({**claims, "iss": "someone-else"}, secret)),
        ("HS512 with the real secret", jwt.encode(claims, secret, algorithm="HS512")),
        ("HS384 with the real secret", jwt.encode(claims, secret, algorithm="HS384")),
        ("unknown role", _hs256({**claims, "role": "superuser"}, secret)),
        ("tenant_id not a uuid", _hs256({**claims, "tenant_id": "' OR 1=1 --"}, secret)),
        ("sub not a uuid", _hs256({**claims, "sub": "../../admin"}, secret)),
        ("exp as text", _hs256({**claims, "exp": "never"}, secret)),
        (
            "tampered tenant",
            f"{header}.{b64({**claims, 'tenant_id': str(uuid.uuid4())})}.{signature}",
        ),
        ("tampered role", f"{header}.{b64({**claims, 'role': 'owner', 'x': 1})}.{signature}"),
        ("tampered expiry", f"{header}.{b64({**claims, 'exp': now + 10**8})}.{signature}"),
        ("signature stripped", f"{header}.{payload}."),
        ("signature of another token", f"{header}.{payload}.{b64(b'0' * 32)}"),
        ("two segments", f"{header}.{payload}"),
        ("garbage", "not.a.jwt"),
        ("empty segments", ".."),
        ("huge token", f"{header}.{b64({**claims, 'pad': 'x' * 6000})}.{signature}"),
        (
            "kid path traversal, empty key",
            _signed({"alg": "HS256", "kid": "../../dev/null"}, claims, ""),
        ),
        ("jku to attacker", _manual({"alg": "HS256", "jku": "http://169.254.169.254/"}, claims)),
    ]
    for alg in ("none", "None", "NONE", "nOnE"):
        out.append((f"alg {alg}", _manual({"alg": alg, "typ": "JWT"}, claims)))
    out.append(("alg none with signature", _manual({"alg": "none"}, claims, signature)))
    # Asymmetric headers HMAC-signed with the shared secret (algorithm confusion).
    for alg in ("RS256", "ES256", "PS256"):
        out.append((f"{alg} header, HMAC signature", _signed({"alg": alg}, claims, secret)))
    for missing in ("exp", "iat", "sub", "tenant_id", "role", "iss"):
        out.append(
            (
                f"missing {missing}",
                _hs256({k: v for k, v in claims.items() if k != missing}, secret),
            )
        )
    return out


def valid(
    user_id: str, tenant_id: str, role: str = "owner", issuer: str = "autonomos"
) -> dict[str, Any]:
    """The claims of a genuine token for the user."""
    now = int(time.time())
    return {
        "sub": user_id,
        "tenant_id": tenant_id,
        "role": role,
        "iat": now,
        "exp": now + 600,
        "iss": issuer,
    }


def genuine(claims: dict[str, Any], secret: str) -> str:
    """A correctly signed token (the control: it must be accepted)."""
    return _hs256(claims, secret)
