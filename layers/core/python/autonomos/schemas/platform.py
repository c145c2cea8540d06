"""Health."""

from typing import Literal

from pydantic import BaseModel

Status = Literal["ok", "down"]


class HealthResponse(BaseModel):
    status: Status
    database: Status
    redis: Status
    queue: Status
