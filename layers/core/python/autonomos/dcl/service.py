"""The DCL for the API: catalogue and sources, ontology, review of mappings (feeding the
memory), state with its graph, the read views of the current version, and stateless match."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from autonomos.db.models import DclSource
from autonomos.dcl import repository as repo
from autonomos.dcl.sources import SourceLoader, catalog, fingerprint
from autonomos.errors import Conflict, NotFound, ValidationFailed
from autonomos.pagination import Cursor
from autonomos.schemas.dcl import (
    ConnectRequest,
    MappingOut,
    MappingPage,
    MatchOut,
    MatchRequest,
    MatchResponse,
    OntologyDocument,
    PreviewOut,
    SourceList,
    SourceOut,
    SqlSourceCreate,
    VersionList,
    VersionOut,
)
from autonomos.schemas.tasks import TaskCreate, TaskOut
from autonomos.services.users import require_role
from autonomos.tenancy import Role, TenantContext
from autonomos_dcl.graph import build_graph, ontology_view, universe_view
from autonomos_dcl.llm import LlmConfig, LlmProvider
from autonomos_dcl.mapping import (
    ColumnSample,
    MatchOptions,
    TableSample,
    entry_from_column,
    match_schemas,
)
from autonomos_dcl.mapping.memory import Origin
from autonomos_dcl.models import FieldMapping, Ontology
from autonomos_dcl.ontology import DEFAULT_AGENTS, DEFAULT_ONTOLOGY, agent_by_id
from autonomos_dcl.pipeline import table_samples
from autonomos_dcl.publish import lineage, read_preview
from autonomos_dcl.sources import list_sql_tables, read_files
from autonomos_dcl.sources.files import FileLimits

if TYPE_CHECKING:
    from autonomos.runtime import Runtime

DEFAULT_MODELS = {"openai": "gpt-4o-mini", "gemini": "gemini-2.0-flash"}
MAX_MATCH_VALUES = 1000


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return (slug if slug[:1].isalpha() else f"s_{slug}")[:60] or "source"


def mapping_out(row: Any) -> MappingOut:
    return MappingOut(
        id=row.id,
        source_key=row.source_key,
        source_system=row.source_system,
        source_table=row.table_name,
        source_field=row.column_name,
        ontology_field=f"{row.entity}.{row.field}",
        entity=row.entity,
        field=row.field,
        confidence=row.confidence,
        method=row.method,
        status=row.status,
        decided_at=row.decided_at,
    )


class DclService:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.loader = SourceLoader(runtime.dcl_storage, runtime.secret_box_open)

    # -- ontology ----------------------------------------------------------------------

    @staticmethod
    def ontology_in(session: Session) -> Ontology:
        document = repo.ontology_document(session)
        return Ontology.from_dict(document) if document else DEFAULT_ONTOLOGY

    def ontology(self, ctx: TenantContext) -> dict[str, Any]:
        """The ontology with, per entity, the approved source mappings."""
        with self.rt.db.tenant(ctx) as session:
            ontology = self.ontology_in(session)
            mappings = [repo.field_mapping(r) for r in repo.mappings(session)]
        return ontology_view(ontology, mappings)

    def replace_ontology(self, ctx: TenantContext, document: OntologyDocument) -> dict[str, Any]:
        """Replace the tenant's ontology (admin); mappings to vanished fields stop publishing."""
        require_role(ctx, Role.ADMIN)
        data = document.model_dump(exclude_none=True)
        Ontology.from_dict(data)  # InvalidOntologyError (400) names what is wrong
        with self.rt.db.tenant(ctx) as session:
            repo.save_ontology(session, ctx.tenant_id, data)
            repo.narrate(
                repo.state(session, ctx.tenant_id, for_update=True),
                f"ontology replaced ({len(document.entities)} entities)",
            )
        return self.ontology(ctx)

    # -- sources -----------------------------------------------------------------------

    def sources(self, ctx: TenantContext) -> SourceList:
        with self.rt.db.tenant(ctx) as session:
            rows = repo.sources(session)
        return SourceList(items=[SourceOut.model_validate(s.to_dict()) for s in catalog(rows)])

    def add_files(self, ctx: TenantContext, files: dict[str, bytes], name: str | None) -> SourceOut:
        """A source from uploaded CSV/Parquet/JSON files (each file one table)."""
        require_role(ctx, Role.ADMIN)
        if not files:
            raise ValidationFailed("upload at least one file", [{"field": "files"}])
        limits = FileLimits(max_bytes=self.rt.settings.upload_max_bytes)
        tables = read_files(files, limits=limits)  # 400 naming the file and line when bad
        key = self._new_key(ctx, name or next(iter(files)).rsplit(".", 1)[0])
        prefix = self.rt.dcl_storage.upload_key(ctx.tenant_id, key, "")
        for filename, data in files.items():
            self.rt.dcl_storage.put_bytes(prefix + _safe_filename(filename), data)
        described = [
            {**t.to_dict(), "file": _safe_filename(f)}
            for f, t in zip(files, _describe(key, tables), strict=True)
        ]
        return self._save_source(
            ctx, key, name or key, "file", described, fingerprint(tables), object_prefix=prefix
        )

    def add_sql(self, ctx: TenantContext, request: SqlSourceCreate) -> SourceOut:
        """A source from a PostgreSQL URL (its credentials are sealed, never returned)."""
        require_role(ctx, Role.ADMIN)
        host = _database_host(request.url)
        self.rt.url_policy(ctx).check_resolved(f"http://{host}/", field="url")
        tables = list_sql_tables(request.url, schema=request.schema_name)
        chosen = [t for t in tables if not request.tables or t.name in request.tables]
        missing = sorted(set(request.tables or ()) - {t.name for t in chosen})
        if missing:
            raise ValidationFailed(f"tables not found: {', '.join(missing)}", [{"field": "tables"}])
        from autonomos_dcl.sources import read_sql_tables

        data = read_sql_tables(request.url, [t.name for t in chosen], schema=request.schema_name)
        key = self._new_key(ctx, request.key or request.name or "sql_source")
        return self._save_source(
            ctx,
            key,
            request.name or key,
            "sql",
            [t.to_dict() for t in _describe(key, data)],
            fingerprint(data),
            sql_url_sealed=self.rt.secret_box.seal(request.url),
            sql_tables={"schema": request.schema_name, "tables": [t.name for t in chosen]},
        )

    def _new_key(self, ctx: TenantContext, wanted: str) -> str:
        base = _slug(wanted)
        taken = {s.key for s in catalog([])}
        with self.rt.db.tenant(ctx) as session:
            taken |= {r.key for r in repo.sources(session)}
        key, n = base, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        return key

    def _save_source(
        self,
        ctx: TenantContext,
        key: str,
        name: str,
        kind: str,
        tables: list[dict[str, Any]],
        digest: str,
        **extra: Any,
    ) -> SourceOut:
        row = DclSource(
            id=uuid.uuid4(),
            tenant_id=ctx.tenant_id,
            key=key,
            name=name,
            kind=kind,
            system=kind,
            tables=tables,
            fingerprint=digest,
            **extra,
        )
        with self.rt.db.tenant(ctx) as session:
            session.add(row)
            session.flush()
            from autonomos.dcl.sources import source_from_row

            return SourceOut.model_validate(source_from_row(row).to_dict())

    # -- tasks -------------------------------------------------------------------------

    def submit_connect(self, ctx: TenantContext, request: ConnectRequest) -> TaskOut:
        unknown = [a for a in request.agents if agent_by_id(a) is None]
        if unknown:
            raise ValidationFailed(f"unknown agent(s): {', '.join(unknown)}", [{"field": "agents"}])
        task = TaskCreate(
            type="dcl.connect", payload=request.model_dump(), timeout_seconds=600, max_retries=1
        )
        return self.rt.tasks.submit(ctx, task).task

    def submit_publish(self, ctx: TenantContext) -> TaskOut:
        task = TaskCreate(type="dcl.publish", payload={}, timeout_seconds=600, max_retries=1)
        return self.rt.tasks.submit(ctx, task).task

    def llm_config(
        self, ctx: TenantContext, mode: str | None, requested_model: str | None
    ) -> tuple[LlmConfig | None, str | None]:
        """The provider to ask in ``llm`` mode: the tenant's keys, else the platform's."""
        if mode != "llm":
            return None, None
        settings, tenant = self.rt.settings, self.rt.tenant_settings.get(ctx).llm
        keys = {
            "openai": tenant.get("openai_api_key") or _secret(settings.openai_api_key),
            "gemini": tenant.get("gemini_api_key") or _secret(settings.gemini_api_key),
        }
        bases = {
            "openai": tenant.get("openai_base_url") or settings.openai_base_url,
            "gemini": tenant.get("gemini_base_url") or settings.gemini_base_url,
        }
        model = requested_model or tenant.get("model")
        provider = (
            tenant.get("provider")
            or _provider_of(model)
            or next((p for p, k in keys.items() if k), None)
        )
        key = keys.get(provider) if provider else None
        if not key or (provider != "openai" and provider != "gemini"):
            return None, "LLM mode asked but no provider key is configured: heuristics only"
        chosen: LlmProvider = "openai" if provider == "openai" else "gemini"
        return LlmConfig(
            chosen,
            model or DEFAULT_MODELS[chosen],
            key,
            bases[chosen],
            timeout_seconds=settings.llm_timeout_seconds,
            max_retries=0,
        ), None

    # -- review ------------------------------------------------------------------------

    def mappings(
        self,
        ctx: TenantContext,
        status: str | None,
        source: str | None,
        limit: int,
        cursor: str | None,
    ) -> MappingPage:
        with self.rt.db.tenant(ctx) as session:
            page = repo.mapping_page(
                session, status, source, limit, Cursor.decode(cursor) if cursor else None
            )
            return MappingPage(
                items=[mapping_out(r) for r in page.items], next_cursor=page.next_cursor
            )

    def decide(
        self,
        ctx: TenantContext,
        mapping_id: uuid.UUID,
        status: str,
        ontology_field: str | None = None,
    ) -> MappingOut:
        """Approve, reject or re-target a mapping; approvals and edits feed the memory."""
        with self.rt.db.tenant(ctx) as session:
            row = repo.mapping(session, mapping_id)
            if row is None:
                raise NotFound("mapping not found")
            if ontology_field is not None:
                entity, field = ontology_field.split(".", 1)
                ontology = self.ontology_in(session)
                target = ontology.entity(entity)
                if target is None or field not in {f.name for f in target.fields}:
                    raise ValidationFailed(
                        f"unknown ontology field {ontology_field}", [{"field": "ontology_field"}]
                    )
                if (row.entity, row.field) != (entity, field):
                    repo.forget(session, row)
                row.entity, row.field, row.method, row.confidence = entity, field, "human", 1.0
            if status == "rejected":
                repo.forget(session, row)
            row.status, row.decided_by = status, ctx.user_id
            row.decided_at = dt.datetime.now(dt.UTC)
            try:
                session.flush()
            except Exception as exc:
                raise Conflict("that mapping already exists") from exc
            if status == "approved":
                repo.remember(
                    session,
                    ctx.tenant_id,
                    {
                        "source_system": row.source_system,
                        "source_table": row.table_name,
                        "source_column": row.column_name,
                        "entity": row.entity,
                        "field": row.field,
                        "origin": "human",
                        "value_kind": None,
                        "sample_values": [],
                    },
                )
            repo.narrate(
                repo.state(session, ctx.tenant_id, for_update=True),
                f"{row.table_name}.{row.column_name} → {row.entity}.{row.field} "
                f"{status} by a reviewer",
            )
            return mapping_out(row)

    def remember(
        self,
        session: Session,
        ctx: TenantContext,
        system: str,
        tables: Any,
        mapping: FieldMapping,
        origin: Origin,
    ) -> None:
        """Store a confirmed mapping in the memory with its column's value features."""
        table = next(
            (t for t in table_samples(system, {mapping.table: tables[mapping.table]}, 50)), None
        )
        column = (
            next((c for c in table.columns if c.name == mapping.column), None) if table else None
        )
        entry = (
            entry_from_column(column, table, mapping.entity, mapping.field, origin)
            if column and table
            else None
        )
        repo.remember(
            session,
            ctx.tenant_id,
            {
                "source_system": system,
                "source_table": mapping.table,
                "source_column": mapping.column,
                "entity": mapping.entity,
                "field": mapping.field,
                "origin": origin,
                "value_kind": entry.value_kind if entry else None,
                "sample_values": list(entry.sample_values) if entry else [],
            },
        )

    # -- state and views ----------------------------------------------------------------

    def state(self, ctx: TenantContext) -> tuple[dict[str, Any], str]:
        """The DCL state document and its ETag."""
        with self.rt.db.tenant(ctx) as session:
            state = repo.state(session, ctx.tenant_id)
            rows = repo.sources(session)
            ontology = self.ontology_in(session)
            mappings = [
                repo.field_mapping(r) for r in repo.mappings(session, state.selected_sources)
            ]
            memory_size = len(repo.memory(session))
            pending = len(repo.mappings(session, state.selected_sources, ("proposed",)))
            state_sources, state_agents = list(state.selected_sources), list(state.selected_agents)
            body = {
                "version": state.current_version,
                "selected_sources": state.selected_sources,
                "selected_agents": state.selected_agents,
                "mode": state.mode,
                "llm_model": state.llm_model,
                "events": state.events,
                "memory": {"entries": memory_size, **(state.memory_stats or {})},
                "llm": {"calls": state.llm_calls, "tokens": state.llm_tokens},
                "review": {"pending": pending},
                "stage_seconds": state.stage_seconds,
            }
        selected = [s for s in catalog(rows) if s.key in set(state_sources)]
        agents = [a for a in DEFAULT_AGENTS if a.id in set(state_agents)]
        graph = build_graph(selected, ontology, mappings, agents).to_dict()
        body["graph"] = {"nodes": graph["nodes"], "edges": graph["edges"]}
        body["confidence"] = graph.get("confidence")
        etag = (
            '"'
            + hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[
                :32
            ]
            + '"'
        )
        return body, etag

    def universe(self, ctx: TenantContext) -> dict[str, Any]:
        with self.rt.db.tenant(ctx) as session:
            rows = repo.sources(session)
            mappings = [repo.field_mapping(r) for r in repo.mappings(session)]
        return universe_view(catalog(rows), mappings)

    def versions(self, ctx: TenantContext) -> VersionList:
        with self.rt.db.tenant(ctx) as session:
            current = repo.state(session, ctx.tenant_id).current_version
            return VersionList(
                items=[
                    VersionOut(
                        version=v.version,
                        created_at=v.created_at,
                        row_counts=v.row_counts,
                        entities=v.entities,
                        selection=v.selection,
                        current=v.version == current,
                    )
                    for v in repo.versions(session)
                ]
            )

    def current_version_file(self, ctx: TenantContext) -> tuple[int, Any]:
        """The current version's number and a local path to its DuckDB file (404 before the
        first publish)."""
        with self.rt.db.tenant(ctx) as session:
            number = repo.state(session, ctx.tenant_id).current_version
            version = repo.version(session, number) if number else None
            if version is None:
                raise NotFound("nothing published yet: connect sources first")
            key = version.object_key
        return version.version, self.rt.dcl_storage.fetch(key)

    def preview(self, ctx: TenantContext, view: str, limit: int) -> PreviewOut:
        number, path = self.current_version_file(ctx)
        data = read_preview(path, view, limit)
        return PreviewOut(view=view, version=number, columns=data["columns"], rows=data["rows"])

    def lineage(self, ctx: TenantContext, query: str) -> dict[str, Any]:
        _, path = self.current_version_file(ctx)
        with self.rt.db.tenant(ctx) as session:
            ontology = self.ontology_in(session)
        return {"items": [m.to_dict() for m in lineage(path, query, ontology=ontology)]}

    # -- stateless match -----------------------------------------------------------------

    def match(self, request: MatchRequest) -> MatchResponse:
        def tables(spec: dict[str, dict[str, list[Any]]]) -> list[TableSample]:
            return [
                TableSample(
                    name,
                    [
                        ColumnSample(
                            col,
                            tuple(None if v is None else str(v) for v in values[:MAX_MATCH_VALUES]),
                        )
                        for col, values in columns.items()
                    ],
                )
                for name, columns in spec.items()
            ]

        options = (
            MatchOptions(min_confidence=request.min_confidence)
            if request.min_confidence is not None
            else None
        )
        found = match_schemas(
            tables(request.source.tables), tables(request.target.entities), options=options
        )
        return MatchResponse(
            matches=[
                MatchOut(
                    source_table=m.source_table,
                    source_column=m.source_column,
                    entity=m.target_table,
                    field=m.target_column,
                    confidence=round(m.confidence, 4),
                )
                for m in found
            ]
        )


def _describe(key: str, tables: dict[str, Any]) -> list[Any]:
    from autonomos_dcl.sources import describe_source

    return list(describe_source(key, key, "file", "file", tables).tables)


def _safe_filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")
    return cleaned[:120] or "upload"


SQL_URL_OPTIONS = frozenset({"sslmode", "connect_timeout", "application_name"})
"""The only query options a tenant's database URL may carry."""


def _database_host(url: str) -> str:
    """The one host a database URL reaches; 400 for Unix sockets, several hosts, or
    options (``host``, ``hostaddr``, ``service``...) that would point the driver elsewhere."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ValidationFailed("malformed database URL", [{"field": "url"}]) from exc
    other = sorted(set(parsed.query) - SQL_URL_OPTIONS)
    if other:  # host, hostaddr, service... would reach another server than the one checked
        raise ValidationFailed(
            f"database URL options not allowed: {', '.join(other)}", [{"field": "url"}]
        )
    if not parsed.host or "," in parsed.host:
        raise ValidationFailed("the database URL needs one host name", [{"field": "url"}])
    return parsed.host


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


def _provider_of(model: str | None) -> str | None:
    if not model:
        return None
    return "gemini" if model.lower().startswith("gemini") else "openai"
