"""``python -m tests.hardening.fuzz.run``: the security fuzz suite against a fresh local stack.

Starts the stack (PostgreSQL and Redis from ``DATABASE_URL`` / ``REDIS_URL`` or embedded),
seeds tenants, runs the categories and prints ``category | requests | failures``; exits 1
when any category has a failure (listed below the table).
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.hardening.fuzz.report import failure_details, table
from tests.hardening.fuzz.suite import CATEGORIES, STACK_SETTINGS, Profile, run_suite
from tests.support.services import local_stack, postgres_admin_url, redis_url

FAST_REQUESTS = 120


def parse(argv: list[str] | None = None) -> Profile:
    parser = argparse.ArgumentParser(prog="make fuzz", description=__doc__)
    parser.add_argument("--requests", type=int, help="schemathesis requests (default 1000)")
    parser.add_argument(
        "--fast",
        action="store_true",
        help=f"the fast profile: {FAST_REQUESTS} requests, sampled JWT matrix",
    )
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (default 0)")
    parser.add_argument(
        "--only", default="", help="comma-separated categories: " + ", ".join(CATEGORIES)
    )
    args = parser.parse_args(argv)
    only = frozenset(c.strip() for c in args.only.split(",") if c.strip())
    unknown = only - set(CATEGORIES)
    if unknown:
        parser.error(f"unknown categories: {', '.join(sorted(unknown))}")
    requests = args.requests or (FAST_REQUESTS if args.fast else 1000)
    return Profile(requests=requests, seed=args.seed, full=not args.fast, only=only)


def main(argv: list[str] | None = None) -> int:
    profile = parse(argv)
    started = time.monotonic()
    with (
        postgres_admin_url() as database,
        redis_url() as redis,
        local_stack(database, redis, extra=STACK_SETTINGS) as stack,
    ):
        print(f"fuzzing {stack.base_url} ({profile.requests} schemathesis requests)", flush=True)
        results = run_suite(stack, profile)
        log = stack.state_dir / "stack-output.log"
        log.write_text("".join(stack.output))
    print(table(results))
    print(f"took {time.monotonic() - started:.0f} s")
    details = failure_details(results)
    if details:
        print(details)
        print(f"the stack's output: {log}")
    for category in results:
        for note in category.notes:
            print(f"note [{category.name}]: {note}")
    return 1 if details else 0


if __name__ == "__main__":
    sys.exit(main())
