"""A child process of the local stack: ``--role gateway`` (HTTP) or ``--role workers``
(the queue pollers and their functions). Configuration arrives in the environment."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from autonomos.aws.clients import client
from autonomos.config import get_settings
from autonomos.observability import configure_logging
from infra.gateway import Gateway, serve
from infra.pollers import QueuePoller
from infra.scheduler import ScheduledFunction
from infra.template import load


def run_gateway(stop: threading.Event) -> None:
    settings = get_settings()
    template = load()
    gateway = Gateway(
        template, client("s3", settings), settings.dashboard_bucket, settings.cors_origin
    )
    gateway.warm()
    server = serve(gateway, settings.gateway_host, settings.gateway_port)
    stop.wait()
    server.shutdown()


def run_workers(stop: threading.Event, queue_urls: dict[str, str]) -> None:
    settings = get_settings()
    template = load()
    sqs = client("sqs", settings)
    pollers = [
        QueuePoller(
            source,
            queue_urls[source.queue],
            sqs,
            timeout_seconds=template.function_timeouts.get(source.function, 30),
            concurrency=source.maximum_concurrency,
            batch_window_seconds=settings.local_batch_window_ms / 1000,
        )
        for source in template.event_sources
    ]
    jobs = [ScheduledFunction(s, settings.local_schedule_seconds) for s in template.schedules]
    runners: list[QueuePoller | ScheduledFunction] = [*pollers, *jobs]
    for runner in runners:
        runner.start()
    stop.wait()
    for runner in runners:
        runner.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", choices=["gateway", "workers"], required=True)
    parser.add_argument("--queue", action="append", default=[], help="LOGICAL_ID=URL")
    args = parser.parse_args()
    configure_logging(logging.INFO)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    if args.role == "gateway":
        run_gateway(stop)
    else:
        run_workers(stop, dict(item.split("=", 1) for item in args.queue))


if __name__ == "__main__":
    main()
