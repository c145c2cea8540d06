"""End-to-end task throughput and latency: our local stack against FastAPI + RQ.

Usage::

    python tests/bench/bench_tasks.py [--tasks 2000] [--clients 16] [--tenants 4]
        [--paced-rate 20] [--paced-seconds 30] [--rq-workers 8] [--web-workers 2]
        [--max-submit-seconds 60] [--max-wait 45] [--setting NAME=VALUE ...]
        [--only ours|baseline] [--phases single,batch,paced]
        [--profile-dir DIR [--profile-phase single|batch|paced]] [--keep-logs]

Phases, each on a freshly started system with a fresh database (a backlog left by one phase
cannot slow the next), the two systems one after the other (never competing for the cores),
all on loopback:

- ``single``: ``--tasks`` echo tasks, one per request, sent as fast as ``--clients`` threads
  (keep-alive httpx clients, bearer JWTs, ``--tenants`` fresh tenants in turn) can;
- ``batch`` (ours only): the same through ``POST /api/v1/tasks/batch``, 100 per request;
- ``paced``: ``--paced-rate`` tasks/s for ``--paced-seconds`` (open loop).

Completion is read straight from the task rows in PostgreSQL, not through the API. Printed
per phase: tasks/s end to end (successes ÷ first send → last ``finished_at``), p50/p99
latency (client send → ``finished_at``) and its parts (send → row inserted → claimed →
finished), the CPU each process tree used per task, and the ratios ours/baseline with the
aims of issue 3: at least 4x the baseline's tasks/s, p50 under 100 ms at a paced 20 tasks/s.
A flood stops submitting after ``--max-submit-seconds`` and a phase stops waiting
``--max-wait`` s after its last submit; such a phase is reported as partial.

PostgreSQL and Redis come from ``DATABASE_URL`` / ``REDIS_URL`` (or embedded servers).
``--profile-dir`` records py-spy profiles (raw collapsed stacks of the thread holding the GIL)
of our gateway, workers and emulator processes during ``--profile-phase``.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parents[1]
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]

import httpx  # noqa: E402
import psycopg  # noqa: E402
from rq_baseline.auth import mint_token  # noqa: E402
from rq_baseline.launcher import BaselineConfig, running_baseline  # noqa: E402
from rq_baseline.schema import add_tenants, create_schema  # noqa: E402

from infra.template import load as load_template  # noqa: E402
from tests.support.api import register  # noqa: E402
from tests.support.cli import add_setting_option  # noqa: E402
from tests.support.services import local_stack, postgres_admin_url, redis_url  # noqa: E402
from tests.support.stats import percentile  # noqa: E402
from tests.support.taskdb import conninfo, wait_finished  # noqa: E402

BATCH_SIZE = 100
REQUEST_TIMEOUT = 30.0


# -- systems under test ----------------------------------------------------------------


@dataclass
class System:
    """One system as the load generator sees it: where to send, how to get tenants, and the
    database (conninfo) whose ``tasks`` rows say when work finished."""

    name: str
    base_url: str
    database_url: str
    new_tenants: Callable[[int], list[Tenant]]
    supports_batch: bool
    pids: list[int]  # roots of its process trees, for the CPU accounting
    profile_pids: dict[str, int]  # processes py-spy may record, by role


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    token: str


def our_tenants(base_url: str) -> Callable[[int], list[Tenant]]:
    """Sign up ``n`` new organisations through our API (fresh quotas per phase)."""

    def make(n: int) -> list[Tenant]:
        with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT) as client:
            accounts = [register(client) for _ in range(n)]
        return [Tenant(a.tenant_id, a.token) for a in accounts]

    return make


def baseline_tenants(database_url: str, secret: str) -> Callable[[int], list[Tenant]]:
    """``n`` new tenant rows in the baseline's database, with tokens signed by its secret."""

    def make(n: int) -> list[Tenant]:
        ids = [str(uuid.uuid4()) for _ in range(n)]
        add_tenants(database_url, ids)
        return [Tenant(t, mint_token(secret, t)) for t in ids]

    return make


# -- load generation -------------------------------------------------------------------


