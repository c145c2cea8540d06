"""``echo``: returns its payload. Test knobs: fail the first attempts, sleep, crash."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from autonomos.tasks.errors import TaskError, TerminalTaskError, WorkerDefect
from autonomos.tasks.registry import TaskRun, task_type


class EchoPayload(BaseModel):
    model_config = ConfigDict(extra="allow")

    fail_times: int = Field(0, ge=0, le=20, description="fail this many attempts first")
    fail_terminal: bool = Field(False, description="fail with an error retrying cannot fix")
    sleep_ms: int = Field(0, ge=0, le=600_000, description="wait this long (cooperatively)")
    steps: int = Field(1, ge=1, le=1000, description="split the wait into this many steps")
    crash_worker: bool = Field(False, description="raise outside task error handling (poison)")


class WorkerCrash(WorkerDefect):
    """Simulates a defect in the worker itself (not a task failure)."""


@task_type("echo", EchoPayload)
def echo(run: TaskRun, payload: EchoPayload) -> dict[str, Any]:
    """Return the payload; optionally fail, wait or crash first (for testing)."""
    if payload.crash_worker:
        raise WorkerCrash("echo asked the worker to crash")
    if payload.fail_terminal:
        raise TerminalTaskError("echo asked to fail terminally")
    if run.attempt <= payload.fail_times:
        raise TaskError(f"echo failing attempt {run.attempt} of {payload.fail_times}")
    for step in range(payload.steps):
        if payload.sleep_ms:  # an instant echo has no wait to interrupt
            run.sleep(payload.sleep_ms / 1000 / payload.steps)
        if payload.steps > 1:
            run.event(
                "progress",
                f"step {step + 1} of {payload.steps}",
                {"step": step + 1, "steps": payload.steps},
            )
    return payload.model_dump(exclude_unset=True)
