"""Response building: JSON bodies, the error shape and the headers every response carries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chalice import Response
from pydantic import BaseModel

from autonomos.errors import AppError

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cache-Control": "no-store",
}


@dataclass
class Reply:
    """A view's result when it needs another status, headers or a non-JSON body."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


def error_payload(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def encode(body: Any) -> str:
    """JSON text of a model, a list of models, or plain data."""
    if isinstance(body, BaseModel):
        return body.model_dump_json()
    if isinstance(body, list) and body and isinstance(body[0], BaseModel):
        return "[" + ",".join(item.model_dump_json() for item in body) + "]"
    return json.dumps(body, default=str)


def to_response(reply: Reply, extra_headers: dict[str, str] | None = None) -> Response:
    headers: dict[str, str | list[str]] = {
        **SECURITY_HEADERS,
        "Content-Type": reply.content_type,
        **reply.headers,
    }
    if extra_headers:
        headers.update(extra_headers)
    if reply.body is None:
        body: Any = ""
    elif reply.content_type == "application/json":
        body = encode(reply.body)
    else:
        body = reply.body
    return Response(body=body, status_code=reply.status, headers=headers)


def error_reply(error: AppError) -> Reply:
    return Reply(
        body=error_payload(error.code, error.message, error.details),
        status=error.status,
        headers=error.headers(),
    )
