"""Typed routes on a Chalice blueprint.

A view declares what it needs by parameter name and annotation; the edge supplies it:

- ``ctx: TenantContext`` — the verified caller (the route then requires a bearer token);
- ``body: <Model>`` — the JSON body validated by a pydantic model (400 naming the fields);
- ``form: <Model>`` — an ``application/x-www-form-urlencoded`` body;
- ``query: <Model>`` — the query string;
- ``request: RawRequest`` — headers and raw body, for uploads and conditional GETs;
- any other name — a path parameter (``uuid.UUID`` annotations parse, else 404).

The view returns a pydantic model, a list of them, plain JSON data, or a :class:`Reply`.
Any :class:`~autonomos.errors.AppError` becomes the contract's error shape; anything else
becomes a logged 500 with the same shape.
"""

from __future__ import annotations

import functools
import inspect
import logging
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from chalice import Blueprint, Response
from pydantic import BaseModel, ValidationError

from autonomos.errors import (
    BadRequest,
    InternalError,
    NotFound,
    PayloadTooLarge,
    Unauthorized,
    UnsupportedMediaType,
    ValidationFailed,
    as_app_error,
)
from autonomos.http.replies import Reply, error_reply, to_response
from autonomos.http.request import current_request
from autonomos.json_input import parse_json, refuse_nul
from autonomos.observability import bind_value
from autonomos.tenancy import TenantContext

logger = logging.getLogger("autonomos.http")

ACCEPTED_CONTENT_TYPES = [
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
    "text/csv",
    "application/octet-stream",
]


@dataclass(frozen=True)
class RawRequest:
    """What a view may need beyond a validated body: headers and the raw bytes."""

    headers: dict[str, str]
    body: bytes
    method: str
    source_ip: str | None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Endpoint:
    """The description of one route, used by the edge and by the OpenAPI generator."""

    method: str
    path: str
    view_name: str
    summary: str
    description: str
    tag: str
    status: int
    authenticated: bool
    body: type[BaseModel] | None = None
    form: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: Any = None
    path_params: dict[str, type] = field(default_factory=dict)
    max_body_bytes: int | None = None
    request_content_type: str | None = None
    responses: dict[int, str] = field(default_factory=dict)
    response_content_type: str = "application/json"


def _validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {
            "field": ".".join(str(p) for p in err["loc"]) or "body",
            "message": err["msg"],
            "type": err["type"],
        }
        for err in exc.errors(include_url=False, include_input=False)
    ]


def _validate(model: type[BaseModel], data: Any) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed("request validation failed", _validation_details(exc)) from exc


