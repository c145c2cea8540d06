"""User management permissions and tenant isolation."""

import uuid

import httpx
import pytest

from tests.support.api import Account, add_user, register


@pytest.fixture
def owner(api: httpx.Client) -> Account:
    return register(api)


def test_admin_creates_lists_and_updates_users(api: httpx.Client, owner: Account) -> None:
    admin = add_user(api, owner, "admin")
    member = add_user(api, admin, "member")
    listing = api.get("/api/v1/users", headers=admin.headers)
    assert listing.status_code == 200
    emails = {u["email"] for u in listing.json()["items"]}
    assert {owner.email, admin.email, member.email} <= emails
    patched = api.patch(
        f"/api/v1/users/{member.user_id}", headers=admin.headers, json={"role": "admin"}
    )
    assert patched.status_code == 200 and patched.json()["role"] == "admin"


def test_listing_paginates(api: httpx.Client, owner: Account) -> None:
    for _ in range(3):
        add_user(api, owner, "member")
    first = api.get("/api/v1/users", headers=owner.headers, params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = api.get(
        "/api/v1/users", headers=owner.headers, params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    ids = [u["id"] for u in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 4
    assert second["next_cursor"] is None


def test_members_cannot_manage_users(api: httpx.Client, owner: Account) -> None:
    member = add_user(api, owner, "member")
    assert api.get("/api/v1/users", headers=member.headers).status_code == 403
    created = api.post(
        "/api/v1/users",
        headers=member.headers,
        json={"email": "x@example.com", "password": "password123"},
    )
    assert created.status_code == 403
    patched = api.patch(
        f"/api/v1/users/{owner.user_id}", headers=member.headers, json={"is_active": False}
    )
    assert patched.status_code == 403


def test_admins_cannot_create_or_touch_owners(api: httpx.Client, owner: Account) -> None:
    admin = add_user(api, owner, "admin")
    created = api.post(
        "/api/v1/users",
        headers=admin.headers,
        json={
            "email": f"o-{uuid.uuid4().hex[:8]}@example.com",
            "password": "password123",
            "role": "owner",
        },
    )
    assert created.status_code == 403
    demote = api.patch(
        f"/api/v1/users/{owner.user_id}", headers=admin.headers, json={"role": "member"}
    )
    assert demote.status_code == 403


def test_nobody_changes_themselves_and_an_owner_remains(api: httpx.Client, owner: Account) -> None:
    own = api.patch(
        f"/api/v1/users/{owner.user_id}", headers=owner.headers, json={"role": "member"}
    )
    assert own.status_code == 403
    second = add_user(api, owner, "owner")
    demoted = api.patch(
        f"/api/v1/users/{second.user_id}", headers=owner.headers, json={"role": "member"}
    )
    assert demoted.status_code == 200


def test_deactivated_user_cannot_log_in_or_read(api: httpx.Client, owner: Account) -> None:
    member = add_user(api, owner, "member")
    off = api.patch(
        f"/api/v1/users/{member.user_id}", headers=owner.headers, json={"is_active": False}
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    login = api.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    )
    assert login.status_code == 401
    assert api.get("/api/v1/users/me", headers=member.headers).status_code == 401


def test_bad_input_changes_nothing(api: httpx.Client, owner: Account) -> None:
    member = add_user(api, owner, "member")
    bad = api.patch(
        f"/api/v1/users/{member.user_id}", headers=owner.headers, json={"role": "emperor"}
    )
    assert bad.status_code == 400
    extra = api.patch(
        f"/api/v1/users/{member.user_id}",
        headers=owner.headers,
        json={"role": "admin", "tenant_id": str(uuid.uuid4())},
    )
    assert extra.status_code == 400
    users = api.get("/api/v1/users", headers=owner.headers).json()["items"]
    assert next(u for u in users if u["id"] == member.user_id)["role"] == "member"


def test_cross_tenant_matrix(api: httpx.Client) -> None:
    a = register(api, "Tenant A")
    a_member = add_user(api, a, "member")
    b = register(api, "Tenant B")
    b_admin = add_user(api, b, "admin")
    for intruder in (b, b_admin):
        listing = api.get("/api/v1/users", headers=intruder.headers).json()["items"]
        assert {u["id"] for u in listing}.isdisjoint({a.user_id, a_member.user_id})
        for target in (a.user_id, a_member.user_id):
            for body in ({"role": "admin"}, {"is_active": False}):
                response = api.patch(f"/api/v1/users/{target}", headers=intruder.headers, json=body)
                assert response.status_code == 404, response.text
        me = api.get("/api/v1/users/me", headers=intruder.headers).json()
        assert me["tenant"]["id"] == b.tenant_id
    # Tenant A is untouched.
    users = {u["id"]: u for u in api.get("/api/v1/users", headers=a.headers).json()["items"]}
    assert users[a_member.user_id]["role"] == "member"
    assert users[a_member.user_id]["is_active"] is True
