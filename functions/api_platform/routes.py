"""Health and API documentation."""

from typing import Any

from autonomos.http import Api, Reply, openapi_document
from autonomos.http.docs import redoc_page, swagger_page
from autonomos.runtime import runtime
from autonomos.schemas.platform import HealthResponse

api = Api(__name__, tag="platform")


@api.get(
    "/health", response=HealthResponse, responses={503: "A dependency is down (named in the body)"}
)
def health() -> Reply:
    """Database, Redis and queue status; 503 naming what is down."""
    report = runtime().health.check()
    return Reply(body=report, status=200 if report["status"] == "ok" else 503)


@api.get("/openapi.json")
def openapi() -> dict[str, Any]:
    """This API's OpenAPI 3.1 document."""
    from api_platform.catalog import all_apis

    return openapi_document(all_apis())


@api.get("/docs", response_content_type="text/html")
def docs() -> Reply:
    """Swagger UI."""
    return Reply(body=swagger_page("/openapi.json"), content_type="text/html; charset=utf-8")


@api.get("/redoc", response_content_type="text/html")
def redoc() -> Reply:
    """ReDoc."""
    return Reply(body=redoc_page("/openapi.json"), content_type="text/html; charset=utf-8")
