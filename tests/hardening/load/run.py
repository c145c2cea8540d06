"""The load suite (``make load``): concurrent tenants submitting tasks and running DCL
connects while the others read state.

Usage::

    python -m tests.hardening.load.run [--tenants 20] [--seconds 60] [--think-ms 50,250]
        [--batch-size 10] [--connect-pause 3] [--drain-seconds 120] [--seed 7]
        [--users tasks,dcl,reader]
        [--setting NAME=VALUE ...] [--keep-logs]

Starts a local stack (fresh database; PostgreSQL and Redis from ``DATABASE_URL`` /
``REDIS_URL`` or embedded servers), signs up ``--tenants`` organisations and runs three
users per tenant for ``--seconds`` (see :mod:`tests.hardening.load.workload`). Then waits
up to ``--drain-seconds`` for every accepted task to be terminal, and prints the throughput,
p50/p95/p99 latency, error rate and 429s per endpoint, and per tenant its request p50, tasks
and their completion latency, with the slowest tenant's p50 against the fastest's.

Exit status 1 on any 5xx, unexpected 4xx, request without an answer, lost or failed task,
or broken invariant (one idempotency key giving two tasks, inconsistent DCL versions).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from contextlib import ExitStack

import httpx

from tests.hardening.load.accounting import settle
from tests.hardening.load.checks import after_drain, logged_errors
from tests.hardening.load.context import LoadConfig, TenantState
from tests.hardening.load.recorder import Recorder
from tests.hardening.load.report import problems, render
from tests.hardening.load.stats import Summary, summarise
from tests.hardening.load.workload import run_users
from tests.support.api import register
from tests.support.cli import add_setting_option
from tests.support.services import local_stack, postgres_admin_url, redis_url
from tests.support.taskdb import conninfo


def sign_up(base_url: str, count: int) -> list[TenantState]:
    """``count`` new organisations, each with its owner's token."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        accounts = [register(client, f"Load tenant {i + 1}") for i in range(count)]
    return [TenantState(a.tenant_id, a.token) for a in accounts]


def run_load(
    base_url: str,
    database_url: str,
    config: LoadConfig,
    say: Callable[[str], None] = print,
) -> tuple[Summary, Recorder]:
    """The load against a running stack at ``base_url`` whose task rows are in
    ``database_url`` (a libpq URL with rights on every tenant's rows)."""
    tenants = sign_up(base_url, config.tenants)
    say(f"signed up {len(tenants)} tenants; running their users for {config.seconds:g} s")
    recorder = Recorder()
    seconds = run_users(base_url, tenants, recorder, config)
    samples, accepted = recorder.snapshot()
    say(f"users stopped; waiting up to {config.drain_seconds:g} s for {len(accepted)} tasks")
    fates = settle(database_url, accepted, config.drain_seconds)
    violations = recorder.violations + after_drain(base_url, tenants)
    summary = summarise([t.tenant for t in tenants], samples, fates, seconds, violations)
    return summary, recorder


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    defaults = LoadConfig()
    parser.add_argument("--tenants", type=int, default=defaults.tenants)
    parser.add_argument("--seconds", type=float, default=defaults.seconds)
    parser.add_argument(
        "--think-ms",
        default=",".join(f"{1000 * s:g}" for s in defaults.think_seconds),
        help="LOW,HIGH: each user's pause between actions, uniformly drawn",
    )
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument(
        "--connect-pause",
        type=float,
        default=defaults.connect_pause_seconds,
        help="seconds a tenant's DCL user waits after a connect before the next",
    )
    parser.add_argument("--drain-seconds", type=float, default=defaults.drain_seconds)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--users",
        default=",".join(defaults.users),
        help="comma-separated users each tenant runs (subset of tasks,dcl,reader)",
    )
    parser.add_argument("--keep-logs", action="store_true", help="keep the stack's log folder")
    add_setting_option(parser, "MAX_RUNNING_PER_TENANT=8")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> LoadConfig:
    low, high = (float(v) / 1000 for v in args.think_ms.split(","))
    return LoadConfig(
        tenants=args.tenants,
        seconds=args.seconds,
        think_seconds=(low, high),
        batch_size=args.batch_size,
        connect_pause_seconds=args.connect_pause,
        drain_seconds=args.drain_seconds,
        seed=args.seed,
        users=tuple(u for u in args.users.split(",") if u),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = config_from(args)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    with ExitStack() as exits:
        redis = exits.enter_context(redis_url())
        admin = exits.enter_context(postgres_admin_url())
        stack = exits.enter_context(local_stack(admin, redis, extra=dict(args.setting)))
        print(f"stack up at {stack.base_url}", flush=True)
        summary, recorder = run_load(
            stack.base_url, conninfo(admin), config, lambda m: print(m, flush=True)
        )
    errors_logged = logged_errors(stack.state_dir)
    if not args.keep_logs:
        shutil.rmtree(stack.state_dir, ignore_errors=True)
    settings = ", ".join(f"{k}={v}" for k, v in args.setting) or "defaults"
    header = (
        f"\n{config.tenants} tenants x users {args.users}, {config.seconds:g} s, think "
        f"{args.think_ms} ms, batches of {config.batch_size}, stack settings: {settings}; "
        f"{os.cpu_count()} CPUs, load average at end {os.getloadavg()[0]:.1f}\n"
    )
    print(render(summary, header))
    details = recorder.error_details()
    if details:
        print("\nfirst errors:\n  " + "\n  ".join(details))
    if errors_logged:
        print(
            "\nerrors in the stack's logs (not failing the run):\n  " + "\n  ".join(errors_logged)
        )
    if args.keep_logs:
        print(f"\nlogs kept in {stack.state_dir}")
    return 1 if problems(summary) else 0


if __name__ == "__main__":
    sys.exit(main())
