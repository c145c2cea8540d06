"""Agents and AOA runs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Severity = Literal["info", "low", "medium", "high", "critical"]


class AgentOut(BaseModel):
    id: str
    name: str
    consumes: list[str]
    autonomy_mode: str
    available: bool
    missing: list[str] = Field(default_factory=list)
    last_run_at: dt.datetime | None = None
    summary: str | None = None


class AgentList(BaseModel):
    items: list[AgentOut]
    next_cursor: str | None = None


class ActionOut(BaseModel):
    id: uuid.UUID
    kind: str
    title: str
    status: str
    payload: dict[str, Any]
    task_id: uuid.UUID | None = None
    decided_by: uuid.UUID | None = None
    decided_at: dt.datetime | None = None


class FindingOut(BaseModel):
    id: uuid.UUID
    agent_id: str
    kind: str
    severity: Severity
    title: str
    detail: str
    evidence: dict[str, Any]
    created_at: dt.datetime
    action: ActionOut | None = None


class FindingPage(BaseModel):
    items: list[FindingOut]
    next_cursor: str | None = None
    summary: str | None = None
    run_status: str | None = None
    missing: list[str] = Field(default_factory=list)


class FindingQuery(BaseModel):
    severity: Severity | None = None
    kind: str | None = Field(None, max_length=64)
    limit: int = Field(100, ge=1, le=200)


class AoaRunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(min_length=1, max_length=50)
    agents: list[str] = Field(default_factory=list, max_length=10)
    llm_model: str | None = Field(None, max_length=100)
    mode: Literal["heuristic", "llm"] | None = None

    @field_validator("sources", "agents")
    @classmethod
    def _unique_sorted(cls, values: list[str]) -> list[str]:
        return sorted(set(values))


class AgentRunPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent_id: str = Field(min_length=1, max_length=64)
    aoa_run_id: uuid.UUID | None = None


class AoaRunOut(BaseModel):
    id: uuid.UUID
    task_id: uuid.UUID
    status: str
    stages: list[dict[str, Any]]
    error: str | None = None
    created_at: dt.datetime
    finished_at: dt.datetime | None = None