@dataclass
class Submissions:
    """Client send time (epoch seconds) per accepted task id, and what went wrong."""

    sent: dict[str, float] = field(default_factory=dict)
    rate_limited: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accept(self, ids: list[str], at: float) -> None:
        with self.lock:
            for task_id in ids:
                self.sent[task_id] = at

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def post_tasks(client: httpx.Client, tenant: Tenant, count: int, into: Submissions) -> None:
    """Submit ``count`` echo tasks (one request; the batch endpoint when ``count`` > 1),
    waiting out 429s as a well-behaved client would."""
    tasks = [{"type": "echo", "payload": {"n": i, "bench": True}} for i in range(count)]
    path, body = (
        ("/api/v1/tasks/batch", {"tasks": tasks}) if count > 1 else ("/api/v1/tasks", tasks[0])
    )
    headers = {"Authorization": f"Bearer {tenant.token}"}
    for _ in range(20):
        sent_at = time.time()
        try:
            response = client.post(path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            into.fail(f"{exc.__class__.__name__}: {exc}")
            return
        if response.status_code == 429:
            with into.lock:
                into.rate_limited += 1
            time.sleep(min(float(response.headers.get("Retry-After", "1")), 5))
            continue
        if response.status_code not in (200, 202):
            into.fail(f"{response.status_code}: {response.text[:200]}")
            return
        data = response.json()
        items = data["items"] if count > 1 else [data]
        into.accept([item["id"] for item in items], sent_at)
        return
    into.fail("still rate limited after 20 tries")


def flood(
    system: System,
    tenants: list[Tenant],
    total: int,
    per_request: int,
    clients: int,
    max_seconds: float,
) -> Submissions:
    """``total`` tasks in requests of ``per_request``, by ``clients`` threads as fast as the
    server answers (no new request after ``max_seconds``); client thread ``i`` acts for
    tenant ``i mod len(tenants)``."""
    deadline = time.monotonic() + max_seconds
    units: queue.SimpleQueue[int] = queue.SimpleQueue()
    for start in range(0, total, per_request):
        units.put(min(per_request, total - start))
    done = Submissions()

    def client_loop(index: int) -> None:
        tenant = tenants[index % len(tenants)]
        with httpx.Client(base_url=system.base_url, timeout=REQUEST_TIMEOUT) as client:
            while time.monotonic() < deadline:
                try:
                    count = units.get_nowait()
                except queue.Empty:
                    return
                post_tasks(client, tenant, count, done)

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done


def paced(
    system: System, tenants: list[Tenant], rate: float, seconds: float, clients: int
) -> Submissions:
    """One task every ``1/rate`` s for ``seconds`` (open loop: a slow answer does not delay
    the next send), tenants in turn."""
    done = Submissions()
    local = threading.local()

    def send(tenant: Tenant) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=system.base_url, timeout=REQUEST_TIMEOUT)
        post_tasks(local.client, tenant, 1, done)

    start = time.monotonic()
    with ThreadPoolExecutor(clients, thread_name_prefix="paced") as pool:
        for i in range(int(rate * seconds)):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, tenants[i % len(tenants)])
    return done


# -- measuring -------------------------------------------------------------------------


@dataclass
class Result:
    system: str
    mode: str
    tasks: int
    submitted: int
    succeeded: int
    tasks_per_second: float
    p50_ms: float
    p99_ms: float
    submit_seconds: float
    rate_limited: int
    errors: list[str]
    unfinished: dict[str, int]
    cpu_ms_per_task: dict[str, float]
    machine_busy: float  # share of all CPUs busy during the phase (any process)
    stage_p50_ms: dict[str, float]  # median of each part of the latency


@dataclass(frozen=True)
class Timeline:
    """Epoch seconds at which a task's row was inserted, claimed and finished."""

    created: float
    started: float
    finished: float


