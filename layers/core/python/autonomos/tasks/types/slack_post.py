"""``slack.post``: post a message to the tenant's Slack incoming webhook."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field

from autonomos.net import UrlRefused
from autonomos.net.outbound import request
from autonomos.tasks.errors import TaskError, TerminalTaskError
from autonomos.tasks.registry import TaskRun, task_type


class SlackPostPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000)
    channel: str | None = Field(None, max_length=80)


@task_type("slack.post", SlackPostPayload)
def slack_post(run: TaskRun, payload: SlackPostPayload) -> dict[str, Any]:
    """Post ``text`` (optionally to ``channel``) through the tenant's incoming webhook."""
    webhook = run.runtime.tenant_settings.get(run.ctx).slack_webhook_url
    if not webhook:
        raise TerminalTaskError("no Slack webhook configured in the tenant settings")
    body: dict[str, Any] = {"text": payload.text}
    if payload.channel:
        body["channel"] = payload.channel
    try:
        response = request(
            run.runtime.url_policy(run.ctx),
            "POST",
            webhook,
            json=body,
            timeout=min(10.0, max(run.remaining_seconds, 0.1)),
        )
    except UrlRefused as exc:
        raise TerminalTaskError(exc.message, exc.details) from exc
    except httpx.HTTPError as exc:
        raise TaskError(f"Slack unreachable: {exc}") from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise TaskError(f"Slack answered {response.status_code}")
    if response.status_code >= 400:
        raise TerminalTaskError(f"Slack answered {response.status_code}: {response.text[:200]}")
    return {"status_code": response.status_code, "posted": True}