class Api:
    """Routes of one area (a Chalice blueprint plus their descriptions)."""

    registry: typing.ClassVar[list[Api]] = []

    def __init__(self, import_name: str, tag: str) -> None:
        self.blueprint = Blueprint(import_name)
        self.tag = tag
        self.endpoints: list[Endpoint] = []
        Api.registry.append(self)

    def route(
        self,
        method: str,
        path: str,
        *,
        status: int = 200,
        response: Any = None,
        max_body_bytes: int | None = None,
        request_content_type: str | None = None,
        responses: dict[int, str] | None = None,
        response_content_type: str = "application/json",
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register ``view`` for ``method path``; see the module docstring for the contract.
        ``responses`` documents further statuses (those >= 400 with the error shape) and
        ``response_content_type`` the success body's media type."""

        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            hints = typing.get_type_hints(view)
            params = list(inspect.signature(view).parameters)
            special = {"ctx", "body", "form", "query", "request"}
            doc = inspect.getdoc(view) or view.__name__.replace("_", " ")
            summary, _, description = doc.partition("\n")
            endpoint = Endpoint(
                method=method.upper(),
                path=path,
                view_name=view.__name__,
                summary=summary.strip(),
                description=description.strip(),
                tag=self.tag,
                status=status,
                authenticated="ctx" in params,
                body=hints.get("body") if "body" in params else None,
                form=hints.get("form") if "form" in params else None,
                query=hints.get("query") if "query" in params else None,
                response=response if response is not None else hints.get("return"),
                path_params={p: hints.get(p, str) for p in params if p not in special},
                max_body_bytes=max_body_bytes,
                request_content_type=request_content_type,
                responses=responses or {},
                response_content_type=response_content_type,
            )
            self.endpoints.append(endpoint)
            handler = functools.partial(_dispatch, endpoint, view, params)
            functools.update_wrapper(handler, view)
            self.blueprint.route(
                path, methods=[endpoint.method], content_types=ACCEPTED_CONTENT_TYPES
            )(_named(handler, view.__name__))
            return view

        return decorate

    def get(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("DELETE", path, **kw)


def _named(handler: Callable[..., Any], name: str) -> Callable[..., Any]:
    def view(**path_args: str) -> Response:
        return handler(**path_args)

    view.__name__ = name
    return view


def _dispatch(
    endpoint: Endpoint, view: Callable[..., Any], params: list[str], **path_args: str
) -> Response:
    try:
        kwargs = _arguments(endpoint, params, path_args)
        result = view(**kwargs)
        reply = result if isinstance(result, Reply) else Reply(body=result, status=endpoint.status)
    except Exception as exc:
        mapped = as_app_error(exc)
        if mapped is None:
            logger.exception("unhandled error in %s %s", endpoint.method, endpoint.path)
            mapped = InternalError("internal server error")
        elif mapped.status >= 500:
            logger.warning("request failed: %s", mapped.message, extra={"code": mapped.code})
        reply = error_reply(mapped)
    try:
        return to_response(reply, _cors_headers())
    except Exception:  # a body that cannot be encoded still gets the contract's 500
        logger.exception("response of %s %s not encodable", endpoint.method, endpoint.path)
        return to_response(error_reply(InternalError("internal server error")), _cors_headers())


def _cors_headers() -> dict[str, str]:
    from autonomos.config import get_settings

    origin = get_settings().cors_origin
    if not origin:
        return {}
    request_origin = current_request().headers.get("origin")
    if request_origin != origin:
        return {"Vary": "Origin"}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}


def _arguments(endpoint: Endpoint, params: list[str], path_args: dict[str, str]) -> dict[str, Any]:
    request = current_request()
    raw = request.raw_body or b""
    body_bytes = raw.encode() if isinstance(raw, str) else raw
    _check_size(endpoint, body_bytes)
    headers = {k.lower(): v for k, v in request.headers.items()}
    kwargs: dict[str, Any] = {}
    if endpoint.authenticated:
        kwargs["ctx"] = ctx = authenticate(headers.get("authorization"))
        bind_value("tenant_id", ctx.tenant_id)
        enforce_rate_limit(ctx)
    if endpoint.body is not None:
        kwargs["body"] = _validate(endpoint.body, _json_body(headers, body_bytes))
    if endpoint.form is not None:
        kwargs["form"] = _validate(endpoint.form, _form_body(headers, body_bytes))
    if endpoint.query is not None:
        multi = request.query_params
        query = {k: multi.getlist(k)[-1] for k in multi} if multi is not None else {}
        for name, value in query.items():
            refuse_nul(name + value, f"query parameter {name!r}")
        kwargs["query"] = _validate(endpoint.query, query)
    if "request" in params:
        identity = (request.context or {}).get("identity") or {}
        kwargs["request"] = RawRequest(
            headers, body_bytes, request.method, identity.get("sourceIp")
        )
    for name, kind in endpoint.path_params.items():
        kwargs[name] = _path_value(name, path_args.get(name, ""), kind)
    return kwargs


def _check_size(endpoint: Endpoint, body: bytes) -> None:
    from autonomos.config import get_settings

    limit = endpoint.max_body_bytes or get_settings().max_body_bytes
    if len(body) > limit:
        raise PayloadTooLarge(f"request body larger than {limit} bytes", {"limit": limit})


def _json_body(headers: dict[str, str], body: bytes) -> Any:
    content_type = headers.get("content-type", "application/json")
    if not content_type.startswith("application/json"):
        raise UnsupportedMediaType("send the body as application/json")
    if not body.strip():
        raise ValidationFailed("request body is required", [{"field": "body"}])
    return parse_json(body)


def _form_body(headers: dict[str, str], body: bytes) -> dict[str, str]:
    content_type = headers.get("content-type", "")
    if content_type.startswith("application/json"):
        data = _json_body(headers, body)
        if not isinstance(data, dict):
            raise ValidationFailed("expected an object", [{"field": "body"}])
        return data
    if not content_type.startswith("application/x-www-form-urlencoded"):
        raise UnsupportedMediaType("send the form as application/x-www-form-urlencoded")
    try:
        form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError as exc:
        raise BadRequest("form body is not UTF-8") from exc
    for name, value in form.items():
        refuse_nul(name + value, f"form field {name!r}")
    return form


def _path_value(name: str, value: str, kind: type) -> Any:
    if kind is uuid.UUID:
        try:
            return uuid.UUID(value)
        except ValueError as exc:
            raise NotFound(f"no such {name.removesuffix('_id')}") from exc
    return value


def enforce_rate_limit(ctx: TenantContext) -> None:
    """The tenant's request rate limit (429 with ``Retry-After`` when exceeded)."""
    from autonomos.runtime import runtime

    rt = runtime()
    rt.quotas.check_rate(ctx.tenant_id, rt.tenant_settings.get(ctx).rate_limit_per_minute)


def authenticate(authorization: str | None) -> TenantContext:
    """The tenant context of a ``Bearer`` token; 401 when absent or invalid."""
    from autonomos.runtime import runtime

    if not authorization:
        raise Unauthorized("missing bearer token")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("expected 'Authorization: Bearer <token>'")
    return runtime().tokens.verify(token.strip())
