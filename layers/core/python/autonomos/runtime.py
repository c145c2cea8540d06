"""The composition root: builds each process's long-lived objects once (a Lambda cold start).

Handlers ask :func:`runtime` for services; nothing else constructs them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import redis
from sqlalchemy.engine import make_url

from autonomos import emf
from autonomos.agents import task_types as _agent_task_types  # noqa: F401 - registers them
from autonomos.auth import PasswordHasher, TokenService
from autonomos.auth.throttle import LoginLimits, LoginThrottle
from autonomos.aws.clients import client
from autonomos.cache import connect
from autonomos.config import Settings, get_settings
from autonomos.crypto import SecretBox
from autonomos.db import Database
from autonomos.db.urls import app_role_url
from autonomos.dcl import task_types as _dcl_task_types  # noqa: F401 - registers them
from autonomos.net import UrlPolicy
from autonomos.queueing import Publisher
from autonomos.quotas import Quotas
from autonomos.services.auth import AuthService
from autonomos.services.health import HealthService
from autonomos.services.metrics import MetricsService
from autonomos.services.tasks import TaskService
from autonomos.services.tenant_settings import TenantSettingsService
from autonomos.services.users import UserService
from autonomos.tasks import types as _builtin_task_types  # noqa: F401 - registers them
from autonomos.tasks.outbox import OutboxSender
from autonomos.tasks.registry import TaskRegistry, registry
from autonomos.tasks.signals import CancelFlags, SeenMarks
from autonomos.tenancy import TenantContext

if TYPE_CHECKING:
    from autonomos.agents.aoa import AoaService
    from autonomos.agents.service import AgentService
    from autonomos.dcl.connect import DclPipeline
    from autonomos.dcl.service import DclService
    from autonomos.dcl.storage import DclStorage


@dataclass
class Runtime:
    settings: Settings
    db: Database
    redis: redis.Redis
    hasher: PasswordHasher

    def sqs(self) -> Any:
        return client("sqs", self.settings)

    def s3(self) -> Any:
        return client("s3", self.settings)

    @property
    def registry(self) -> TaskRegistry:
        return registry

    @functools.cached_property
    def tokens(self) -> TokenService:
        """Built on first use: queue functions never touch the JWT key (nor may read it)."""
        settings = self.settings
        return TokenService(
            settings.resolved_jwt_secret(), settings.jwt_ttl_seconds, settings.jwt_issuer
        )

    @functools.cached_property
    def secret_box(self) -> SecretBox:
        key = self.settings.resolved_data_encryption_key()
        if key is None:
            raise RuntimeError(
                "DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_ARN must be set to store tenant secrets"
            )
        return SecretBox(key)

    def secret_box_open(self, token: str) -> str:
        return self.secret_box.open(token)

    # The DCL engine (DuckDB, Arrow, the matcher) is imported on first use only, so functions
    # that never touch it keep a small cold start.

    @functools.cached_property
    def dcl_storage(self) -> DclStorage:
        from autonomos.dcl.storage import DclStorage

        return DclStorage(self.s3(), self.settings.data_bucket, self.settings.cache_dir)

    @functools.cached_property
    def dcl(self) -> DclService:
        from autonomos.dcl.service import DclService

        return DclService(self)

    @functools.cached_property
    def dcl_pipeline(self) -> DclPipeline:
        from autonomos.dcl.connect import DclPipeline

        return DclPipeline(self, self.dcl)

    @functools.cached_property
    def agents(self) -> AgentService:
        from autonomos.agents.service import AgentService

        return AgentService(self)

    @functools.cached_property
    def aoa(self) -> AoaService:
        from autonomos.agents.aoa import AoaService

        return AoaService(self)

    @functools.cached_property
    def metrics(self) -> MetricsService:
        return MetricsService(self.db, self.sqs, self.settings)

    @functools.cached_property
    def auth(self) -> AuthService:
        limits = LoginLimits(
            per_account=self.settings.login_limit_per_account,
            per_source=self.settings.login_limit_per_source,
            window_seconds=self.settings.login_limit_window_seconds,
        )
        return AuthService(self.db, self.hasher, self.tokens, LoginThrottle(self.quotas, limits))

    @functools.cached_property
    def users(self) -> UserService:
        return UserService(self.db, self.hasher)

    @functools.cached_property
    def health(self) -> HealthService:
        return HealthService(self.db, self.redis, self.sqs, self.settings)

    @functools.cached_property
    def tenant_settings(self) -> TenantSettingsService:
        return TenantSettingsService(self.db, self.settings, lambda: self.secret_box)

    def url_policy(self, ctx: TenantContext) -> UrlPolicy:
        return self.tenant_settings.url_policy(ctx)

    @functools.cached_property
    def quotas(self) -> Quotas:
        return Quotas(self.redis)

    @functools.cached_property
    def cancel_flags(self) -> CancelFlags:
        return CancelFlags(self.redis)

    @functools.cached_property
    def seen_marks(self) -> SeenMarks:
        return SeenMarks(self.redis, self.settings.stalled_task_seconds)

    @functools.cached_property
    def publisher(self) -> Publisher:
        return Publisher(
            self.sqs(),
            {
                "tasks": self.settings.tasks_queue_url,
                "callbacks": self.settings.callbacks_queue_url,
            },
        )

    @functools.cached_property
    def outbox(self) -> OutboxSender:
        return OutboxSender(self.db, self.publisher)

    @functools.cached_property
    def tasks(self) -> TaskService:
        return TaskService(
            self.db,
            self.outbox,
            self.registry,
            self.tenant_settings,
            self.settings,
            self,
            self.cancel_flags,
        )


def build_runtime(settings: Settings) -> Runtime:
    if settings.database_app_url:
        db_url: Any = settings.database_app_url
    elif settings.database_url:
        db_url = app_role_url(
            settings.database_url,
            settings.database_app_role,
            settings.database_app_password.get_secret_value(),
        )
    else:
        raise RuntimeError("DATABASE_URL (or DATABASE_APP_URL) must be set")
    if settings.database_proxy_endpoint:
        db_url = make_url(db_url).set(host=settings.database_proxy_endpoint)
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL must be set")
    if settings.emf_enabled:
        emf.install(emf.EmfWriter(settings.metrics_namespace))
    return Runtime(
        settings=settings,
        db=Database(
            db_url, pool_size=settings.database_pool_size, pooled=settings.environment != "aws"
        ),
        redis=connect(settings.redis_url),
        hasher=PasswordHasher(),
    )


_runtime: Runtime | None = None


def runtime() -> Runtime:
    """This process's runtime, built on first use from :func:`get_settings`."""
    global _runtime
    if _runtime is None:
        _runtime = build_runtime(get_settings())
    return _runtime


def reset_runtime() -> None:
    """Drop the cached runtime (tests that change settings)."""
    global _runtime
    if _runtime is not None:
        _runtime.db.dispose()
    _runtime = None
