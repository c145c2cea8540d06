"""Demo data for ``make run``: a demo organisation and its owner, created through the API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

DEMO_EMAIL = "demo@autonomos.dev"
DEMO_PASSWORD = "demo-password"


def _post(url: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def seed_demo(base_url: str) -> None:
    """Register the demo organisation once (a second run finds it and leaves it)."""
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
    print(f"demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}", flush=True)
