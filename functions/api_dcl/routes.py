"""The DCL: sources, connect and publish, state, ontology, universe, lineage, review,
versions, previews and stateless matching."""

import uuid
from typing import Any

from autonomos.dcl.uploads import parse_upload
from autonomos.http import Api, RawRequest, Reply
from autonomos.runtime import runtime
from autonomos.schemas.dcl import (
    ConnectRequest,
    LineageQuery,
    MappingEdit,
    MappingOut,
    MappingPage,
    MappingQuery,
    MatchRequest,
    MatchResponse,
    OntologyDocument,
    PreviewOut,
    PreviewQuery,
    SourceList,
    SourceOut,
    SqlSourceCreate,
    VersionList,
)
from autonomos.schemas.tasks import TaskOut
from autonomos.tenancy import TenantContext

api = Api(__name__, tag="dcl")
UPLOAD_LIMIT = 10 * 1024 * 1024


@api.get("/api/v1/dcl/sources")
def list_sources(ctx: TenantContext) -> SourceList:
    """The catalogue: bundled demo sources and the tenant's own."""
    return runtime().dcl.sources(ctx)


@api.post(
    "/api/v1/dcl/sources",
    status=201,
    response=SourceOut,
    max_body_bytes=UPLOAD_LIMIT,
    request_content_type="multipart/form-data",
    responses={502: "The SQL source's database cannot be reached"},
)
def add_source(ctx: TenantContext, request: RawRequest) -> SourceOut:
    """Add a source: multipart upload of CSV/Parquet/JSON files (field ``files``), or JSON
    ``{kind: "sql", url, tables?}`` for a PostgreSQL database (admin)."""
    dcl = runtime().dcl
    upload = parse_upload(request.header("content-type") or "", request.body)
    if isinstance(upload, SqlSourceCreate):
        return dcl.add_sql(ctx, upload)
    return dcl.add_files(ctx, upload.files, upload.name)


@api.post("/api/v1/dcl/connect", status=202)
def connect(ctx: TenantContext, body: ConnectRequest) -> TaskOut:
    """Connect sources and agents: map and publish, as a ``dcl.connect`` task."""
    return runtime().dcl.submit_connect(ctx, body)


@api.post("/api/v1/dcl/publish", status=202)
def publish(ctx: TenantContext) -> TaskOut:
    """Publish a new version from the approved mappings, as a ``dcl.publish`` task."""
    return runtime().dcl.submit_publish(ctx)


@api.get("/api/v1/dcl/state", responses={304: "Unchanged since the given ETag"})
def state(ctx: TenantContext, request: RawRequest) -> Reply:
    """The graph, selection, confidence, narration, memory and LLM counters (ETag)."""
    body, etag = runtime().dcl.state(ctx)
    if request.header("if-none-match") == etag:
        return Reply(status=304, headers={"ETag": etag})
    return Reply(body=body, headers={"ETag": etag})


@api.get("/api/v1/dcl/ontology")
def get_ontology(ctx: TenantContext) -> dict[str, Any]:
    """Unified entities with their fields and source mappings."""
    return runtime().dcl.ontology(ctx)


@api.put("/api/v1/dcl/ontology")
def put_ontology(ctx: TenantContext, body: OntologyDocument) -> dict[str, Any]:
    """Replace the tenant's ontology (admin)."""
    return runtime().dcl.replace_ontology(ctx, body)


@api.get("/api/v1/dcl/universe")
def universe(ctx: TenantContext) -> dict[str, Any]:
    """Every source → table → field with what it maps to."""
    return runtime().dcl.universe(ctx)


@api.get("/api/v1/dcl/lineage", responses={404: "Nothing published yet"})
def get_lineage(ctx: TenantContext, query: LineageQuery) -> dict[str, Any]:
    """Unified fields matching ``q`` with their source columns and consuming agents."""
    return runtime().dcl.lineage(ctx, query.q)


@api.get("/api/v1/dcl/mappings")
def list_mappings(ctx: TenantContext, query: MappingQuery) -> MappingPage:
    """Mapping proposals and decisions, filtered by status."""
    return runtime().dcl.mappings(ctx, query.status, query.source, query.limit, query.cursor)


@api.post("/api/v1/dcl/mappings/{mapping_id}/approve")
def approve_mapping(ctx: TenantContext, mapping_id: uuid.UUID) -> MappingOut:
    """Approve a proposal (it feeds the mapping memory)."""
    return runtime().dcl.decide(ctx, mapping_id, "approved")


@api.post("/api/v1/dcl/mappings/{mapping_id}/reject")
def reject_mapping(ctx: TenantContext, mapping_id: uuid.UUID) -> MappingOut:
    """Reject a proposal."""
    return runtime().dcl.decide(ctx, mapping_id, "rejected")


@api.patch("/api/v1/dcl/mappings/{mapping_id}")
def edit_mapping(ctx: TenantContext, mapping_id: uuid.UUID, body: MappingEdit) -> MappingOut:
    """Point a mapping at another ontology field (approved, method ``human``)."""
    return runtime().dcl.decide(ctx, mapping_id, "approved", body.ontology_field)


@api.get("/api/v1/dcl/versions")
def versions(ctx: TenantContext) -> VersionList:
    """Published versions, newest first."""
    return runtime().dcl.versions(ctx)


@api.get("/api/v1/dcl/preview", responses={404: "No such view, or nothing published yet"})
def preview(ctx: TenantContext, query: PreviewQuery) -> PreviewOut:
    """Rows of a view of the current version (a source table or an entity)."""
    return runtime().dcl.preview(ctx, query.view, query.limit)


@api.post("/api/v1/dcl/match", max_body_bytes=UPLOAD_LIMIT)
def match(ctx: TenantContext, body: MatchRequest) -> MatchResponse:
    """Match inline source tables onto target entities, persisting nothing."""
    return runtime().dcl.match(body)