def timelines(database_url: str, tenant_ids: list[str]) -> dict[str, Timeline]:
    """The timeline of every successful task of ``tenant_ids``, by task id."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT id::text, extract(epoch FROM created_at)::float8,"
            " extract(epoch FROM started_at)::float8, extract(epoch FROM finished_at)::float8"
            " FROM tasks WHERE tenant_id = ANY(%s::uuid[]) AND status = 'success'",
            (tenant_ids,),
        ).fetchall()
    return {task_id: Timeline(*times) for task_id, *times in rows}


def measure(
    system: System,
    mode: str,
    tenants: int,
    expected: int,
    load: Callable[[list[Tenant]], Submissions],
    wait_timeout: float,
) -> Result:
    """Run ``load`` with fresh tenants, wait for the rows, compute the figures."""
    accounts = system.new_tenants(tenants)
    ids = [t.tenant_id for t in accounts]
    cpu_before, busy_before = cpu_by_role(system.pids), machine_busy()
    started = time.monotonic()
    submitted = load(accounts)
    submit_seconds = time.monotonic() - started
    counts = wait_finished(system.database_url, ids, len(submitted.sent), wait_timeout)
    cpu_after, busy_after = cpu_by_role(system.pids), machine_busy()
    rows = timelines(system.database_url, ids)
    # a task whose answer the client never got (an error after the commit) has no send time
    done = [(submitted.sent[t], row) for t, row in rows.items() if t in submitted.sent]
    latencies = [(row.finished - sent) * 1000 for sent, row in done]
    stages = {
        "send->row": [(row.created - sent) * 1000 for sent, row in done],
        "row->started": [(row.started - row.created) * 1000 for _, row in done],
        "started->finished": [(row.finished - row.started) * 1000 for _, row in done],
    }
    finished = {t: row.finished for t, row in rows.items() if t in submitted.sent}
    first_send = min(submitted.sent.values(), default=math.nan)
    complete = len(finished) == len(submitted.sent)
    span = (max(finished.values(), default=math.nan) if complete else time.time()) - first_send
    unfinished = {s: n for s, n in counts.items() if s != "success"}
    return Result(
        system=system.name,
        mode=mode,
        tasks=expected,
        submitted=len(submitted.sent),
        succeeded=len(finished),
        tasks_per_second=len(finished) / span if span > 0 else math.nan,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        submit_seconds=submit_seconds,
        rate_limited=submitted.rate_limited,
        errors=submitted.errors,
        unfinished=unfinished,
        cpu_ms_per_task={
            role: (cpu_after[role] - cpu_before.get(role, 0.0)) * 1000 / max(1, len(finished))
            for role in cpu_after
        },
        machine_busy=(busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1]),
        stage_p50_ms={name: percentile(values, 50) for name, values in stages.items()},
    )


@dataclass(frozen=True)
class Phase:
    mode: str
    tasks: int
    load: Callable[[System, list[Tenant]], Submissions]
    needs_batch: bool = False


def phases(args: argparse.Namespace) -> list[Phase]:
    n, clients, limit = args.tasks, args.clients, args.max_submit_seconds
    return [
        Phase("single", n, lambda s, t: flood(s, t, n, 1, clients, limit)),
        Phase(
            f"batch {BATCH_SIZE}",
            n,
            lambda s, t: flood(s, t, n, BATCH_SIZE, clients, limit),
            needs_batch=True,
        ),
        Phase(
            f"paced {args.paced_rate:g}/s",
            int(args.paced_rate * args.paced_seconds),
            lambda s, t: paced(s, t, args.paced_rate, args.paced_seconds, clients),
        ),
    ]


def run_phases(
    start: Callable[[], AbstractContextManager[System]], args: argparse.Namespace
) -> list[Result]:
    """Each phase on a freshly started system with a fresh database, so a backlog left by
    one phase cannot slow the next."""
    results = []
    for phase in phases(args):
        if phase.mode.split()[0] not in args.phases:
            continue
        with start() as system:
            if phase.needs_batch and not system.supports_batch:
                continue
            profiling = (
                py_spy(system.profile_pids, Path(args.profile_dir))
                if args.profile_dir
                and phase.mode.split()[0] == args.profile_phase
                and system.profile_pids
                else nullcontext()
            )
            with profiling:
                result = measure(
                    system,
                    phase.mode,
                    args.tenants,
                    phase.tasks,
                    functools.partial(phase.load, system),
                    args.max_wait,
                )
        print_progress(result)
        results.append(result)
    return results


# -- where the CPU goes ----------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ROLES = (
    (b"--role\0gateway", "gateway"),
    (b"--role\0workers", "workers"),
    (b"infra.moto_server", "emulator"),
    (b"infra.run", "supervisor"),
    (b"uvicorn", "api"),
    (b"rq\0worker", "rq workers"),
)


def _processes() -> dict[int, tuple[int, bytes, float]]:
    """pid → (parent pid, command line, CPU seconds of itself and its reaped children)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        found[int(entry.name)] = (int(fields[1]), cmdline, ticks / CLOCK_TICKS)
    return found


