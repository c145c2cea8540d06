"""JWT attack matrix: every forged token of :mod:`tests.support.forged_tokens` against every
authenticated operation must get 401 ``unauthorized`` with ``WWW-Authenticate: Bearer``;
a genuine token signed the same way is the control (never 401)."""

from __future__ import annotations

import warnings

import httpx

from tests.hardening.fuzz.operations import operations
from tests.hardening.fuzz.report import Category
from tests.hardening.fuzz.world import Tenant
from tests.support.forged_tokens import forgeries, genuine, valid

SAMPLE = ("garbage", "alg none", "wrong key", "tampered tenant", "expired")


def run(
    client: httpx.Client, document: dict[str, object], tenant: Tenant, secret: str, *, full: bool
) -> Category:
    """``full``: every forgery on every operation; else every forgery on ``/users/me`` and
    a sample of them on every operation."""
    result = Category("jwt attacks")
    owner = tenant.owner
    claims = valid(owner.user_id, owner.tenant_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyJWT's short-key warnings for HS384/HS512
        tokens = forgeries(claims, secret)
        control_token = genuine(claims, secret)
    result.count()
    control = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {control_token}"})
    result.expect(control.status_code == 200, f"control token refused: {control.status_code}")
    for op in (o for o in operations(document) if o.authenticated):
        chosen = (
            tokens
            if full or op.path == "/api/v1/users/me"
            else [t for t in tokens if t[0] in SAMPLE]
        )
        for name, token in chosen:
            result.count()
            response = client.request(
                op.method,
                op.url(),
                headers={"Authorization": f"Bearer {token}"},
                json={} if op.takes_body else None,
            )
            ok = (
                response.status_code == 401
                and response.headers.get("www-authenticate", "").lower().startswith("bearer")
                and response.json().get("error", {}).get("code") == "unauthorized"
            )
            result.expect(
                ok,
                f"{op.method} {op.path} with '{name}': {response.status_code} "
                f"{response.text[:160]}",
            )
    return result
