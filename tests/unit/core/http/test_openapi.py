"""The OpenAPI document is generated from the real route modules."""

from api_platform.catalog import all_apis
from autonomos.http import openapi_document


def test_document_lists_every_route_with_schemas() -> None:
    doc = openapi_document(all_apis())
    assert doc["openapi"].startswith("3.")
    register = doc["paths"]["/api/v1/auth/register"]["post"]
    assert register["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RegisterRequest"
    }
    assert "201" in register["responses"] and "400" in register["responses"]
    assert "RegisterRequest" in doc["components"]["schemas"]
    token = doc["paths"]["/token"]["post"]["requestBody"]["content"]
    assert "application/x-www-form-urlencoded" in token


def test_protected_routes_declare_bearer_auth() -> None:
    doc = openapi_document(all_apis())
    me = doc["paths"]["/api/v1/users/me"]["get"]
    assert me["security"] == [{"bearerAuth": []}]
    assert "401" in me["responses"]
    assert "security" not in doc["paths"]["/api/v1/auth/login"]["post"]


def test_every_schema_reference_resolves() -> None:
    doc = openapi_document(all_apis())
    text = str(doc)
    schemas = doc["components"]["schemas"]
    for ref in {part.split("'")[0] for part in text.split("#/components/schemas/")[1:]}:
        assert ref in schemas, ref