# database and cache servers, counted machine-wide (whoever started them): their backends
# serve both systems' requests alike
SERVERS = ((b"postgres", "postgres (all)"), (b"redis-server", "redis (all)"))


def _server(cmdline: bytes) -> str | None:
    program = cmdline.split(b"\0", 1)[0].split(b" ", 1)[0].rsplit(b"/", 1)[-1]
    return next((role for name, role in SERVERS if program.startswith(name)), None)


def _role(cmdline: bytes, inherited: str) -> str:
    return next((role for marker, role in ROLES if marker in cmdline), inherited)


def cpu_by_role(roots: list[int]) -> dict[str, float]:
    """CPU seconds used so far by the process trees under ``roots``, by role (a process
    without a recognised command line counts for its parent's role: RQ's work horses for
    ``rq workers``, uvicorn's workers for ``api``), and by every PostgreSQL and Redis server
    process of the machine."""
    table = _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    totals: dict[str, float] = {}
    pending = [(root, "other") for root in roots if root in table]
    while pending:
        pid, inherited = pending.pop()
        _, cmdline, seconds = table[pid]
        if _server(cmdline):
            continue
        role = _role(cmdline, inherited)
        totals[role] = totals.get(role, 0.0) + seconds
        pending += [(child, role) for child in children.get(pid, [])]
    for _, cmdline, seconds in table.values():
        server = _server(cmdline)
        if server:
            totals[server] = totals.get(server, 0.0) + seconds
    totals["bench clients"] = sum(os.times()[:2])
    return totals


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# -- profiling -------------------------------------------------------------------------


def stack_children(pid: int) -> dict[str, int]:
    """PIDs of the local stack's gateway, workers and emulator (children of ``pid``)."""
    return {
        _role(cmdline, "other"): child
        for child, (ppid, cmdline, _) in _processes().items()
        if ppid == pid and _role(cmdline, "other") in ("gateway", "workers", "emulator")
    }


@contextmanager
def py_spy(pids: dict[str, int], out_dir: Path) -> Iterator[None]:
    """``py-spy record`` of each process while the block runs: raw collapsed stacks of the
    thread holding the GIL (where the Python CPU goes), one file per role in ``out_dir``."""
    spy = str(Path(sys.executable).parent / "py-spy")
    out_dir.mkdir(parents=True, exist_ok=True)
    recorders = [
        subprocess.Popen(
            [spy, "record", "--pid", str(pid), "--format", "raw", "--threads", "--gil",
             "--nonblocking", "--rate", "100", "--output", str(out_dir / f"{name}.txt")],
            stdout=subprocess.DEVNULL,
            stderr=open(out_dir / f"{name}.py-spy.log", "wb"),  # noqa: SIM115 - child keeps it
        )
        for name, pid in pids.items()
    ]  # fmt: skip
    try:
        yield
    finally:
        for recorder in recorders:
            recorder.send_signal(signal.SIGINT)
        for recorder in recorders:
            try:
                recorder.wait(30)
            except subprocess.TimeoutExpired:
                recorder.kill()
                recorder.wait()


# -- the two systems -------------------------------------------------------------------


