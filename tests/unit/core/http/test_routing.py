"""The edge in-process through Chalice's test client (no network, no database)."""

import json
import uuid
from collections.abc import Iterator

import pytest
from chalice.test import Client
from pydantic import BaseModel, Field

from autonomos.config import Settings, configure
from autonomos.errors import Conflict
from autonomos.http import Api, Reply, create_app


class Thing(BaseModel):
    name: str = Field(min_length=2)
    size: int = Field(ge=0)


api = Api(__name__, tag="test")


@api.post("/things", status=201)
def create(body: Thing) -> Thing:
    """Echo a thing."""
    return body


@api.get("/things/{thing_id}")
def read(thing_id: uuid.UUID) -> dict[str, str]:
    """Read a thing by id."""
    return {"id": str(thing_id)}


@api.get("/conflict")
def conflict() -> Reply:
    raise Conflict("already there", {"field": "name"})


@api.get("/boom")
def boom() -> Reply:
    raise RuntimeError("secret internals")


@api.get("/secure")
def secure(ctx: object) -> dict[str, str]:
    return {}


app = create_app("test", api)


@pytest.fixture(autouse=True)
def small_bodies() -> Iterator[None]:
    configure(Settings(MAX_BODY_BYTES=2048, JWT_SECRET="x" * 32))
    yield
    configure(None)


@pytest.fixture
def client() -> Iterator[Client]:
    with Client(app) as c:
        yield c


def _post(client: Client, body: bytes, content_type: str = "application/json") -> tuple[int, dict]:
    response = client.http.post("/things", headers={"Content-Type": content_type}, body=body)
    return response.status_code, json.loads(response.body)


def test_valid_body_returns_declared_status(client: Client) -> None:
    status, body = _post(client, b'{"name": "ab", "size": 3}')
    assert status == 201 and body == {"name": "ab", "size": 3}


def test_validation_error_names_fields(client: Client) -> None:
    status, body = _post(client, b'{"name": "a", "size": -1}')
    assert status == 400
    assert body["error"]["code"] == "validation_error"
    assert {d["field"] for d in body["error"]["details"]} == {"name", "size"}


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2"])
def test_malformed_json_is_400(client: Client, raw: bytes) -> None:
    status, body = _post(client, raw)
    assert status == 400 and set(body["error"]) == {"code", "message", "details"}


def test_wrong_content_type_is_415(client: Client) -> None:
    status, body = _post(client, b"name=ab", "application/x-www-form-urlencoded")
    assert status == 415 and body["error"]["code"] == "unsupported_media_type"


def test_oversized_body_is_413(client: Client) -> None:
    status, body = _post(client, json.dumps({"name": "x" * 4000, "size": 1}).encode())
    assert status == 413 and body["error"]["code"] == "payload_too_large"


def test_uuid_path_parameter(client: Client) -> None:
    thing = uuid.uuid4()
    assert json.loads(client.http.get(f"/things/{thing}").body) == {"id": str(thing)}
    missing = client.http.get("/things/not-a-uuid")
    assert missing.status_code == 404
    assert json.loads(missing.body)["error"]["code"] == "not_found"


def test_app_error_maps_to_shape(client: Client) -> None:
    response = client.http.get("/conflict")
    assert response.status_code == 409
    assert json.loads(response.body) == {
        "error": {"code": "conflict", "message": "already there", "details": {"field": "name"}}
    }


def test_unhandled_error_is_opaque_500(client: Client) -> None:
    response = client.http.get("/boom")
    assert response.status_code == 500
    body = json.loads(response.body)
    assert body["error"]["code"] == "internal_error"
    assert "secret" not in response.body.decode()


def test_missing_token_is_401(client: Client) -> None:
    response = client.http.get("/secure")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_security_headers_on_every_response(client: Client) -> None:
    for path in ("/conflict", "/boom", f"/things/{uuid.uuid4()}"):
        headers = client.http.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
