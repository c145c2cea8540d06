"""Forged and broken tokens against a protected route, through the gateway."""

import base64
import json
import time
import uuid

import httpx
import jwt
import pytest

from tests.support.api import register
from tests.support.services import RunningStack


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.fixture
def claims(api: httpx.Client) -> dict[str, object]:
    account = register(api)
    now = int(time.time())
    return {
        "sub": account.user_id,
        "tenant_id": account.tenant_id,
        "role": "owner",
        "iat": now,
        "exp": now + 300,
        "iss": "autonomos",
    }


def _secret(stack: RunningStack) -> str:
    assert stack.settings.jwt_secret is not None
    return stack.settings.jwt_secret.get_secret_value()


def _status(api: httpx.Client, token: str) -> int:
    return api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code


def test_valid_forgery_control(
    api: httpx.Client, stack: RunningStack, claims: dict[str, object]
) -> None:
    """The control case: a correctly signed token works, so the failures below mean something."""
    assert _status(api, jwt.encode(claims, _secret(stack), algorithm="HS256")) == 200


def test_expired(api: httpx.Client, stack: RunningStack, claims: dict[str, object]) -> None:
    claims["exp"] = int(time.time()) - 1
    assert _status(api, jwt.encode(claims, _secret(stack), algorithm="HS256")) == 401


def test_wrong_key(api: httpx.Client, claims: dict[str, object]) -> None:
    assert _status(api, jwt.encode(claims, "k" * 40, algorithm="HS256")) == 401


def test_alg_none(api: httpx.Client, claims: dict[str, object]) -> None:
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert _status(api, token) == 401


def test_tampered_tenant(api: httpx.Client, stack: RunningStack, claims: dict[str, object]) -> None:
    header, _, signature = jwt.encode(claims, _secret(stack), algorithm="HS256").split(".")
    forged = {**claims, "tenant_id": str(uuid.uuid4())}
    assert _status(api, f"{header}.{_b64(forged)}.{signature}") == 401


@pytest.mark.parametrize("missing", ["exp", "iat", "sub", "tenant_id", "role"])
def test_missing_claim(
    api: httpx.Client, stack: RunningStack, claims: dict[str, object], missing: str
) -> None:
    del claims[missing]
    assert _status(api, jwt.encode(claims, _secret(stack), algorithm="HS256")) == 401


@pytest.mark.parametrize("header", ["", "Bearer", "Basic abc", "Bearer not-a-jwt"])
def test_malformed_authorization_header(api: httpx.Client, header: str) -> None:
    response = api.get("/api/v1/users/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
