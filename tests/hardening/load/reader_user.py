"""The reader user: what an open dashboard does — the DCL state with ``If-None-Match``,
previews of unified views once a version exists, the task list, ``/health``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.hardening.load.context import UserContext, backoff
from tests.hardening.load.tasks_user import list_tasks


@dataclass
class ReaderCache:
    """The dashboard's memory: the last ETag of the DCL state."""

    etag: str | None = None


def read_state(ctx: UserContext, cache: ReaderCache) -> None:
    headers = {"If-None-Match": cache.etag} if cache.etag else None
    r = ctx.client.call("GET /api/v1/dcl/state", "/api/v1/dcl/state", headers=headers)
    if r is not None and r.status_code == 200:
        cache.etag = r.headers.get("etag")
    backoff(r)


def preview(ctx: UserContext) -> None:
    """A preview of one unified entity (every version has a view per ontology entity)."""
    if not ctx.state.has_version.is_set():
        return
    if not ctx.state.entities:
        r = ctx.client.call("GET /api/v1/dcl/ontology", "/api/v1/dcl/ontology")
        if r is None or r.status_code != 200:
            return backoff(r)
        ctx.state.entities = [e["name"] for e in r.json()["entities"]]
    params = {"view": ctx.rng.choice(ctx.state.entities), "limit": 50}
    backoff(ctx.client.call("GET /api/v1/dcl/preview", "/api/v1/dcl/preview", params=params))


def health(ctx: UserContext) -> None:
    backoff(ctx.client.call("GET /health", "/health"))


def actions(cache: ReaderCache) -> list[tuple[Callable[[UserContext], None], int]]:
    return [
        (lambda ctx: read_state(ctx, cache), 5),
        (preview, 2),
        (list_tasks, 1),
        (health, 1),
    ]
