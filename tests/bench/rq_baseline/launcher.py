"""Start the baseline on loopback: ``uvicorn`` with the API and several ``rq worker``
processes (RQ's default forking ``rq.Worker``), each in its own process group; stop them
and remove the queue's keys afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
from redis import Redis
from rq import Queue, Worker

from infra.ports import free_port
from rq_baseline.settings import BaselineEnv

BENCH_DIR = Path(__file__).resolve().parents[1]
ROOT = BENCH_DIR.parents[1]


@dataclass(frozen=True)
class BaselineConfig:
    web_workers: int = 2  # uvicorn worker processes, sync endpoints in FastAPI's thread pool
    pool_size: int = 8  # PostgreSQL connections per uvicorn worker
    rq_workers: int = 8  # `rq worker` processes, each forking one work horse per job


@dataclass
class RunningBaseline:
    base_url: str
    env: BaselineEnv
    processes: dict[str, subprocess.Popen[bytes]]
    log_dir: Path


@contextmanager
def running_baseline(
    database_url: str, redis_url: str, config: BaselineConfig, log_dir: Path
) -> Iterator[RunningBaseline]:
    """The API at ``base_url`` and ``config.rq_workers`` RQ workers on a queue of its own.
    ``database_url`` must already hold the schema (:func:`rq_baseline.schema.create_schema`)."""
    env = BaselineEnv(
        database_url=database_url,
        redis_url=redis_url,
        jwt_secret="rq-baseline-" + uuid.uuid4().hex,
        queue=f"bench-{uuid.uuid4().hex[:10]}",
        pool_size=config.pool_size,
    )
    process_env = {
        **os.environ,
        **env.to_env(),
        "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(ROOT)]),
        "PYTHONUNBUFFERED": "1",
    }
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    processes: dict[str, subprocess.Popen[bytes]] = {}
    redis = Redis.from_url(redis_url)
    with ExitStack() as cleanup:
        cleanup.callback(_forget_queue, redis, env.queue)
        cleanup.callback(_stop_all, processes)
        processes["uvicorn"] = _start(
            [
                sys.executable, "-m", "uvicorn", "rq_baseline.app:app",
                "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(config.web_workers),
                "--no-access-log", "--log-level", "warning",
            ],
            process_env,
            log_dir / "uvicorn.log",
        )  # fmt: skip
        rq = str(Path(sys.executable).parent / "rq")
        for n in range(config.rq_workers):
            processes[f"rq-{n}"] = _start(
                [
                    rq, "worker", env.queue, "--url", redis_url,
                    "--worker-class", "rq.Worker", "--name", f"{env.queue}-{n}",
                    "--config", "rq_baseline.worker_config",
                    "--logging_level", "WARNING", "--disable-job-desc-logging",
                ],
                process_env,
                log_dir / f"rq-{n}.log",
            )  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        _wait_ready(base_url, redis, env.queue, config.rq_workers, processes)
        yield RunningBaseline(base_url, env, processes, log_dir)


def _start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_ready(
    base_url: str,
    redis: Redis,
    queue: str,
    rq_workers: int,
    processes: dict[str, subprocess.Popen[bytes]],
    timeout: float = 60,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dead = [name for name, p in processes.items() if p.poll() is not None]
        if dead:
            raise RuntimeError(f"baseline process(es) exited at start-up: {dead}")
        try:
            healthy = httpx.get(f"{base_url}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            healthy = False
        if healthy and Worker.count(queue=Queue(queue, connection=redis)) >= rq_workers:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the baseline did not start within {timeout:.0f} s")


def _stop_all(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    """SIGTERM each process group we started (uvicorn's workers, RQ's work horses), then
    SIGKILL what is left after a grace period."""
    for process in processes.values():
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)


def _forget_queue(redis: Redis, queue: str) -> None:
    """Delete every RQ key of this run (jobs carry the queue name in their ids)."""
    keys = list(redis.scan_iter(match=f"rq:*{queue}*", count=1000))
    for start in range(0, len(keys), 500):
        redis.delete(*keys[start : start + 500])
    redis.close()
