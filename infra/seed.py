"""Demo data for ``make run``: a demo organisation and its owner, created through the API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

DEMO_EMAIL = "demo@autonomos.dev"
DEMO_PASSWORD = "demo-password"


def _post(
    url: str, body: dict[str, object], token: str | None = None, method: str = "POST"
) -> tuple[int, dict[str, object]]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if method == "POST" else None,
        headers=headers,
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def seed_demo(base_url: str) -> None:
    """Register the demo organisation once (a second run finds it and leaves it), and start
    an AOA run over every demo source and every agent of the catalogue (as the API lists
    them) when nothing is published yet."""
    status, _ = _post(
        f"{base_url}/api/v1/auth/register",
        {
            "organization": "Demo Org",
            "email": DEMO_EMAIL,
            "password": DEMO_PASSWORD,
            "name": "Demo Owner",
        },
    )
    if status not in (201, 409):
        raise RuntimeError(f"could not create the demo organisation (HTTP {status})")
    _, login = _post(
        f"{base_url}/api/v1/auth/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    token = str(login.get("access_token", ""))
    _, state = _post(f"{base_url}/api/v1/dcl/state", {}, token, method="GET")
    if token and state.get("version") is None:
        _, sources = _post(f"{base_url}/api/v1/dcl/sources", {}, token, method="GET")
        _, agents = _post(f"{base_url}/api/v1/agents", {}, token, method="GET")
        _post(
            f"{base_url}/api/v1/aoa/run",
            {
                "sources": [s["key"] for s in _items(sources) if s.get("kind") == "demo"],
                "agents": [a["id"] for a in _items(agents)],
            },
            token,
        )
    print(f"demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}", flush=True)


def _items(page: dict[str, object]) -> list[dict[str, object]]:
    items = page.get("items")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
