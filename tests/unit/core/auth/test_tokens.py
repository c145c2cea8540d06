import base64
import json
import time
import uuid

import jwt
import pytest

from autonomos.auth.tokens import TokenService
from autonomos.errors import Unauthorized
from autonomos.tenancy import Role

SECRET = "unit-test-secret-0123456789abcdefghij"


@pytest.fixture
def tokens() -> TokenService:
    return TokenService(SECRET, ttl_seconds=600)


def _claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": str(uuid.uuid4()),
        "tenant_id": str(uuid.uuid4()),
        "role": "admin",
        "iat": now,
        "exp": now + 600,
        "iss": "autonomos",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def test_issued_token_verifies_into_context(tokens: TokenService) -> None:
    user, tenant = uuid.uuid4(), uuid.uuid4()
    issued = tokens.issue(user, tenant, Role.ADMIN)
    ctx = tokens.verify(issued.access_token)
    assert (ctx.user_id, ctx.tenant_id, ctx.role) == (user, tenant, Role.ADMIN)
    assert issued.expires_in == 600


def test_expired_token_is_rejected(tokens: TokenService) -> None:
    token = jwt.encode(_claims(exp=int(time.time()) - 5), SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized, match="expired"):
        tokens.verify(token)


def test_wrong_key_is_rejected(tokens: TokenService) -> None:
    token = jwt.encode(_claims(), "another-secret-0123456789abcdefghijk", algorithm="HS256")
    with pytest.raises(Unauthorized):
        tokens.verify(token)


def test_tampered_payload_is_rejected(tokens: TokenService) -> None:
    header, payload, signature = tokens.issue(
        uuid.uuid4(), uuid.uuid4(), Role.MEMBER
    ).access_token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["role"] = "owner"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    with pytest.raises(Unauthorized):
        tokens.verify(f"{header}.{forged}.{signature}")


def test_alg_none_is_rejected(tokens: TokenService) -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').decode().rstrip("=")
    payload = base64.urlsafe_b64encode(json.dumps(_claims()).encode()).decode().rstrip("=")
    with pytest.raises(Unauthorized):
        tokens.verify(f"{header}.{payload}.")


def test_other_hmac_algorithm_is_rejected(tokens: TokenService) -> None:
    token = jwt.encode(_claims(), SECRET, algorithm="HS512")
    with pytest.raises(Unauthorized, match="algorithm"):
        tokens.verify(token)


@pytest.mark.parametrize("missing", ["exp", "iat", "sub", "tenant_id", "role"])
def test_missing_claim_is_rejected(tokens: TokenService, missing: str) -> None:
    token = jwt.encode(_claims(**{missing: None}), SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized):
        tokens.verify(token)


@pytest.mark.parametrize("bad", [{"role": "superuser"}, {"tenant_id": "not-a-uuid"}])
def test_malformed_claims_are_rejected(tokens: TokenService, bad: dict[str, str]) -> None:
    token = jwt.encode(_claims(**bad), SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized):
        tokens.verify(token)


def test_garbage_is_rejected(tokens: TokenService) -> None:
    with pytest.raises(Unauthorized):
        tokens.verify("not.a.token")


def test_short_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        TokenService("short", 60)


def test_a_token_verified_before_is_refused_once_it_expires(tokens: TokenService) -> None:
    token = jwt.encode(_claims(exp=int(time.time()) + 2), SECRET, algorithm="HS256")
    assert tokens.verify(token).role is Role.ADMIN
    assert tokens.verify(token).role is Role.ADMIN  # the second time from the cache
    time.sleep(2.1)
    with pytest.raises(Unauthorized, match="expired"):
        tokens.verify(token)


def test_a_service_accepts_only_tokens_of_its_own_secret_even_when_cached(
    tokens: TokenService,
) -> None:
    token = tokens.issue(uuid.uuid4(), uuid.uuid4(), Role.MEMBER).access_token
    assert tokens.verify(token).role is Role.MEMBER
    with pytest.raises(Unauthorized):
        TokenService("another-secret-0123456789abcdefghijk", 600).verify(token)
