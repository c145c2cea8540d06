"""DCL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,79}$"


class ColumnOut(BaseModel):
    name: str
    type: str


class TableOut(BaseModel):
    name: str
    columns: list[ColumnOut]
    row_count: int


class SourceOut(BaseModel):
    key: str
    name: str
    kind: Literal["demo", "file", "sql"]
    system: str
    tables: list[TableOut]


class SourceList(BaseModel):
    items: list[SourceOut]
    next_cursor: str | None = None


class SqlSourceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["sql"]
    url: str = Field(min_length=10, max_length=2000)
    name: str | None = Field(None, max_length=200)
    key: str | None = Field(None, pattern=KEY_PATTERN)
    tables: list[str] | None = Field(None, max_length=100)
    schema_name: str | None = Field(None, alias="schema", max_length=63)


class ConnectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(min_length=1, max_length=50)
    agents: list[str] = Field(default_factory=list, max_length=10)
    llm_model: str | None = Field(None, max_length=100)
    mode: Literal["heuristic", "llm"] = "heuristic"

    @field_validator("sources", "agents")
    @classmethod
    def _unique_sorted(cls, values: list[str]) -> list[str]:
        return sorted(set(values))


class MappingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    source_key: str
    source_system: str
    source_table: str
    source_field: str
    ontology_field: str
    entity: str
    field: str
    confidence: float
    method: str
    status: Literal["proposed", "approved", "rejected"]
    decided_at: dt.datetime | None = None


class MappingPage(BaseModel):
    items: list[MappingOut]
    next_cursor: str | None = None


class MappingQuery(BaseModel):
    status: Literal["proposed", "approved", "rejected"] | None = None
    source: str | None = Field(None, max_length=80)
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = None


class MappingEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ontology_field: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")


class OntologyField(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")
    type: Literal["string", "integer", "decimal", "date", "timestamp", "boolean"]
    unit: str | None = None


class OntologyEntity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")
    primary_key: str
    fields: list[OntologyField] = Field(min_length=1, max_length=200)
    label: str | None = None


class OntologyDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[OntologyEntity] = Field(min_length=1, max_length=100)


class VersionOut(BaseModel):
    version: int
    created_at: dt.datetime
    row_counts: dict[str, Any]
    entities: list[Any]
    selection: dict[str, Any]
    current: bool


class VersionList(BaseModel):
    items: list[VersionOut]
    next_cursor: str | None = None


class PreviewQuery(BaseModel):
    view: str = Field(min_length=1, max_length=300)
    limit: int = Field(50, ge=1, le=500)


class PreviewOut(BaseModel):
    view: str
    version: int
    columns: list[str]
    rows: list[list[Any]]


class LineageQuery(BaseModel):
    q: str = Field(min_length=1, max_length=200)


class MatchColumnsIn(BaseModel):
    """Inline tables: ``{table: {column: [values...]}}``."""

    model_config = ConfigDict(extra="forbid")

    tables: dict[str, dict[str, list[Any]]] = Field(min_length=1, max_length=50)


class MatchTargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: dict[str, dict[str, list[Any]]] = Field(min_length=1, max_length=100)


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: MatchColumnsIn
    target: MatchTargetIn
    min_confidence: float | None = Field(None, ge=0, le=1)


class MatchOut(BaseModel):
    source_table: str
    source_column: str
    entity: str
    field: str
    confidence: float


class MatchResponse(BaseModel):
    matches: list[MatchOut]
