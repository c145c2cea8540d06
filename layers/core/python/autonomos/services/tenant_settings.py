"""Per-tenant settings: autonomy mode, Slack webhook, callback allow-list, LLM provider,
review threshold and quotas. Provider keys are sealed at rest and never returned."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from autonomos.config import Settings
from autonomos.crypto import SecretBox
from autonomos.db import Database
from autonomos.db.models import TenantSettings
from autonomos.errors import NotFound
from autonomos.net import UrlPolicy
from autonomos.schemas.tenant import (
    LlmSettingsOut,
    TenantSettingsOut,
    TenantSettingsUpdate,
    WebhookSecret,
)
from autonomos.services.users import require_role
from autonomos.tenancy import Role, TenantContext

CACHE_SECONDS = 5.0
DEFAULT_REVIEW_THRESHOLD = 0.6


@dataclass(frozen=True)
class ResolvedSettings:
    """A tenant's settings with platform defaults applied and secrets opened (server-side)."""

    tenant_id: uuid.UUID
    autonomy_mode: str
    webhook_secret: str
    slack_webhook_url: str | None
    callback_allow_hosts: tuple[str, ...]
    review_threshold: float
    rate_limit_per_minute: int
    max_tasks_in_flight: int
    llm: dict[str, Any] = field(default_factory=dict)
    agents: dict[str, dict[str, Any]] = field(default_factory=dict)


