"""Agent runs and their findings, actions under the autonomy mode, and the agent catalogue.

Autonomy modes: ``observe`` records findings only; ``recommend`` attaches proposed actions;
``approve`` makes them wait for an admin (approve runs them as tasks, reject drops them);
``auto`` runs them at once. Every action records who decided and when.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autonomos.agents import repository as repo
from autonomos.db.models import AgentAction, AgentFinding, AgentRun
from autonomos.errors import Conflict, NotFound, ValidationFailed
from autonomos.schemas.agents import (
    ActionOut,
    AgentList,
    AgentOut,
    AgentRunPayload,
    FindingOut,
    FindingPage,
)
from autonomos.schemas.tasks import TaskCreate, TaskOut
from autonomos.services.users import require_role
from autonomos.tenancy import Role, TenantContext
from autonomos_dcl.agents import input_status, run_agent
from autonomos_dcl.llm import summarize_or_template
from autonomos_dcl.ontology import DEFAULT_AGENTS, agent_by_id

if TYPE_CHECKING:
    from autonomos.runtime import Runtime

Narrate = Callable[[str, str, dict[str, Any] | None], None]
INITIAL_STATUS = {
    "observe": None,
    "recommend": "proposed",
    "approve": "awaiting_approval",
    "auto": "approved",
}


def action_out(row: AgentAction) -> ActionOut:
    return ActionOut(
        id=row.id,
        kind=row.kind,
        title=row.title,
        status=row.status,
        payload=row.payload,
        task_id=row.task_id,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


class AgentService:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime

    def _require_agent(self, agent_id: str) -> Any:
        agent = agent_by_id(agent_id)
        if agent is None:
            raise NotFound(f"no agent {agent_id!r}")
        return agent

    # -- catalogue ---------------------------------------------------------------------

    def catalogue(self, ctx: TenantContext) -> AgentList:
        """Every agent with what it consumes and whether the current version provides it."""
        mode = self.rt.tenant_settings.get(ctx).autonomy_mode
        try:
            _, path = self.rt.dcl.current_version_file(ctx)
        except NotFound:
            path = None
        items = []
        for agent in DEFAULT_AGENTS:
            status = input_status(agent.id, path) if path is not None else None
            with self.rt.db.tenant(ctx) as session:
                last = repo.latest_run(session, agent.id)
            items.append(
                AgentOut(
                    id=agent.id,
                    name=agent.name,
                    consumes=list(agent.consumes),
                    autonomy_mode=mode,
                    available=bool(status and status.available),
                    missing=list(status.missing) if status else [f"{e}" for e in agent.consumes],
                    last_run_at=last.created_at if last else None,
                    summary=last.summary if last else None,
                )
            )
        return AgentList(items=items)

    def submit_run(self, ctx: TenantContext, agent_id: str) -> TaskOut:
        self._require_agent(agent_id)
        task = TaskCreate(
            type="agent.run", payload={"agent_id": agent_id}, timeout_seconds=300, max_retries=1
        )
        return self.rt.tasks.submit(ctx, task).task

    # -- a run (task ``agent.run``) -----------------------------------------------------

    def run(self, ctx: TenantContext, payload: AgentRunPayload, narrate: Narrate) -> dict[str, Any]:
        """Run the agent over the current version and store its findings and actions."""
        agent = self._require_agent(payload.agent_id)
        try:
            version, path = self.rt.dcl.current_version_file(ctx)
        except NotFound:
            version, path = None, None
        if path is None:
            missing = [f"{e}.*" for e in agent.consumes]
            narrate("agent", f"{agent.name}: nothing published yet", {"missing": missing})
            self._store_run(ctx, agent.id, None, "missing_inputs", missing, None, None)
            return {
                "agent_id": agent.id,
                "status": "missing_inputs",
                "missing": missing,
                "findings": 0,
            }
        narrate(
            "agent",
            f"{agent.name}: analysing version {version}",
            {"stage": "agents", "agent": agent.id},
        )
        tenant = self.rt.tenant_settings.get(ctx, fresh=True)  # the mode and thresholds of now
        result = run_agent(agent.id, path, tenant.agents.get(agent.id))
        findings = [f.to_dict() for f in result.findings]
        summary = (
            summarize_or_template(self.rt.dcl.llm_config(ctx, "llm", None)[0], agent.name, findings)
            if result.status == "completed"
            else None
        )
        if summary is not None and summary.usage.calls:
            self._count_llm_usage(ctx, summary.usage.calls, summary.usage.total_tokens)
        run_id = self._store_run(
            ctx,
            agent.id,
            version,
            result.status,
            list(result.missing),
            summary.text if summary else None,
            summary.method if summary else None,
        )
        executed = self._store_findings(
            ctx, agent.id, run_id, result.findings, tenant.autonomy_mode
        )
        counts: dict[str, int] = {}
        for finding in result.findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        narrate(
            "agent",
            f"{agent.name}: {len(findings)} findings"
            + (f", missing {', '.join(result.missing)}" if result.missing else ""),
            {"agent": agent.id, "findings": len(findings), "by_kind": counts},
        )
        return {
            "agent_id": agent.id,
            "status": result.status,
            "version": version,
            "missing": list(result.missing),
            "findings": len(findings),
            "by_kind": counts,
            "summary": summary.text if summary else None,
            "actions_run": executed,
        }

    def _count_llm_usage(self, ctx: TenantContext, calls: int, tokens: int) -> None:
        """Add a summary's LLM usage to the tenant's totals (the owner's metrics, EMF)."""
        from autonomos.dcl import repository as dcl_repo

        with self.rt.db.tenant(ctx) as session:
            state = dcl_repo.state(session, ctx.tenant_id, for_update=True)
            state.llm_calls += calls
            state.llm_tokens += tokens

    def _store_run(
        self,
        ctx: TenantContext,
        agent_id: str,
        version: int | None,
        status: str,
        missing: list[str],
        summary: str | None,
        method: str | None,
    ) -> uuid.UUID:
        run_id = uuid.uuid4()
        with self.rt.db.tenant(ctx) as session:
            session.add(
                AgentRun(
                    id=run_id,
                    tenant_id=ctx.tenant_id,
                    agent_id=agent_id,
                    version=version,
                    status=status,
                    missing=missing,
                    summary=summary,
                    summary_method=method,
                )
            )
        return run_id

    def _store_findings(
        self, ctx: TenantContext, agent_id: str, run_id: uuid.UUID, findings: Any, mode: str
    ) -> int:
        to_run: list[AgentAction] = []
        with self.rt.db.tenant(ctx) as session:
            for finding in findings:
                row = AgentFinding(
                    id=uuid.uuid4(),
                    tenant_id=ctx.tenant_id,
                    run_id=run_id,
                    agent_id=agent_id,
                    kind=finding.kind,
                    severity=finding.severity,
                    title=finding.title,
                    detail=finding.detail,
                    evidence=finding.evidence.to_dict(),
                )
                session.add(row)
                status = INITIAL_STATUS.get(mode)
                if finding.action is not None and status is not None:
                    session.flush()
                    action = AgentAction(
                        id=uuid.uuid4(),
                        tenant_id=ctx.tenant_id,
                        finding_id=row.id,
                        agent_id=agent_id,
                        kind=finding.action.kind,
                        title=finding.action.title,
                        payload=dict(finding.action.payload),
                        status=status,
                        autonomy_mode=mode,
                    )
                    session.add(action)
                    if status == "approved":
                        to_run.append(action)
        for action in to_run:
            self._execute(ctx, action.id, decided_by=None)
        return len(to_run)

    # -- findings and actions ------------------------------------------------------------

    def findings(
        self, ctx: TenantContext, agent_id: str, severity: str | None, kind: str | None, limit: int
    ) -> FindingPage:
        self._require_agent(agent_id)
        with self.rt.db.tenant(ctx) as session:
            run = repo.latest_run(session, agent_id)
            if run is None:
                return FindingPage(items=[])
            rows = repo.findings(session, run.id, severity, kind, limit)
            actions = repo.actions_for(session, [r.id for r in rows])
            return FindingPage(
                items=[
                    FindingOut(
                        id=r.id,
                        agent_id=r.agent_id,
                        kind=r.kind,
                        severity=r.severity,
                        title=r.title,
                        detail=r.detail,
                        evidence=r.evidence,
                        created_at=r.created_at,
                        action=action_out(actions[r.id]) if r.id in actions else None,
                    )
                    for r in rows
                ],
                summary=run.summary,
                run_status=run.status,
                missing=list(run.missing or []),
            )

    def decide(self, ctx: TenantContext, action_id: uuid.UUID, approve: bool) -> ActionOut:
        """Approve (the action runs as a task) or reject an action awaiting approval (admin)."""
        require_role(ctx, Role.ADMIN)
        with self.rt.db.tenant(ctx) as session:
            row = repo.action(session, action_id)
            if row is None:
                raise NotFound("action not found")
            if row.status != "awaiting_approval":
                raise Conflict(
                    f"action is {row.status}, not awaiting approval", {"status": row.status}
                )
            row.decided_by, row.decided_at = ctx.user_id, dt.datetime.now(dt.UTC)
            row.status = "approved" if approve else "rejected"
        if approve:
            return self._execute(ctx, action_id, decided_by=ctx.user_id)
        with self.rt.db.tenant(ctx) as session:
            row = repo.action(session, action_id)
            assert row is not None
            return action_out(row)

    def _execute(
        self, ctx: TenantContext, action_id: uuid.UUID, decided_by: uuid.UUID | None
    ) -> ActionOut:
        """Run an approved action as a task (``slack.post``, or the follow-up task)."""
        with self.rt.db.tenant(ctx) as session:
            row = repo.action(session, action_id)
            assert row is not None
            kind, payload, row_agent = row.kind, dict(row.payload), row.agent_id
        if kind == "slack.post":
            request = TaskCreate(type="slack.post", payload=payload)
        elif kind == "task":
            request = TaskCreate(
                type="agent.follow_up", payload={"agent_id": row_agent, "follow_up": payload}
            )
        else:
            raise ValidationFailed(f"unknown action kind {kind!r}")
        submitted = self.rt.tasks.submit(ctx, request).task
        with self.rt.db.tenant(ctx) as session:
            row = repo.action(session, action_id)
            assert row is not None
            row.status, row.task_id = "executed", submitted.id
            row.decided_at = row.decided_at or dt.datetime.now(dt.UTC)
            row.decided_by = row.decided_by or decided_by
            return action_out(row)
