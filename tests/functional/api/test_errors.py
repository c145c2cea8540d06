"""One error shape everywhere, including the gateway's own 404/405/413."""

import httpx

from tests.support.api import register


def _shape(response: httpx.Response) -> dict[str, object]:
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "details"} <= set(body["error"])
    return body["error"]  # type: ignore[no-any-return]


def test_unknown_route_is_404(api: httpx.Client) -> None:
    response = api.get("/api/v1/does-not-exist")
    assert response.status_code == 404 and _shape(response)["code"] == "not_found"


def test_wrong_method_is_405_with_allow(api: httpx.Client) -> None:
    response = api.delete("/api/v1/auth/login")
    assert response.status_code == 405 and _shape(response)["code"] == "method_not_allowed"
    assert "POST" in response.headers["allow"]


def test_validation_error_lists_fields(api: httpx.Client) -> None:
    response = api.post("/api/v1/auth/register", json={"organization": "x"})
    assert response.status_code == 400
    fields = {d["field"] for d in _shape(response)["details"]}  # type: ignore[union-attr]
    assert {"email", "password"} <= fields


def test_body_over_the_configured_size_is_413(api: httpx.Client) -> None:
    big = {"organization": "x" * 2_000_000, "email": "a@example.com", "password": "12345678"}
    response = api.post("/api/v1/auth/register", json=big)
    assert response.status_code == 413 and _shape(response)["code"] == "payload_too_large"


def test_body_over_the_gateway_limit_is_413(api: httpx.Client) -> None:
    response = api.post(
        "/api/v1/auth/login",
        content=b"x" * (11 * 1024 * 1024),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_non_json_body_is_400(api: httpx.Client) -> None:
    response = api.post(
        "/api/v1/auth/login", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and _shape(response)["code"] == "bad_request"


def test_errors_carry_security_headers(api: httpx.Client) -> None:
    account = register(api)
    for response in (
        api.get("/nope/x.js"),
        api.get("/api/v1/users", headers=account.headers),
        api.get("/api/v1/users/me"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
