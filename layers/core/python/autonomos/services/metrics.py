"""Operational figures for a tenant's owner: its tasks by state, callback failures, DCL
stage durations and LLM usage, and the depths of the shared queues and dead-letter queues."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from sqlalchemy import func, select

from autonomos.config import Settings
from autonomos.db import Database
from autonomos.db.models import CallbackDelivery, DclState, Task
from autonomos.services.users import require_role
from autonomos.tenancy import Role, TenantContext


class MetricsService:
    def __init__(self, db: Database, sqs: Any, settings: Settings) -> None:
        self._db = db
        self._sqs = sqs
        self._settings = settings

    def snapshot(self, ctx: TenantContext) -> dict[str, Any]:
        require_role(ctx, Role.OWNER)
        with self._db.tenant(ctx) as session:
            by_state = dict(
                session.execute(select(Task.status, func.count()).group_by(Task.status)).all()
            )
            failures = (
                session.scalar(
                    select(func.count())
                    .select_from(CallbackDelivery)
                    .where(CallbackDelivery.delivered.is_(False))
                )
                or 0
            )
            dead = (
                session.scalar(
                    select(func.count()).select_from(Task).where(Task.dead_lettered.is_(True))
                )
                or 0
            )
            state = session.get(DclState, ctx.tenant_id)
        return {
            "tasks": {
                s: int(by_state.get(s, 0))
                for s in ("queued", "in_progress", "success", "failed", "canceled")
            },
            "dead_lettered_tasks": int(dead),
            "callback_failures": int(failures),
            "queues": {
                name: self._depth(url)
                for name, url in (
                    ("tasks", self._settings.tasks_queue_url),
                    ("tasks_dlq", self._settings.tasks_dlq_url),
                    ("callbacks", self._settings.callbacks_queue_url),
                    ("callbacks_dlq", self._settings.callbacks_dlq_url),
                )
            },
            "dcl_stage_seconds": state.stage_seconds if state else {},
            "llm": {
                "calls": state.llm_calls if state else 0,
                "tokens": state.llm_tokens if state else 0,
            },
        }

    def _depth(self, url: str | None) -> dict[str, int] | None:
        if not url:
            return None
        try:
            attributes = self._sqs().get_queue_attributes(
                QueueUrl=url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )["Attributes"]
        except (BotoCoreError, ClientError):
            return None
        return {
            "visible": int(attributes.get("ApproximateNumberOfMessages", 0)),
            "in_flight": int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0)),
        }
