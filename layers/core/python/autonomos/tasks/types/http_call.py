"""``http.call``: call an outside HTTP endpoint (same URL rules as callbacks)."""

from __future__ import annotations

from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from autonomos.net import UrlRefused
from autonomos.net.outbound import request
from autonomos.tasks.errors import TaskError, TerminalTaskError
from autonomos.tasks.registry import TaskRun, task_type
from autonomos.tenancy import TenantContext

MAX_RESPONSE_CHARS = 65_536


class HttpCallPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET"
    url: str = Field(min_length=8, max_length=2048)
    headers: dict[str, str] = Field(default_factory=dict)
    body: Any = None
    timeout_seconds: float = Field(10.0, gt=0, le=60)


def _check(ctx: TenantContext, payload: HttpCallPayload, runtime: Any) -> None:
    runtime.url_policy(ctx).check(payload.url, field="payload.url")


@task_type("http.call", HttpCallPayload, check=_check)
def http_call(run: TaskRun, payload: HttpCallPayload) -> dict[str, Any]:
    """Call an HTTP endpoint; 2xx succeeds, 5xx/429/network errors retry, other 4xx fail."""
    policy = run.runtime.url_policy(run.ctx)
    try:
        response = request(
            policy,
            payload.method,
            payload.url,
            headers=payload.headers,
            json=payload.body if payload.body is not None else None,
            timeout=min(payload.timeout_seconds, max(run.remaining_seconds, 0.1)),
        )
    except UrlRefused as exc:
        raise TerminalTaskError(exc.message, exc.details) from exc
    except httpx.HTTPError as exc:
        raise TaskError(f"request failed: {exc.__class__.__name__}: {exc}") from exc
    result = {
        "status_code": response.status_code,
        "body": response.text[:MAX_RESPONSE_CHARS],
        "content_type": response.headers.get("content-type"),
    }
    if response.status_code >= 500 or response.status_code == 429:
        raise TaskError(f"endpoint answered {response.status_code}", result)
    if response.status_code >= 400:
        raise TerminalTaskError(f"endpoint answered {response.status_code}", result)
    return result
