"""Reading task rows straight from PostgreSQL (as the schema owner, so no tenant context),
for benchmarks and load runs that must not measure through the API they load."""

from __future__ import annotations

import time

import psycopg

POLL_SECONDS = 0.1
TERMINAL = ("success", "failed", "canceled")


def conninfo(url: str) -> str:
    """A libpq URL from a SQLAlchemy one (``postgresql+psycopg://`` → ``postgresql://``)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme.split('+')[0]}://{rest}"


def wait_finished(
    database_url: str, tenant_ids: list[str], expected: int, timeout: float
) -> dict[str, int]:
    """Poll the task rows of ``tenant_ids`` until ``expected`` are terminal (or ``timeout``);
    returns the count per status."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as conn:
        while True:
            counts: dict[str, int] = dict(
                conn.execute(
                    "SELECT status, count(*) FROM tasks WHERE tenant_id = ANY(%s::uuid[])"
                    " GROUP BY status",
                    (tenant_ids,),
                ).fetchall()
            )
            terminal = sum(counts.get(s, 0) for s in TERMINAL)
            if terminal >= expected or time.monotonic() > deadline:
                return counts
            time.sleep(POLL_SECONDS)
