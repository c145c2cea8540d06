"""The one validated settings object.

Every environment variable the platform reads is declared here and nowhere else.
Call :func:`get_settings` to read them; tests and the local stack build their own
:class:`Settings` and pass it to :func:`configure`.
"""

from __future__ import annotations

import functools
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
    database_pool_size: int = Field(10, alias="DATABASE_POOL_SIZE", ge=1, le=200)

    redis_url: str | None = Field(None, alias="REDIS_URL")

    aws_endpoint_url: str | None = Field(None, alias="AWS_ENDPOINT_URL")
    aws_region: str = Field("us-east-1", alias="AWS_DEFAULT_REGION")
    tasks_queue_url: str | None = Field(None, alias="TASKS_QUEUE_URL")
    callbacks_queue_url: str | None = Field(None, alias="CALLBACKS_QUEUE_URL")
    dashboard_bucket: str = Field("autonomos-dashboard", alias="DASHBOARD_BUCKET")
    data_bucket: str = Field("autonomos-data", alias="DATA_BUCKET")

    jwt_secret: SecretStr | None = Field(None, alias="JWT_SECRET")
    jwt_secret_arn: str | None = Field(None, alias="JWT_SECRET_ARN")
    jwt_ttl_seconds: int = Field(3600, alias="JWT_TTL_SECONDS", ge=60, le=7 * 86400)
    jwt_issuer: str = Field("autonomos", alias="JWT_ISSUER")

    max_body_bytes: int = Field(1_048_576, alias="MAX_BODY_BYTES", ge=1024)
    cors_origin: str | None = Field(None, alias="CORS_ORIGIN")
    callback_dev_allow_hosts: Annotated[tuple[str, ...], NoDecode] = Field((), alias="CALLBACK_DEV_ALLOW_HOSTS")

    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    gemini_api_key: SecretStr | None = Field(None, alias="GEMINI_API_KEY")
    gemini_base_url: str | None = Field(None, alias="GEMINI_BASE_URL")

    gateway_host: str = Field("127.0.0.1", alias="GATEWAY_HOST")
    gateway_port: int = Field(3000, alias="GATEWAY_PORT")
    emulator_port: int = Field(4566, alias="EMULATOR_PORT")

    @field_validator("callback_dev_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(h.strip().lower() for h in value.split(",") if h.strip())
        return value

    def resolved_jwt_secret(self) -> str:
        """The JWT signing secret: inline (local), or fetched once from Secrets Manager (AWS)."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        if self.jwt_secret_arn:
            return _fetch_secret(self.jwt_secret_arn, self)
        raise RuntimeError("JWT_SECRET or JWT_SECRET_ARN must be set")


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
    return Settings()  # type: ignore[call-arg]


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
        elif isinstance(value, tuple):
            value = ",".join(value)
        env[field.alias] = str(value)
    return env
