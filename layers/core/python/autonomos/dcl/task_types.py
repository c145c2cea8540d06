"""Task types of the DCL: ``dcl.connect`` and ``dcl.publish`` (registered on import)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from autonomos.schemas.dcl import ConnectRequest
from autonomos.tasks.registry import TaskRun, task_type


class PublishPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")


@task_type("dcl.connect", ConnectRequest, long_running=True)
def dcl_connect(run: TaskRun, payload: ConnectRequest) -> dict[str, Any]:
    """Connect sources, map them onto the ontology and publish a version."""
    return run.runtime.dcl_pipeline.connect(run.ctx, payload, run.narrate)


@task_type("dcl.publish", PublishPayload, long_running=True)
def dcl_publish(run: TaskRun, payload: PublishPayload) -> dict[str, Any]:
    """Publish a version from the approved mappings of the selected sources."""
    return run.runtime.dcl_pipeline.publish(run.ctx, run.narrate)
