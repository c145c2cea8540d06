"""Security headers on every response and CORS limited to the configured dashboard origin.

Every documented operation (with and without a token, so error answers are covered too),
unknown paths, undocumented methods and preflights are requested with the dashboard's
``Origin`` and with a foreign one. Every response carries all the security headers, the
gateway's own answers included; only the dashboard origin is ever allowed, and a preflight
from it is granted (as the HTTP API's ``CorsConfiguration`` does).
"""

from __future__ import annotations

import httpx

from autonomos.http.replies import SECURITY_HEADERS
from tests.hardening.fuzz.operations import operations
from tests.hardening.fuzz.report import Category
from tests.hardening.fuzz.world import Tenant

FOREIGN = ("https://evil.example", "null", "https://dashboard.fuzz.test.evil.example")


def _check(
    result: Category, label: str, response: httpx.Response, dashboard: str, *, granted: bool
) -> None:
    """``granted``: the dashboard origin must be allowed on this answer."""
    result.count()
    missing = [h for h in SECURITY_HEADERS if h not in response.headers]
    result.expect(not missing, f"{label} ({response.status_code}) lacks {missing}")
    sent = response.request.headers.get("origin")
    allowed = response.headers.get("access-control-allow-origin")
    if sent == dashboard and granted:
        result.expect(allowed == dashboard, f"{label}: dashboard origin not allowed ({allowed})")
    elif allowed is not None:
        result.expect(allowed == dashboard, f"{label}: Origin {sent} got ACAO {allowed!r}")
    credentials = response.headers.get("access-control-allow-credentials")
    result.expect(not (credentials and allowed == "*"), f"{label}: credentials with '*'")


def run(
    client: httpx.Client, document: dict[str, object], tenant: Tenant, dashboard: str
) -> Category:
    result = Category("headers & cors")
    for op in operations(document):
        for origin in (dashboard, FOREIGN[0]):
            for token in (tenant.owner.headers, {}):
                headers = {"Origin": origin, **token}
                # An empty JSON object: the handler answers (validation, auth or success).
                body: dict[str, object] | None = {} if op.takes_body else None
                if (
                    op.method != "GET"
                    and op.path.endswith(("/run", "/publish", "/redrive", "/connect"))
                    and token
                ):
                    continue  # starting work is not needed to see the headers
                response = client.request(op.method, op.url(), headers=headers, json=body)
                _check(result, f"{op.method} {op.path}", response, dashboard, granted=True)
    for origin in (dashboard, *FOREIGN):
        for method, path in (
            ("GET", "/api/v1/nope"),
            ("DELETE", "/api/v1/tasks"),
            ("GET", "/api/v1/tasks/../../etc/passwd"),
        ):
            response = client.request(
                method, path, headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
            )
            _check(result, f"{method} {path}", response, dashboard, granted=False)
        preflight = client.options(
            "/api/v1/tasks",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        _check(result, "OPTIONS /api/v1/tasks (preflight)", preflight, dashboard, granted=True)
        if origin == dashboard:
            methods = preflight.headers.get("access-control-allow-methods", "")
            result.expect(
                preflight.status_code == 204 and "POST" in methods,
                f"preflight from the dashboard not granted ({preflight.status_code}, {methods!r})",
            )
        response = client.post("/api/v1/tasks", headers={"Origin": origin}, content=b"{")
        _check(result, "POST /api/v1/tasks (no token, bad JSON)", response, dashboard, granted=True)
    return result
