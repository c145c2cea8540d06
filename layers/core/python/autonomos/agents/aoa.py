"""AOA runs: the plan connect → map → publish → each agent, as a chain of tasks on the queue.

``start`` records the run (one active run per tenant, else 409) and submits an ``aoa.run``
task. That task enqueues the chain (a ``dcl.connect`` whose successors are the ``agent.run``
tasks), then follows it: it mirrors each stage's progress into its own events (the
dashboard's progress bar and narration) and ends when the last stage succeeds, or fails with
the reason when a stage fails (the chain stops there, successors never run).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from autonomos.agents import repository as repo
from autonomos.db.models import AoaRun
from autonomos.errors import Conflict, ValidationFailed
from autonomos.repositories import tasks as task_repo
from autonomos.schemas.agents import AoaRunOut, AoaRunRequest
from autonomos.schemas.tasks import TERMINAL, NextTask, TaskCreate, TaskOut
from autonomos.tasks.errors import TerminalTaskError
from autonomos.tenancy import TenantContext
from autonomos_dcl.ontology import agent_by_id

if TYPE_CHECKING:
    from autonomos.runtime import Runtime
    from autonomos.tasks.registry import TaskRun

Narrate = Callable[[str, str, dict[str, Any] | None], None]
POLL_SECONDS = 0.25


def run_out(row: AoaRun) -> AoaRunOut:
    return AoaRunOut(
        id=row.id,
        task_id=row.task_id,
        status=row.status,
        stages=row.stages,
        error=row.error,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


class AoaService:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime

    def start(self, ctx: TenantContext, request: AoaRunRequest) -> TaskOut:
        unknown = [a for a in request.agents if agent_by_id(a) is None]
        if unknown:
            raise ValidationFailed(f"unknown agent(s): {', '.join(unknown)}", [{"field": "agents"}])
        run_id = uuid.uuid4()
        try:
            with self.rt.db.tenant(ctx) as session:
                session.add(
                    AoaRun(
                        id=run_id,
                        tenant_id=ctx.tenant_id,
                        task_id=uuid.uuid4(),
                        status="active",
                        request=request.model_dump(),
                        stages=[],
                    )
                )
        except IntegrityError as exc:
            raise Conflict("an AOA run of this tenant is already active") from exc
        try:
            task = self.rt.tasks.submit(
                ctx,
                TaskCreate(
                    type="aoa.run",
                    payload={"aoa_run_id": str(run_id)},
                    timeout_seconds=600,
                    max_retries=0,
                ),
            ).task
        except Exception:
            self._finish(ctx, run_id, "failed", "could not submit the run")
            raise
        with self.rt.db.tenant(ctx) as session:
            row = repo.aoa(session, run_id, for_update=True)
            assert row is not None
            row.task_id = task.id
        return task

    def state(self, ctx: TenantContext) -> dict[str, Any]:
        body, _ = self.rt.dcl.state(ctx)
        with self.rt.db.tenant(ctx) as session:
            active = repo.active_aoa(session)
            last = repo.latest_aoa(session)
            body["active_run"] = run_out(active).model_dump(mode="json") if active else None
            body["last_run"] = run_out(last).model_dump(mode="json") if last else None
        return body

    # -- the ``aoa.run`` task --------------------------------------------------------------

    def execute(self, run: TaskRun, run_id: uuid.UUID) -> dict[str, Any]:
        ctx = run.ctx
        with self.rt.db.tenant(ctx) as session:
            row = repo.aoa(session, run_id)
            if row is None:
                raise TerminalTaskError("no such AOA run")
            request = AoaRunRequest.model_validate(row.request)
        chain: NextTask | None = None
        for agent in reversed(request.agents):
            chain = NextTask(
                type="agent.run",
                payload={"agent_id": agent, "aoa_run_id": str(run_id)},
                timeout_seconds=300,
                max_retries=1,
                on_success_next_task=chain,
            )
        connect = TaskCreate(
            type="dcl.connect",
            payload={
                "sources": request.sources,
                "agents": request.agents,
                "llm_model": request.llm_model,
                "mode": request.mode or ("llm" if request.llm_model else "heuristic"),
            },
            timeout_seconds=600,
            max_retries=1,
            on_success_next_task=chain,
        )
        first = self.rt.tasks.submit(ctx, connect, correlation_id=str(run_id)).task
        run.event(
            "plan",
            f"plan: connect → map → publish → {', '.join(request.agents) or 'no agents'}",
            {"stage": "plan", "progress": 2, "stages": 1 + len(request.agents)},
        )
        try:
            stages = self._follow(run, first.id, 1 + len(request.agents))
        except Exception as exc:
            self._finish(ctx, run_id, "failed", str(exc))
            raise
        failed = next((s for s in stages if s["status"] != "success"), None)
        if failed is not None:
            reason = f"stage {failed['name']} {failed['status']}: {failed.get('error') or ''}"
            self._finish(ctx, run_id, "failed", reason, stages)
            raise TerminalTaskError(reason.strip(), {"stages": stages})
        self._finish(ctx, run_id, "succeeded", None, stages)
        run.event("done", "AOA run complete", {"stage": "done", "progress": 100})
        return {"aoa_run_id": str(run_id), "stages": stages}

    def _follow(self, run: TaskRun, task_id: uuid.UUID, total: int) -> list[dict[str, Any]]:
        """Mirror each chained task's events until the chain ends; returns the stages."""
        stages: list[dict[str, Any]] = []
        progress = 2  # the plan event's
        current: uuid.UUID | None = task_id
        while current is not None:
            seen, task = 0, None
            while True:
                run.checkpoint()
                with self.rt.db.tenant(run.ctx) as session:
                    task = task_repo.get(session, current)
                    assert task is not None
                    new = task_repo.events_after(session, current, seen, 200)
                    snapshot = (task.status, task.type, task.next_task_id, task.error, task.result)
                for event in new:
                    seen = event.seq
                    if event.kind in ("stage", "agent", "warning"):
                        data = dict(event.data or {})
                        progress = max(progress, _overall(len(stages), total, data.get("progress")))
                        data["progress"] = progress
                        run.event(event.kind, event.message, data)
                if snapshot[0] in TERMINAL and (
                    snapshot[0] != "success" or snapshot[2] is not None or len(stages) + 1 >= total
                ):
                    break
                time.sleep(POLL_SECONDS)
            status, kind, next_id, error, result = snapshot
            name = (
                "connect"
                if kind == "dcl.connect"
                else f"agent:{(result or {}).get('agent_id') or 'agent'}"
            )
            stages.append(
                {
                    "name": name,
                    "task_id": str(current),
                    "status": status,
                    "error": (error or {}).get("message"),
                }
            )
            self._record_stages(run.ctx, stages)
            if status != "success":
                break
            current = next_id
        return stages

    def _record_stages(self, ctx: TenantContext, stages: list[dict[str, Any]]) -> None:
        with self.rt.db.tenant(ctx) as session:
            active = repo.active_aoa(session)
            if active is not None:
                active.stages = list(stages)

    def _finish(
        self,
        ctx: TenantContext,
        run_id: uuid.UUID,
        status: str,
        error: str | None,
        stages: list[dict[str, Any]] | None = None,
    ) -> None:
        with self.rt.db.tenant(ctx) as session:
            row = repo.aoa(session, run_id, for_update=True)
            if row is None or row.status != "active":
                return
            row.status, row.error = status, error
            row.finished_at = dt.datetime.now(dt.UTC)
            if stages is not None:
                row.stages = stages


def _overall(done: int, total: int, stage_progress: Any) -> int:
    """Progress of the whole run from the stage index and the stage's own percentage."""
    within = float(stage_progress) / 100 if isinstance(stage_progress, int | float) else 0.5
    return min(99, int(100 * (done + within) / max(total, 1)))
