"""Agents (catalogue, runs, findings, action approvals) and AOA runs."""

import uuid
from typing import Any

from autonomos.http import Api
from autonomos.runtime import runtime
from autonomos.schemas.agents import ActionOut, AgentList, AoaRunRequest, FindingPage, FindingQuery
from autonomos.schemas.tasks import TaskOut
from autonomos.tenancy import TenantContext

api = Api(__name__, tag="agents")


@api.get("/api/v1/agents")
def list_agents(ctx: TenantContext) -> AgentList:
    """Agents, the entities each consumes and whether the current version provides them."""
    return runtime().agents.catalogue(ctx)


@api.post("/api/v1/agents/{agent_id}/run", status=202)
def run_agent(ctx: TenantContext, agent_id: str) -> TaskOut:
    """Run an agent over the current DCL version (an ``agent.run`` task)."""
    return runtime().agents.submit_run(ctx, agent_id)


@api.get("/api/v1/agents/{agent_id}/findings")
def findings(ctx: TenantContext, agent_id: str, query: FindingQuery) -> FindingPage:
    """The agent's latest findings, filtered by severity and kind."""
    return runtime().agents.findings(ctx, agent_id, query.severity, query.kind, query.limit)


@api.post("/api/v1/agents/actions/{action_id}/approve")
def approve_action(ctx: TenantContext, action_id: uuid.UUID) -> ActionOut:
    """Approve an action awaiting approval: it runs as a task (admin)."""
    return runtime().agents.decide(ctx, action_id, approve=True)


@api.post("/api/v1/agents/actions/{action_id}/reject")
def reject_action(ctx: TenantContext, action_id: uuid.UUID) -> ActionOut:
    """Reject an action awaiting approval (admin)."""
    return runtime().agents.decide(ctx, action_id, approve=False)


@api.post("/api/v1/aoa/run", status=202, responses={409: "A run of this tenant is active"})
def aoa_run(ctx: TenantContext, body: AoaRunRequest) -> TaskOut:
    """Run connect → map → publish → agents as a chain of tasks (an ``aoa.run`` task)."""
    return runtime().aoa.start(ctx, body)


@api.get("/api/v1/aoa/state")
def aoa_state(ctx: TenantContext) -> dict[str, Any]:
    """The DCL state plus the active (and last) AOA run with its stages."""
    return runtime().aoa.state(ctx)
