"""Sign-up, login and the signed-in user, over HTTP through the local gateway."""

import httpx
from argon2 import PasswordHasher as RawHasher
from sqlalchemy import create_engine, text

from tests.support.api import register


def test_register_login_me_round_trip(api: httpx.Client) -> None:
    account = register(api, "Acme Robotics")
    login = api.post(
        "/api/v1/auth/login", json={"email": account.email, "password": account.password}
    )
    assert login.status_code == 200
    body = login.json()
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    me = api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == account.email
    assert me.json()["role"] == "owner"
    assert me.json()["tenant"] == {"id": account.tenant_id, "name": "Acme Robotics"}


def test_register_response_shape(api: httpx.Client) -> None:
    response = api.post(
        "/api/v1/auth/register",
        json={
            "organization": "Shape Co",
            "email": "Shape.Owner@Example.com",
            "password": "long enough password",
            "name": "Sam",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "shape.owner@example.com"
    assert body["user"]["role"] == "owner"
    assert body["token_type"] == "bearer"
    assert body["tenant"]["name"] == "Shape Co"


def test_email_is_unique_across_tenants_and_nothing_is_written(
    api: httpx.Client, admin_database_url: str
) -> None:
    account = register(api)
    again = api.post(
        "/api/v1/auth/register",
        json={
            "organization": "Second Org",
            "email": account.email.upper(),
            "password": "another password",
        },
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    engine = create_engine(admin_database_url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM tenants WHERE name = 'Second Org'"))
        assert count.scalar() == 0
    engine.dispose()


def test_wrong_password_and_unknown_email_get_the_same_401(api: httpx.Client) -> None:
    account = register(api)
    wrong = api.post("/api/v1/auth/login", json={"email": account.email, "password": "nope-nope"})
    unknown = api.post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": "nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_token_form_login(api: httpx.Client) -> None:
    account = register(api)
    response = api.post("/token", data={"username": account.email, "password": account.password})
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    bad = api.post("/token", data={"username": account.email})
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["field"] == "password"


def test_login_rehashes_outdated_hash(api: httpx.Client, admin_database_url: str) -> None:
    account = register(api)
    weak = RawHasher(time_cost=1, memory_cost=8192).hash(account.password)
    engine = create_engine(admin_database_url)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE users SET password_hash = :h WHERE email = :e"),
            {"h": weak, "e": account.email},
        )
    login = api.post(
        "/api/v1/auth/login", json={"email": account.email, "password": account.password}
    )
    assert login.status_code == 200
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT password_hash FROM users WHERE email = :e"), {"e": account.email}
        ).scalar_one()
    engine.dispose()
    assert stored != weak and stored.startswith("$argon2id$")
    assert "m=8192" not in stored
