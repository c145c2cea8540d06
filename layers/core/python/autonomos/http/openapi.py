"""OpenAPI 3.1 document generated from the declared routes and their pydantic models."""

from __future__ import annotations

import typing
import uuid
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from autonomos.http.replies import Reply
from autonomos.http.routing import Api, Endpoint
from autonomos.schemas.common import ErrorResponse

REF = "#/components/schemas/{model}"
ERROR_STATUSES = {
    400: "Invalid request",
    401: "Missing or invalid token",
    403: "Not allowed for this role",
    404: "Not found",
    409: "Conflict",
    413: "Body too large",
    415: "Unsupported body media type",
    429: "Rate limited",
}


def _models(endpoints: list[Endpoint]) -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {"ErrorResponse": ErrorResponse}
    for ep in endpoints:
        for model in (ep.body, ep.form, ep.query, *_response_models(ep.response)):
            if isinstance(model, type) and issubclass(model, BaseModel):
                found[model.__name__] = model
    return list(found.values())


def _response_models(response: Any) -> list[Any]:
    if typing.get_origin(response) is list:
        return list(typing.get_args(response))
    return [response]


def _schema_of(response: Any) -> dict[str, Any]:
    if response is None or response is type(None) or response is Reply:
        return {}  # a Reply's body is whatever the view puts in it
    if isinstance(response, type) and issubclass(response, BaseModel):
        return {"$ref": REF.format(model=response.__name__)}
    if typing.get_origin(response) is list:
        return {"type": "array", "items": _schema_of(typing.get_args(response)[0])}
    try:
        return TypeAdapter(response).json_schema(ref_template=REF)
    except Exception:  # an annotation that is not a schema (Reply, Any)
        return {}


def _operation(ep: Endpoint) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": f"{ep.tag}_{ep.view_name}",
        "summary": ep.summary,
        "tags": [ep.tag],
        "parameters": [],
        "responses": {},
    }
    if ep.description:
        op["description"] = ep.description
    for name, kind in ep.path_params.items():
        schema = {"type": "string", "format": "uuid"} if kind is uuid.UUID else {"type": "string"}
        op["parameters"].append({"name": name, "in": "path", "required": True, "schema": schema})
    if ep.query is not None:
        props = ep.query.model_json_schema(ref_template=REF).get("properties", {})
        required = set(ep.query.model_json_schema().get("required", []))
        for name, schema in props.items():
            op["parameters"].append(
                {"name": name, "in": "query", "required": name in required, "schema": schema}
            )
    if ep.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema_of(ep.body)}},
        }
    elif ep.form is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": _schema_of(ep.form)}},
        }
    elif ep.request_content_type:
        op["requestBody"] = {"required": True, "content": {ep.request_content_type: {}}}
    success: dict[str, Any] = {"description": "Success"}
    schema = _schema_of(ep.response)
    if ep.response_content_type != "application/json":
        success["content"] = {ep.response_content_type: {"schema": {"type": "string"}}}
    elif schema:
        success["content"] = {"application/json": {"schema": schema}}
    op["responses"][str(ep.status)] = success
    error_ref = {"application/json": {"schema": {"$ref": REF.format(model="ErrorResponse")}}}
    for status, text in ep.responses.items():
        described: dict[str, Any] = {"description": text}
        if status >= 400:
            described["content"] = error_ref
        op["responses"].setdefault(str(status), described)
    statuses = [429]
    if ep.body or ep.form or ep.query or ep.request_content_type:
        statuses += [400, 413]
    if ep.body or ep.form or ep.request_content_type:
        statuses.append(415)
    if ep.authenticated:
        op["security"] = [{"bearerAuth": []}]
        statuses += [401, 403]
    if ep.path_params:
        statuses.append(404)
    for status in sorted(set(statuses)):
        op["responses"].setdefault(
            str(status), {"description": ERROR_STATUSES[status], "content": error_ref}
        )
    return op


def openapi_document(apis: list[Api] | None = None, title: str = "AutonomOS API") -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``apis`` (default: every registered :class:`Api`)."""
    apis = Api.registry if apis is None else apis
    endpoints = [ep for api in apis for ep in api.endpoints]
    _, defs = models_json_schema([(m, "validation") for m in _models(endpoints)], ref_template=REF)
    paths: dict[str, dict[str, Any]] = {}
    for ep in sorted(endpoints, key=lambda e: (e.path, e.method)):
        paths.setdefault(ep.path, {})[ep.method.lower()] = _operation(ep)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": "1.0.0",
            "description": "Multi-tenant task orchestration and data unification.",
        },
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "passwordForm": {
                    "type": "oauth2",
                    "flows": {"password": {"tokenUrl": "/token", "scopes": {}}},
                },
            },
        },
    }
