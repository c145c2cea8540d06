"""The baseline API (``uvicorn rq_baseline.app:app``): ``POST /api/v1/tasks`` checks the
bearer JWT, commits the task row and its ``queued`` event in one transaction, enqueues the
job to RQ and answers 202. Synchronous endpoints (FastAPI's thread pool) over a
``psycopg_pool`` connection pool, as a typical FastAPI + RQ service is written."""

from __future__ import annotations

import uuid
from typing import Any, Literal

import jwt
from fastapi import FastAPI, Header, HTTPException
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool
from pydantic import BaseModel, Field
from redis import Redis
from rq import Queue

from rq_baseline.auth import verify_token
from rq_baseline.settings import BaselineEnv

JOB = "rq_baseline.jobs.run_task"


class TaskIn(BaseModel):
    type: Literal["echo"]
    payload: dict[str, Any] = Field(default_factory=dict)


class TaskAccepted(BaseModel):
    id: uuid.UUID
    status: str


env = BaselineEnv.from_env()
pool = ConnectionPool(env.database_url, min_size=2, max_size=env.pool_size, open=True)
queue = Queue(env.queue, connection=Redis.from_url(env.redis_url))
app = FastAPI(title="FastAPI + RQ baseline")


def tenant_of(authorization: str | None) -> str:
    """The tenant of a valid ``Bearer`` token; 401 otherwise."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "missing bearer token")
    try:
        return verify_token(env.jwt_secret, token)["tenant_id"]
    except jwt.InvalidTokenError as exc:
        raise HTTPException(401, "invalid token") from exc


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/v1/tasks", status_code=202)
def submit_task(body: TaskIn, authorization: str | None = Header(None)) -> TaskAccepted:
    tenant_id = tenant_of(authorization)
    task_id = uuid.uuid4()
    with pool.connection() as conn:  # one transaction, committed on exit
        conn.execute(
            "INSERT INTO tasks (id, tenant_id, type, status, payload, correlation_id, event_seq)"
            " VALUES (%s, %s, %s, 'queued', %s, %s, 1)",
            (task_id, tenant_id, body.type, Jsonb(body.payload), uuid.uuid4().hex),
        )
        conn.execute(
            "INSERT INTO task_events (task_id, seq, tenant_id, kind, message)"
            " VALUES (%s, 1, %s, 'queued', %s)",
            (task_id, tenant_id, f"{body.type} task accepted"),
        )
    queue.enqueue(JOB, str(task_id), job_id=f"{env.queue}-{task_id}")
    return TaskAccepted(id=task_id, status="queued")
