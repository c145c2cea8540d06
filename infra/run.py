"""``make run``: the whole stack on loopback, from ``template.yaml``.

Starts (or reuses) the AWS endpoint, PostgreSQL and Redis, creates the template's queues and
buckets, applies migrations, uploads the dashboard, loads demo data, then supervises two
child processes — the gateway and the queue workers — restarting them if they die. Ctrl-C
stops everything it started.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from autonomos.config import Settings, get_settings, settings_to_env
from autonomos.db.migrate import upgrade
from infra import dashboard, embedded, emulator
from infra.ports import port_in_use
from infra.template import load, resource_environment

logger = logging.getLogger("autonomos.run")


class StackError(RuntimeError):
    """A start-up problem with a message meant for the person running the stack."""


class Child:
    """A supervised child process, restarted when it exits unexpectedly."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    def start(self) -> None:
        out = open(self.log, "ab")  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(
            self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def check(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            logger.warning("%s exited with %s; restarting", self.name, self.process.returncode)
            self.restarts += 1
            self.start()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _wait_healthy(url: str, timeout: float, children: list[Child]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in children:
            if child.process is not None and child.process.poll() is not None:
                raise StackError(f"{child.name} exited at start-up; see {child.log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise StackError(f"the gateway did not become healthy within {timeout:.0f} s")


class EmulatorWatch:
    """Restarts an emulator we started when it dies and recreates what the template declares
    on it (queued messages are lost with it; the outbox relay re-enqueues their tasks)."""

    def __init__(
        self, aws: emulator.Emulator, port: int, log: str, stack: str, dashboard_bucket: str | None
    ) -> None:
        self.aws, self.port, self.log, self.stack = aws, port, log, stack
        self.dashboard_bucket = dashboard_bucket
        self.restarts = 0

    def check(self) -> None:
        process = self.aws.process
        if process is None or process.poll() is None:
            return
        logger.warning("the AWS emulator exited; restarting it")
        self.aws.process = emulator.start_moto(self.port, self.log).process
        emulator.provision(self.aws.endpoint, load(), self.stack)
        if self.dashboard_bucket:
            _, s3 = emulator.clients(self.aws.endpoint)
            dashboard.upload(s3, self.dashboard_bucket)
        self.restarts += 1


def start(args: argparse.Namespace, resources: ExitStack) -> tuple[list[Child], EmulatorWatch]:
    """Bring every dependency up and return the settings children run with."""
    settings = get_settings()
    state = Path(args.state_dir or settings.state_dir).resolve()
    state.mkdir(parents=True, exist_ok=True)
    gateway_port = args.port or settings.gateway_port
    emulator_port = args.emulator_port or settings.emulator_port
    if port_in_use(gateway_port):
        raise StackError(
            f"port {gateway_port} is already in use (is another `make run` running?). "
            "Stop it, or choose another port with GATEWAY_PORT."
        )
    try:
        aws = emulator.connect_or_start(
            emulator_port, settings.aws_endpoint_url, str(state / "emulator.log")
        )
    except emulator.PortTaken as exc:
        raise StackError(str(exc)) from exc
    resources.callback(aws.stop)

    database_url = settings.database_url
    if not database_url:
        pg = embedded.start_postgres(state)
        resources.callback(pg.stop)
        database_url = pg.url
    redis_url = settings.redis_url
    if not redis_url:
        cache = embedded.start_redis(state)
        resources.callback(cache.stop)
        redis_url = cache.url

    template = load()
    refs = emulator.provision(aws.endpoint, template, args.stack)
    upgrade(
        database_url, settings.database_app_role, settings.database_app_password.get_secret_value()
    )

    env_from_template = resource_environment(refs=refs)
    resolved = Settings.model_validate(
        {
            **settings_to_env(settings),
            **env_from_template,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "AWS_ENDPOINT_URL": aws.endpoint,
            "GATEWAY_PORT": str(gateway_port),
            "EMULATOR_PORT": str(emulator_port),
            "AUTONOMOS_STATE_DIR": str(state),
            "AUTONOMOS_CACHE_DIR": str(state / "cache"),
            "JWT_SECRET": settings.jwt_secret.get_secret_value()
            if settings.jwt_secret
            else _local_secret(state, "jwt-secret"),
            "DATA_ENCRYPTION_KEY": settings.data_encryption_key.get_secret_value()
            if settings.data_encryption_key
            else _local_secret(state, "data-key"),
            "CALLBACK_DEV_ALLOW_HOSTS": ",".join(settings.callback_dev_allow_hosts)
            or "127.0.0.1,localhost",
        }
    )
    _, s3 = emulator.clients(aws.endpoint)
    if not args.no_dashboard:
        dashboard.upload(s3, resolved.dashboard_bucket)

    env = {
        **os.environ,
        **settings_to_env(resolved),
        **{k.upper(): v for k, v in emulator.FAKE_CREDENTIALS.items()},
        "AWS_DEFAULT_REGION": resolved.aws_region,
        "PYTHONUNBUFFERED": "1",
    }
    queues = [f"--queue={logical}={url}" for logical, url in refs.items() if url.startswith("http")]
    children = [
        Child(
            "gateway",
            [sys.executable, "-m", "infra.serve", "--role", "gateway"],
            env,
            state / "gateway.log",
        ),
        Child(
            "workers",
            [sys.executable, "-m", "infra.serve", "--role", "workers", *queues],
            env,
            state / "workers.log",
        ),
    ]
    for child in children:
        child.start()
        resources.callback(child.stop)
    base = f"http://{resolved.gateway_host}:{gateway_port}"
    _wait_healthy(f"{base}/health", 60, children)
    if not args.no_demo:
        from infra.seed import seed_demo

        seed_demo(base)
    print(
        f"AutonomOS is running — dashboard {base}/ · API docs {base}/docs · "
        f"owner metrics {base}/api/v1/admin/metrics · "
        f"AWS endpoint {aws.endpoint} ({aws.kind}) · "
        f"PostgreSQL {'embedded' if not settings.database_url else 'DATABASE_URL'} · "
        f"Redis {'embedded' if not settings.redis_url else 'REDIS_URL'} · logs {state}",
        flush=True,
    )
    watch = EmulatorWatch(
        aws,
        emulator_port,
        str(state / "emulator.log"),
        args.stack,
        None if args.no_dashboard else resolved.dashboard_bucket,
    )
    return children, watch


def _local_secret(state: Path, name: str) -> str:
    """A per-checkout secret for local runs, kept in the state folder."""
    path = state / name
    if not path.exists():
        path.write_text(os.urandom(32).hex())
        path.chmod(0o600)
    return path.read_text().strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, help="gateway port (default 3000)")
    parser.add_argument("--emulator-port", type=int, help="AWS emulator port (default 4566)")
    parser.add_argument("--state-dir", help="where embedded data and logs live (.state)")
    parser.add_argument("--stack", default="autonomos", help="prefix of queue and bucket names")
    parser.add_argument("--no-dashboard", action="store_true", help="skip the bucket upload")
    parser.add_argument("--no-demo", action="store_true", help="skip loading demo data")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with ExitStack() as resources:
        try:
            children, watch = start(args, resources)
        except StackError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        while not stop.wait(0.5):
            try:
                watch.check()
            except Exception:
                logger.exception("could not restart the AWS emulator; retrying")
            for child in children:
                child.check()
        print("stopping…", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
