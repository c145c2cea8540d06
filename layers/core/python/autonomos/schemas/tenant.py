"""Tenant settings."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

AutonomyMode = Literal["observe", "recommend", "approve", "auto"]
Provider = Literal["openai", "gemini"]


class LlmSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: Provider | None = None
    model: str | None = Field(None, max_length=100)
    openai_api_key: str | None = Field(None, max_length=500)
    gemini_api_key: str | None = Field(None, max_length=500)
    openai_base_url: str | None = Field(None, max_length=500)
    gemini_base_url: str | None = Field(None, max_length=500)


class LlmSettingsOut(BaseModel):
    provider: Provider | None = None
    model: str | None = None
    openai_api_key_set: bool = False
    gemini_api_key_set: bool = False
    openai_base_url: str | None = None
    gemini_base_url: str | None = None


class TenantSettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    autonomy_mode: AutonomyMode | None = None
    slack_webhook_url: str | None = Field(None, max_length=2048)
    llm: LlmSettingsIn | None = None
    callback_allow_hosts: list[str] | None = Field(None, max_length=50)
    review_threshold: float | None = Field(None, ge=0, le=1)
    rate_limit_per_minute: int | None = Field(None, ge=1)
    max_tasks_in_flight: int | None = Field(None, ge=1)
    agents: dict[str, dict[str, Any]] | None = Field(
        None, max_length=10, description="per-agent thresholds, e.g. {finops_pilot: {...}}"
    )

    @field_validator("callback_allow_hosts")
    @classmethod
    def _hosts(cls, hosts: list[str] | None) -> list[str] | None:
        if hosts is None:
            return None
        cleaned = [h.strip().lower().rstrip(".") for h in hosts if h.strip()]
        for host in cleaned:
            if "/" in host or (":" in host.strip("[]") and not host.startswith("[")):
                raise ValueError(f"{host!r} is not a host name")
        return cleaned


class TenantSettingsOut(BaseModel):
    autonomy_mode: AutonomyMode
    slack_webhook_url: str | None = None
    llm: LlmSettingsOut
    callback_allow_hosts: list[str]
    review_threshold: float
    rate_limit_per_minute: int
    max_tasks_in_flight: int
    agents: dict[str, dict[str, Any]] = Field(default_factory=dict)


class WebhookSecret(BaseModel):
    secret: str
    algorithm: Literal["hmac-sha256"] = "hmac-sha256"
    signature_header: str = "X-AutonomOS-Signature"
