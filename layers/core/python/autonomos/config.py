"""The one validated settings object.

Every environment variable the platform reads is declared here and nowhere else.
Call :func:`get_settings` to read them; tests and the local stack build their own
:class:`Settings` and pass it to :func:`configure`.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[4]


class Settings(BaseSettings):
    """Runtime configuration, read from the environment (unprefixed names, as in README)."""

    model_config = SettingsConfigDict(
        env_file=None, extra="ignore", frozen=True, populate_by_name=True
    )

    environment: Literal["local", "test", "aws"] = Field("local", alias="AUTONOMOS_ENV")
    state_dir: Path = Field(PROJECT_ROOT / ".state", alias="AUTONOMOS_STATE_DIR")

    # PostgreSQL: the admin URL owns the schema (migrations); the app role is derived from it.
    database_url: str | None = Field(None, alias="DATABASE_URL")
    database_app_role: str = Field("autonomos_app", alias="DATABASE_APP_ROLE")
    database_app_password: SecretStr = Field(
        SecretStr("autonomos_app"), alias="DATABASE_APP_PASSWORD"
    )
    database_app_url: str | None = Field(None, alias="DATABASE_APP_URL")
    database_pool_size: int = Field(20, alias="DATABASE_POOL_SIZE", ge=1, le=200)
    # In AWS: the RDS Proxy endpoint, which replaces the host of DATABASE_APP_URL.
    database_proxy_endpoint: str | None = Field(None, alias="DATABASE_PROXY_ENDPOINT")

    redis_url: str | None = Field(None, alias="REDIS_URL")

    aws_endpoint_url: str | None = Field(None, alias="AWS_ENDPOINT_URL")
    aws_region: str = Field("us-east-1", alias="AWS_DEFAULT_REGION")
    tasks_queue_url: str | None = Field(None, alias="TASKS_QUEUE_URL")
    callbacks_queue_url: str | None = Field(None, alias="CALLBACKS_QUEUE_URL")
    tasks_dlq_url: str | None = Field(None, alias="TASKS_DLQ_URL")
    callbacks_dlq_url: str | None = Field(None, alias="CALLBACKS_DLQ_URL")
    dashboard_bucket: str = Field("autonomos-dashboard", alias="DASHBOARD_BUCKET")
    data_bucket: str = Field("autonomos-data", alias="DATA_BUCKET")

    jwt_secret: SecretStr | None = Field(None, alias="JWT_SECRET")
    jwt_secret_arn: str | None = Field(None, alias="JWT_SECRET_ARN")
    jwt_ttl_seconds: int = Field(3600, alias="JWT_TTL_SECONDS", ge=60, le=7 * 86400)
    jwt_issuer: str = Field("autonomos", alias="JWT_ISSUER")

    data_encryption_key: SecretStr | None = Field(None, alias="DATA_ENCRYPTION_KEY")
    data_encryption_key_arn: str | None = Field(None, alias="DATA_ENCRYPTION_KEY_ARN")

    # CloudWatch embedded-metric-format lines on stdout; unset means "when AUTONOMOS_ENV=aws".
    metrics_emf: bool | None = Field(None, alias="METRICS_EMF")
    metrics_namespace: str = Field("AutonomOS", alias="METRICS_NAMESPACE", min_length=1)

    rate_limit_per_minute: int = Field(6000, alias="RATE_LIMIT_PER_MINUTE", ge=1)
    max_tasks_in_flight: int = Field(5000, alias="MAX_TASKS_IN_FLIGHT", ge=1)
    max_running_per_tenant: int = Field(16, alias="MAX_RUNNING_PER_TENANT", ge=1)
    # Long-running task types (DCL connect/publish, agent runs) running at once, platform-wide:
    # below the worker's concurrency, so short tasks always find a free worker.
    max_long_running_tasks: int = Field(8, alias="MAX_LONG_RUNNING_TASKS", ge=1)
    # Login attempts per e-mail and per client address in a window (then 429).
    login_limit_per_account: int = Field(10, alias="LOGIN_LIMIT_PER_ACCOUNT", ge=1)
    login_limit_per_source: int = Field(100, alias="LOGIN_LIMIT_PER_SOURCE", ge=1)
    login_limit_window_seconds: int = Field(900, alias="LOGIN_LIMIT_WINDOW_SECONDS", ge=1, le=86400)
    task_slot_lease_seconds: int = Field(60, alias="TASK_SLOT_LEASE_SECONDS", ge=10)
    task_retry_base_seconds: float = Field(2.0, alias="TASK_RETRY_BASE_SECONDS", ge=0)
    task_retry_max_seconds: int = Field(900, alias="TASK_RETRY_MAX_SECONDS", ge=1, le=43200)
    worker_crash_backoff_max_seconds: int = Field(
        60, alias="WORKER_CRASH_BACKOFF_MAX_SECONDS", ge=1, le=900
    )
    outbox_relay_after_seconds: int = Field(30, alias="OUTBOX_RELAY_AFTER_SECONDS", ge=0)
    stalled_task_seconds: int = Field(900, alias="STALLED_TASK_SECONDS", ge=5)
    local_schedule_seconds: float = Field(5.0, alias="LOCAL_SCHEDULE_SECONDS", gt=0)
    local_batch_window_ms: int = Field(40, alias="LOCAL_BATCH_WINDOW_MS", ge=0, le=1000)

    cache_dir: Path = Field(
        Path(tempfile.gettempdir()) / "autonomos-cache", alias="AUTONOMOS_CACHE_DIR"
    )
    dcl_lock_wait_seconds: float = Field(300, alias="DCL_LOCK_WAIT_SECONDS", gt=0)
    upload_max_bytes: int = Field(10 * 1024 * 1024, alias="UPLOAD_MAX_BYTES", ge=1024)

    fault_injection: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), alias="FAULT_INJECTION"
    )

    max_body_bytes: int = Field(1_048_576, alias="MAX_BODY_BYTES", ge=1024)
    cors_origin: str | None = Field(None, alias="CORS_ORIGIN")
    callback_dev_allow_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        (), alias="CALLBACK_DEV_ALLOW_HOSTS"
    )

    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    gemini_api_key: SecretStr | None = Field(None, alias="GEMINI_API_KEY")
    gemini_base_url: str | None = Field(None, alias="GEMINI_BASE_URL")
    llm_timeout_seconds: float = Field(30.0, alias="LLM_TIMEOUT_SECONDS", gt=0, le=300)

    gateway_host: str = Field("127.0.0.1", alias="GATEWAY_HOST")
    gateway_port: int = Field(3000, alias="GATEWAY_PORT")
    emulator_port: int = Field(4566, alias="EMULATOR_PORT")

    @field_validator("callback_dev_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(h.strip().lower() for h in value.split(",") if h.strip())
        return value

    @field_validator("fault_injection", mode="before")
    @classmethod
    def _split_points(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(p.strip() for p in value.split(",") if p.strip())
        return value

    def resolved_jwt_secret(self) -> str:
        """The JWT signing secret: inline (local), or fetched once from Secrets Manager (AWS)."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        if self.jwt_secret_arn:
            return _fetch_secret(self.jwt_secret_arn, self)
        raise RuntimeError("JWT_SECRET or JWT_SECRET_ARN must be set")

    def resolved_data_encryption_key(self) -> str | None:
        """The key sealing tenant secrets: inline (local), or from Secrets Manager (AWS)."""
        if self.data_encryption_key is not None:
            return self.data_encryption_key.get_secret_value()
        if self.data_encryption_key_arn:
            return _fetch_secret(self.data_encryption_key_arn, self)
        return None

    @property
    def emf_enabled(self) -> bool:
        """Whether CloudWatch EMF metric lines are written (default: only in AWS)."""
        return self.environment == "aws" if self.metrics_emf is None else self.metrics_emf


@functools.cache
def _fetch_secret(arn: str, settings: Settings) -> str:
    from autonomos.aws.clients import client

    response = client("secretsmanager", settings).get_secret_value(SecretId=arn)
    return str(response["SecretString"])


_override: Settings | None = None


def configure(settings: Settings | None) -> None:
    """Install explicit settings for this process (the local stack and tests), or clear them."""
    global _override
    _override = settings
    _cached_from_env.cache_clear()


@functools.cache
def _cached_from_env() -> Settings:
    return Settings()


def get_settings() -> Settings:
    """The settings in force: those given to :func:`configure`, else read from the environment."""
    return _override if _override is not None else _cached_from_env()


def settings_to_env(settings: Settings) -> dict[str, str]:
    """The environment variables that reproduce ``settings`` in a child process."""
    env: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if value is None or field.alias is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, tuple | frozenset):
            value = ",".join(sorted(value))
        env[field.alias] = str(value)
    return env
