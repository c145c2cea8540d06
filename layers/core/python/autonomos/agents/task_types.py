"""Task types of the agents: ``agent.run``, ``agent.follow_up`` and ``aoa.run``."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from autonomos.schemas.agents import AgentRunPayload
from autonomos.tasks.registry import TaskRun, task_type


class FollowUpPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent_id: str = Field(min_length=1, max_length=64)
    follow_up: dict[str, Any]


class AoaPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aoa_run_id: uuid.UUID


@task_type("agent.run", AgentRunPayload, long_running=True)
def agent_run(run: TaskRun, payload: AgentRunPayload) -> dict[str, Any]:
    """Run an agent over the tenant's current DCL version and store its findings."""
    return run.runtime.agents.run(run.ctx, payload, run.narrate)


@task_type("agent.follow_up", FollowUpPayload)
def agent_follow_up(run: TaskRun, payload: FollowUpPayload) -> dict[str, Any]:
    """A follow-up an agent proposed and the tenant's autonomy mode let run: recorded as a
    task (its result carries the action and its parameters for people or integrations)."""
    run.event(
        "follow_up",
        f"{payload.agent_id}: {payload.follow_up.get('action', 'follow-up')}",
        payload.follow_up,
    )
    return {"agent_id": payload.agent_id, "recorded": payload.follow_up}


@task_type("aoa.run", AoaPayload)
def aoa_run(run: TaskRun, payload: AoaPayload) -> dict[str, Any]:
    """Run the plan connect → map → publish → agents as a chain of tasks and follow it."""
    return run.runtime.aoa.execute(run, payload.aoa_run_id)