class TenantSettingsService:
    def __init__(self, db: Database, settings: Settings, box: Callable[[], SecretBox]) -> None:
        """``box`` gives the secret box on first need (processes that never open tenant
        secrets need no encryption key)."""
        self._db = db
        self._settings = settings
        self._box = box
        self._cache: dict[uuid.UUID, tuple[float, ResolvedSettings]] = {}
        self._lock = threading.Lock()

    def get(self, ctx: TenantContext, *, fresh: bool = False) -> ResolvedSettings:
        """The tenant's resolved settings, cached for a few seconds per process; ``fresh``
        reads them from the database (for decisions a change must govern at once, such as
        the autonomy mode of an agent run started right after the mode was changed)."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(ctx.tenant_id)
        if hit and not fresh and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        with self._db.tenant(ctx) as session:
            row = session.get(TenantSettings, ctx.tenant_id)
            if row is None:
                raise NotFound("tenant settings not found")
            resolved = self._resolve(row)
        with self._lock:
            self._cache[ctx.tenant_id] = (now, resolved)
        return resolved

    def url_policy(self, ctx: TenantContext) -> UrlPolicy:
        hosts = (*self.get(ctx).callback_allow_hosts, *self._settings.callback_dev_allow_hosts)
        return UrlPolicy(hosts)

    def view(self, ctx: TenantContext) -> TenantSettingsOut:
        return self._out(self.get(ctx))

    def update(self, ctx: TenantContext, request: TenantSettingsUpdate) -> TenantSettingsOut:
        """Apply the given fields (admin); quotas only by the owner, within platform limits."""
        require_role(ctx, Role.ADMIN)
        if request.rate_limit_per_minute is not None or request.max_tasks_in_flight is not None:
            require_role(ctx, Role.OWNER)
        if request.slack_webhook_url:
            allow = (
                *(request.callback_allow_hosts or self.get(ctx).callback_allow_hosts),
                *self._settings.callback_dev_allow_hosts,
            )
            UrlPolicy(allow).check(request.slack_webhook_url, field="slack_webhook_url")
        with self._db.tenant(ctx) as session:
            row = session.get(TenantSettings, ctx.tenant_id, with_for_update=True)
            if row is None:
                raise NotFound("tenant settings not found")
            data = dict(row.settings or {})
            if request.autonomy_mode is not None:
                row.autonomy_mode = request.autonomy_mode
            if request.slack_webhook_url is not None:
                data["slack_webhook_url"] = request.slack_webhook_url or None
            if request.callback_allow_hosts is not None:
                data["callback_allow_hosts"] = request.callback_allow_hosts
            if request.review_threshold is not None:
                data["review_threshold"] = request.review_threshold
            if request.agents is not None:
                data["agents"] = {**(data.get("agents") or {}), **_agent_settings(request.agents)}
            if request.llm is not None:
                data["llm"] = self._merge_llm(dict(data.get("llm") or {}), request)
            if request.rate_limit_per_minute is not None:
                row.rate_limit_per_minute = min(
                    request.rate_limit_per_minute, self._settings.rate_limit_per_minute
                )
            if request.max_tasks_in_flight is not None:
                row.max_tasks_in_flight = min(
                    request.max_tasks_in_flight, self._settings.max_tasks_in_flight
                )
            row.settings = data
            session.flush()
            resolved = self._resolve(row)
        with self._lock:
            self._cache[ctx.tenant_id] = (time.monotonic(), resolved)
        return self._out(resolved)

    def webhook_secret(self, ctx: TenantContext) -> WebhookSecret:
        require_role(ctx, Role.ADMIN)
        return WebhookSecret(secret=self.get(ctx).webhook_secret)

    def _merge_llm(self, llm: dict[str, Any], request: TenantSettingsUpdate) -> dict[str, Any]:
        assert request.llm is not None
        given = request.llm.model_dump(exclude_unset=True)
        for key in ("openai_api_key", "gemini_api_key"):
            if key in given:
                value = given.pop(key)
                llm[f"{key}_sealed"] = self._box().seal(value) if value else None
        for key in ("openai_base_url", "gemini_base_url"):
            if given.get(key):
                UrlPolicy((*self._settings.callback_dev_allow_hosts,)).check(given[key], key)
        llm.update(given)
        return llm

    def _resolve(self, row: TenantSettings) -> ResolvedSettings:
        data = row.settings or {}
        llm = dict(data.get("llm") or {})
        for key in ("openai_api_key", "gemini_api_key"):
            sealed = llm.pop(f"{key}_sealed", None)
            llm[key] = self._box().open(sealed) if sealed else None
        return ResolvedSettings(
            tenant_id=row.tenant_id,
            autonomy_mode=row.autonomy_mode,
            webhook_secret=row.webhook_secret,
            slack_webhook_url=data.get("slack_webhook_url"),
            callback_allow_hosts=tuple(data.get("callback_allow_hosts") or ()),
            review_threshold=float(data.get("review_threshold", DEFAULT_REVIEW_THRESHOLD)),
            rate_limit_per_minute=row.rate_limit_per_minute or self._settings.rate_limit_per_minute,
            max_tasks_in_flight=row.max_tasks_in_flight or self._settings.max_tasks_in_flight,
            llm=llm,
            agents=dict(data.get("agents") or {}),
        )

    @staticmethod
    def _out(resolved: ResolvedSettings) -> TenantSettingsOut:
        llm = resolved.llm
        return TenantSettingsOut(
            autonomy_mode=resolved.autonomy_mode,
            slack_webhook_url=resolved.slack_webhook_url,
            llm=LlmSettingsOut(
                provider=llm.get("provider"),
                model=llm.get("model"),
                openai_api_key_set=bool(llm.get("openai_api_key")),
                gemini_api_key_set=bool(llm.get("gemini_api_key")),
                openai_base_url=llm.get("openai_base_url"),
                gemini_base_url=llm.get("gemini_base_url"),
            ),
            callback_allow_hosts=list(resolved.callback_allow_hosts),
            review_threshold=resolved.review_threshold,
            rate_limit_per_minute=resolved.rate_limit_per_minute,
            max_tasks_in_flight=resolved.max_tasks_in_flight,
            agents=resolved.agents,
        )


def _agent_settings(given: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each agent's thresholds validated by its settings model (400/404 naming the problem)."""
    from autonomos_dcl.agents import parse_settings

    return {
        agent: parse_settings(agent, raw).model_dump(mode="json", exclude_defaults=True)
        for agent, raw in given.items()
    }
