"""The composition root: builds each process's long-lived objects once (a Lambda cold start).

Handlers ask :func:`runtime` for services; nothing else constructs them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import redis

from autonomos.auth import PasswordHasher, TokenService
from autonomos.aws.clients import client
from autonomos.cache import connect
from autonomos.config import Settings, get_settings
from autonomos.db import Database
from autonomos.db.urls import app_role_url
from autonomos.services.auth import AuthService
from autonomos.services.health import HealthService
from autonomos.services.users import UserService


@dataclass
class Runtime:
    settings: Settings
    db: Database
    redis: redis.Redis
    tokens: TokenService
    hasher: PasswordHasher

    def sqs(self) -> Any:
        return client("sqs", self.settings)

    def s3(self) -> Any:
        return client("s3", self.settings)

    @functools.cached_property
    def auth(self) -> AuthService:
        return AuthService(self.db, self.hasher, self.tokens)

    @functools.cached_property
    def users(self) -> UserService:
        return UserService(self.db, self.hasher)

    @functools.cached_property
    def health(self) -> HealthService:
        return HealthService(self.db, self.redis, self.sqs, self.settings)


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
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL must be set")
    return Runtime(
        settings=settings,
        db=Database(db_url, pool_size=settings.database_pool_size,
                    pooled=settings.environment != "aws"),
        redis=connect(settings.redis_url),
        tokens=TokenService(
            settings.resolved_jwt_secret(), settings.jwt_ttl_seconds, settings.jwt_issuer
        ),
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
