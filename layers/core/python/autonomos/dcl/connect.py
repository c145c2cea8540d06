"""``dcl.connect`` and ``dcl.publish``: the DCL pipeline run for one tenant under its fenced
Redis lock (connects of one tenant serialise; tenants never wait for each other).

connect = load the selected sources → profile → map (heuristics, memory, optional LLM) →
store proposals (those under the review threshold wait for a person) → publish.
publish = build a new immutable DuckDB version from the approved mappings, upload it, then
switch the tenant's current version in one fenced transaction. A crash before the switch
leaves the previous version current; the same inputs again reuse the current version.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autonomos import faults
from autonomos.dcl import repository as repo
from autonomos.dcl.sources import SourceData, catalog
from autonomos.errors import Conflict
from autonomos.locks import FencedLock
from autonomos.schemas.dcl import ConnectRequest
from autonomos.tenancy import TenantContext
from autonomos_dcl.mapping import MemoryEntry
from autonomos_dcl.models import FieldMapping, Ontology
from autonomos_dcl.pipeline import propose
from autonomos_dcl.profile import profile_table
from autonomos_dcl.publish import build_version, mapping_problems

if TYPE_CHECKING:
    from autonomos.dcl.service import DclService
    from autonomos.runtime import Runtime

logger = logging.getLogger("autonomos.dcl")
LOCK_TTL_SECONDS = 900
Narrate = Callable[[str, str, dict[str, Any] | None], None]


class StaleLock(Conflict):
    """A newer holder of the tenant's DCL lock committed first; this run's version is dropped."""

    code = "stale_lock"


@dataclass
class StageClock:
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Any:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 4)


class DclPipeline:
    def __init__(self, runtime: Runtime, service: DclService) -> None:
        self.rt = runtime
        self.service = service

    def _lock(self, ctx: TenantContext) -> FencedLock:
        return FencedLock(self.rt.redis, f"dcl:{ctx.tenant_id}", LOCK_TTL_SECONDS)

    # -- connect -----------------------------------------------------------------------

    def connect(
        self, ctx: TenantContext, request: ConnectRequest, narrate: Narrate
    ) -> dict[str, Any]:
        clock = StageClock()
        with self._lock(ctx).hold(self.rt.settings.dcl_lock_wait_seconds) as token:
            narrate("stage", "connect: loading sources", {"stage": "connect", "progress": 5})
            with clock.stage("connect"), self.rt.db.tenant(ctx) as session:
                rows = repo.sources(session)
                ontology = self.service.ontology_in(session)
                memory = [
                    MemoryEntry(
                        m.source_system,
                        m.source_table,
                        m.source_column,
                        m.entity,
                        m.field,
                        m.origin,  # type: ignore[arg-type]
                        m.value_kind,
                        tuple(m.sample_values or ()),
                    )
                    for m in repo.memory(session)
                ]
            with clock.stage("connect"):
                data = self.service.loader.load(request.sources, rows)
                systems = {s.key: s.system for s in catalog(rows) if s.key in data}
            narrate(
                "stage",
                f"connected {len(data)} sources, {sum(len(t) for t in data.values())} tables",
                {"stage": "connect", "progress": 20},
            )
            with clock.stage("profile"):
                profiled = sum(
                    len(profile_table(t)) for tables in data.values() for t in tables.values()
                )
            narrate("stage", f"profiled {profiled} columns", {"stage": "profile", "progress": 35})
            tenant = self.rt.tenant_settings.get(ctx)
            llm, llm_note = self.service.llm_config(ctx, request.mode, request.llm_model)
            lines = [llm_note] if llm_note else []
            totals = {
                "retrievals": 0,
                "hits": 0,
                "llm_calls": 0,
                "llm_tokens": 0,
                "proposed": 0,
                "approved": 0,
            }
            recent: list[dict[str, Any]] = []
            with clock.stage("map"):
                for key, tables in data.items():
                    outcome = propose(
                        key, systems[key], tables, ontology, memory, llm, tenant.review_threshold
                    )
                    lines += outcome.narration
                    totals["retrievals"] += outcome.retrievals
                    totals["hits"] += outcome.memory_hits
                    totals["llm_calls"] += outcome.llm_usage.calls
                    totals["llm_tokens"] += (
                        outcome.llm_usage.input_tokens + outcome.llm_usage.output_tokens
                    )
                    recent += [
                        {
                            "source": f"{m.table}.{m.column}",
                            "target": f"{m.entity}.{m.field}",
                            "similarity": m.confidence,
                        }
                        for m in outcome.mappings
                        if m.method == "memory"
                    ]
                    counts = self._store(
                        ctx, key, systems[key], tables, outcome.mappings, tenant.review_threshold
                    )
                    totals["proposed"] += counts["proposed"]
                    totals["approved"] += counts["approved"]
            narrate(
                "stage",
                f"mapped: {totals['approved']} approved, {totals['proposed']} "
                f"waiting for review, memory hits {totals['hits']}",
                {"stage": "map", "progress": 60, **totals},
            )
            with self.rt.db.tenant(ctx) as session:
                state = repo.state(session, ctx.tenant_id, for_update=True)
                state.selected_sources = list(request.sources)
                state.selected_agents = list(request.agents)
                state.mode, state.llm_model = request.mode, request.llm_model
                state.memory_stats = {
                    "retrievals": totals["retrievals"],
                    "hits": totals["hits"],
                    "llm_calls_saved": totals["hits"],
                    "recent": recent[-20:],
                }
                state.llm_calls += totals["llm_calls"]
                state.llm_tokens += totals["llm_tokens"]
                repo.narrate(state, *lines)
            result = self._publish(ctx, token, data, narrate, clock)
        result.update(totals)
        result["stage_seconds"] = clock.seconds
        self._record_stage_times(ctx, clock)
        return result

    def _store(
        self,
        ctx: TenantContext,
        key: str,
        system: str,
        tables: Any,
        mappings: Sequence[FieldMapping],
        threshold: float,
    ) -> dict[str, int]:
        proposals = []
        counts = {"proposed": 0, "approved": 0}
        for m in mappings:
            status = "approved" if m.confidence >= threshold or m.method == "memory" else "proposed"
            counts[status] += 1
            proposals.append(
                {
                    "source_system": system,
                    "table_name": m.table,
                    "column_name": m.column,
                    "entity": m.entity,
                    "field": m.field,
                    "confidence": m.confidence,
                    "method": m.method,
                    "status": status,
                }
            )
        with self.rt.db.tenant(ctx) as session:
            repo.upsert_proposals(session, ctx.tenant_id, key, proposals)
            for m in mappings:
                if m.method == "llm" and m.confidence >= threshold:
                    self.service.remember(session, ctx, system, tables, m, "llm")
        return counts

    # -- publish -----------------------------------------------------------------------

    def publish(self, ctx: TenantContext, narrate: Narrate) -> dict[str, Any]:
        clock = StageClock()
        with self._lock(ctx).hold(self.rt.settings.dcl_lock_wait_seconds) as token:
            with self.rt.db.tenant(ctx) as session:
                state = repo.state(session, ctx.tenant_id)
                selected = list(state.selected_sources)
                rows = repo.sources(session)
            if not selected:
                raise Conflict("nothing to publish: connect sources first")
            with clock.stage("connect"):
                data = self.service.loader.load(selected, rows)
            result = self._publish(ctx, token, data, narrate, clock)
        result["stage_seconds"] = clock.seconds
        self._record_stage_times(ctx, clock)
        return result

    def _publish(
        self, ctx: TenantContext, token: int, data: SourceData, narrate: Narrate, clock: StageClock
    ) -> dict[str, Any]:
        with self.rt.db.tenant(ctx) as session:
            ontology = self.service.ontology_in(session)
            state = repo.state(session, ctx.tenant_id)
            selection = {"sources": sorted(data), "agents": sorted(state.selected_agents)}
            mappings = [repo.field_mapping(r) for r in repo.mappings(session, data)]
            current = (
                repo.version(session, state.current_version) if state.current_version else None
            )
            latest = max((v.version for v in repo.versions(session)), default=0)
        columns = {
            (key, table): set(arrow.column_names)
            for key, tables in data.items()
            for table, arrow in tables.items()
        }
        problems = mapping_problems(columns, ontology, mappings)
        if problems:  # stale mappings (ontology or source changed): leave them out
            mappings = [
                m
                for m in mappings
                if not any(
                    p.startswith(f"{m.source_key}.{m.table}.{m.column} -> {m.entity}.{m.field}:")
                    for p in problems
                )
            ]
            narrate(
                "warning", f"{len(problems)} stale mappings left out", {"problems": problems[:20]}
            )
        content = _content_hash(selection, ontology, mappings, data)
        if current is not None and current.content_hash == content:
            narrate(
                "stage",
                f"inputs unchanged: version {current.version} stays current",
                {"stage": "publish", "progress": 100, "version": current.version},
            )
            return {"version": current.version, "reused": True, "mappings": len(mappings)}
        narrate("stage", f"publishing version {latest + 1}", {"stage": "publish", "progress": 75})
        with clock.stage("publish"), tempfile.TemporaryDirectory(prefix="dcl-") as workdir:
            built = build_version(
                Path(workdir),
                latest + 1,
                data,
                ontology,
                mappings,
                systems={m.source_key: m.source_system for m in mappings},
            )
            key = self.rt.dcl_storage.put_version(ctx.tenant_id, built.version, built.path)
            faults.check("dcl.after_build")
            with self.rt.db.tenant(ctx) as session:
                state = repo.state(session, ctx.tenant_id, for_update=True)
                if state.fencing_token > token:
                    raise StaleLock("a newer DCL run committed first")
                session.add(self._version_row(ctx, built, key, content, token, selection))
                state.current_version, state.fencing_token = built.version, token
                repo.narrate(
                    state,
                    f"published version {built.version} ({sum(built.row_counts.values())} rows)",
                )
        narrate(
            "stage",
            f"published version {built.version}",
            {
                "stage": "publish",
                "progress": 100,
                "version": built.version,
                "row_counts": built.row_counts,
            },
        )
        return {
            "version": built.version,
            "reused": False,
            "mappings": len(mappings),
            "row_counts": built.row_counts,
        }

    @staticmethod
    def _version_row(
        ctx: TenantContext,
        built: Any,
        key: str,
        content: str,
        token: int,
        selection: dict[str, Any],
    ) -> Any:
        from autonomos.db.models import DclVersion

        return DclVersion(
            tenant_id=ctx.tenant_id,
            version=built.version,
            object_key=key,
            content_hash=content,
            fencing_token=token,
            selection=selection,
            row_counts=dict(built.row_counts),
            entities=list(built.entities),
        )

    def _record_stage_times(self, ctx: TenantContext, clock: StageClock) -> None:
        with self.rt.db.tenant(ctx) as session:
            repo.state(session, ctx.tenant_id, for_update=True).stage_seconds = clock.seconds


def _content_hash(
    selection: dict[str, Any],
    ontology: Ontology,
    mappings: Sequence[FieldMapping],
    data: SourceData,
) -> str:
    from autonomos.dcl.sources import fingerprint

    digest = hashlib.sha256()
    digest.update(json.dumps(selection, sort_keys=True).encode())
    digest.update(json.dumps(ontology.to_dict(), sort_keys=True).encode())
    digest.update(
        json.dumps(sorted(json.dumps(m.to_dict(), sort_keys=True) for m in mappings)).encode()
    )
    for key in sorted(data):
        digest.update(key.encode())
        digest.update(fingerprint(data[key]).encode())
    return digest.hexdigest()