def discard(folders: list[Path], keep: bool) -> None:
    """Delete a stopped system's log and state folders, unless ``keep``."""
    for folder in folders:
        if keep:
            print(f"    logs kept in {folder}", flush=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def our_system(redis: str, args: argparse.Namespace, described: dict[str, str]) -> Iterator[System]:
    """Our local stack (``python -m infra.run``) on a fresh database."""
    extra = dict(args.setting)
    with ExitStack() as exits:
        folders: list[Path] = []
        exits.callback(discard, folders, args.keep_logs)  # runs last: after the stack stopped
        admin_url = exits.enter_context(postgres_admin_url())
        stack = exits.enter_context(local_stack(admin_url, redis, extra=extra))
        folders.append(stack.state_dir)
        settings = stack.settings
        tasks_source = next(e for e in load_template().event_sources if e.queue == "TasksQueue")
        described.update(
            {
                "gateway": "1 process, ThreadingHTTPServer (a thread per connection)",
                "workers": f"1 process; tasks poller: 1 receiver, batches of <= "
                f"{tasks_source.batch_size}, up to {tasks_source.maximum_concurrency} batches "
                "at once (template MaximumConcurrency)",
                "emulator": "moto server (SQS), started by infra.run",
                "DATABASE_POOL_SIZE": str(settings.database_pool_size),
                "RATE_LIMIT_PER_MINUTE": str(settings.rate_limit_per_minute),
                "MAX_TASKS_IN_FLIGHT": str(settings.max_tasks_in_flight),
                "MAX_RUNNING_PER_TENANT": str(settings.max_running_per_tenant),
                "settings passed by the bench": ", ".join(f"{k}={v}" for k, v in extra.items())
                or "none (defaults)",
            }
        )
        yield System(
            "ours",
            stack.base_url,
            conninfo(admin_url),
            our_tenants(stack.base_url),
            True,
            [stack.process.pid],
            stack_children(stack.process.pid),
        )


@contextmanager
def baseline_system(
    redis: str, args: argparse.Namespace, described: dict[str, str]
) -> Iterator[System]:
    """The FastAPI + RQ baseline on a fresh database."""
    config = BaselineConfig(
        web_workers=args.web_workers, pool_size=args.web_pool, rq_workers=args.rq_workers
    )
    logs = Path(tempfile.mkdtemp(prefix="rq-baseline-"))
    with ExitStack() as exits:
        exits.callback(discard, [logs], args.keep_logs)
        admin_url = exits.enter_context(postgres_admin_url())
        url = conninfo(admin_url)
        create_schema(url)
        with running_baseline(url, redis, config, logs) as baseline:
            described.update(
                {
                    "api": f"uvicorn, {config.web_workers} worker processes, sync endpoint in "
                    f"FastAPI's thread pool, psycopg_pool of <= {config.pool_size} connections "
                    "per process",
                    "workers": f"{config.rq_workers} `rq worker` processes (rq.Worker: forks a "
                    "work horse per job; the job module is preloaded before forking; each job "
                    "opens its own PostgreSQL connection)",
                    **({"logs": str(logs)} if args.keep_logs else {}),
                }
            )
            yield System(
                "FastAPI+RQ",
                baseline.base_url,
                url,
                baseline_tenants(url, baseline.env.jwt_secret),
                False,
                [p.pid for p in baseline.processes.values()],
                {},
            )


# -- report ----------------------------------------------------------------------------


def print_progress(result: Result) -> None:
    problems = ""
    if result.errors:
        problems += f", {len(result.errors)} errors (first: {result.errors[0]})"
    if result.unfinished:
        problems += f", not success: {result.unfinished}"
    print(
        f"  {result.system:<11} {result.mode:<12} {result.succeeded} success of "
        f"{result.submitted} sent ({result.tasks} planned), "
        f"{result.tasks_per_second:.0f} tasks/s, p50 {result.p50_ms:.0f} ms, "
        f"p99 {result.p99_ms:.0f} ms (submitted in {result.submit_seconds:.1f} s, "
        f"{result.rate_limited} x 429){problems}",
        flush=True,
    )


def print_report(
    results: list[Result], configs: dict[str, dict[str, str]], args: argparse.Namespace
) -> None:
    print()
    print(
        f"{'system':<11} {'mode':<12} {'planned':>7} {'sent':>6} {'success':>7} {'tasks/s':>8} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'429s':>5}"
    )
    for r in results:
        print(
            f"{r.system:<11} {r.mode:<12} {r.tasks:>7} {r.submitted:>6} {r.succeeded:>7} "
            f"{r.tasks_per_second:>8.1f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} {r.rate_limited:>5}"
        )
    if any(r.succeeded < r.tasks for r in results):
        print(
            "(a row with success < planned did not finish in time: its tasks/s is what "
            "succeeded by the end of the wait, its latencies cover the finished tasks only)"
        )
    print()
    print("p50 of each part of the latency (ms): client send -> row inserted -> claimed -> done")
    for r in results:
        parts = ", ".join(f"{k} {v:.0f}" for k, v in r.stage_p50_ms.items())
        print(f"  {r.system:<11} {r.mode:<12} {parts}")
    print()
    print("CPU ms per task, by process (PostgreSQL, Redis: all their processes); machine busy %:")
    for r in results:
        roles = ", ".join(f"{k} {v:.1f}" for k, v in sorted(r.cpu_ms_per_task.items()) if v >= 0.05)
        print(f"  {r.system:<11} {r.mode:<12} {roles}; busy {100 * r.machine_busy:.0f}%")
    by = {(r.system, r.mode.split()[0]): r for r in results}
    base, ours = by.get(("FastAPI+RQ", "single")), by.get(("ours", "single"))
    batch = by.get(("ours", "batch"))
    base_paced, ours_paced = by.get(("FastAPI+RQ", "paced")), by.get(("ours", "paced"))
    print()
    if base and ours:
        ratio = ours.tasks_per_second / base.tasks_per_second
        print(f"throughput ours/baseline, single submits: {ratio:.2f}x")
        if batch:
            batched = batch.tasks_per_second / base.tasks_per_second
            print(f"throughput ours/baseline, ours batched:   {batched:.2f}x")
        print(f"latency p50 ours/baseline, flood:          {ours.p50_ms / base.p50_ms:.2f}x")
        verdict = "MET" if ratio >= 4 else "NOT MET"
        print(f"aim >= 4x the baseline's tasks/s (single submits): {verdict} ({ratio:.2f}x)")
    if ours_paced and base_paced:
        print(
            f"latency ours/baseline at paced {args.paced_rate:g}/s: "
            f"p50 {ours_paced.p50_ms / base_paced.p50_ms:.2f}x, "
            f"p99 {ours_paced.p99_ms / base_paced.p99_ms:.2f}x"
        )
    if ours_paced:
        met = ours_paced.p50_ms < 100 and ours_paced.succeeded == ours_paced.tasks
        print(
            f"aim p50 < 100 ms at paced {args.paced_rate:g} tasks/s: "
            f"{'MET' if met else 'NOT MET'} ({ours_paced.p50_ms:.1f} ms)"
        )
    print()
    for name, config in configs.items():
        print(f"{name}:")
        for key, value in config.items():
            print(f"  {key}: {value}")
    print(f"load: {args.clients} client threads, {args.tenants} tenants per phase (fresh), "
          f"{os.cpu_count()} CPUs, load average at end {os.getloadavg()[0]:.1f}")  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--tenants", type=int, default=4)
    parser.add_argument("--paced-rate", type=float, default=20)
    parser.add_argument("--paced-seconds", type=float, default=30)
    parser.add_argument(
        "--max-submit-seconds", type=float, default=60, help="stop a flood's submits after this"
    )
    parser.add_argument(
        "--max-wait", type=float, default=45, help="per phase, for the rows after submitting"
    )
    parser.add_argument("--rq-workers", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--web-pool", type=int, default=8)
    add_setting_option(parser, "MAX_RUNNING_PER_TENANT=32")
    parser.add_argument("--profile-dir", help="py-spy our processes during one phase")
    parser.add_argument("--profile-phase", default="single", choices=["single", "batch", "paced"])
    parser.add_argument("--keep-logs", action="store_true", help="keep each system's logs")
    parser.add_argument("--only", choices=["ours", "baseline"], help="measure one system")
    parser.add_argument(
        "--phases",
        type=lambda s: set(s.split(",")),
        default={"single", "batch", "paced"},
        help="comma-separated subset of single,batch,paced",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    results: list[Result] = []
    configs: dict[str, dict[str, str]] = {}
    with redis_url() as redis:
        if args.only != "ours":
            print("FastAPI + RQ baseline:", flush=True)
            described = configs.setdefault("FastAPI+RQ", {})
            results += run_phases(lambda: baseline_system(redis, args, described), args)
        if args.only != "baseline":
            print("our stack:", flush=True)
            described = configs.setdefault("ours", {})
            results += run_phases(lambda: our_system(redis, args, described), args)
    print_report(results, configs, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
