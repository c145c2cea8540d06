"""The AWS endpoint: LocalStack when one answers, else an embedded moto server; and the
queues and buckets of ``template.yaml`` created on it (with their redrive policies)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import boto3

from infra.ports import port_in_use
from infra.template import Template

FAKE_CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
REGION = "us-east-1"


def _get(url: str, timeout: float = 1.0) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def is_localstack(endpoint: str) -> bool:
    body = _get(f"{endpoint}/_localstack/health")
    return body is not None and b"services" in body


def is_moto(endpoint: str) -> bool:
    return _get(f"{endpoint}/moto-api/data.json") is not None


class PortTaken(RuntimeError):
    """Something that is not an AWS emulator listens on the port."""


@dataclass
class Emulator:
    """A running AWS endpoint; ``process`` is set when we started it ourselves."""

    endpoint: str
    kind: str
    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_moto(port: int, log_path: str | None = None) -> Emulator:
    endpoint = f"http://127.0.0.1:{port}"
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=log,
        env={**os.environ, **{k.upper(): v for k, v in FAKE_CREDENTIALS.items()}},
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the moto server exited with code {process.returncode}")
        if is_moto(endpoint):
            return Emulator(endpoint, "moto", process)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the moto server did not start within 30 s")


def connect_or_start(port: int, configured: str | None, log_path: str | None = None) -> Emulator:
    """Use ``configured`` (``AWS_ENDPOINT_URL``) or LocalStack on ``port``; else start moto.

    A port held by something else, or by an emulator another run started, is an error that
    says so, rather than a second server fighting for it.
    """
    if configured:
        return Emulator(configured.rstrip("/"), "configured")
    endpoint = f"http://127.0.0.1:{port}"
    if port_in_use(port):
        if is_localstack(endpoint):
            return Emulator(endpoint, "localstack")
        if is_moto(endpoint):
            raise PortTaken(
                f"port {port} is held by a moto server of another run; stop that run first "
                "(or set AWS_ENDPOINT_URL to share it)"
            )
        raise PortTaken(f"port {port} is in use by another program; free it or set EMULATOR_PORT")
    return start_moto(port, log_path)


def clients(endpoint: str) -> tuple[Any, Any]:
    session = boto3.session.Session(
        region_name=REGION,
        aws_access_key_id=FAKE_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=FAKE_CREDENTIALS["aws_secret_access_key"],
    )
    return session.client("sqs", endpoint_url=endpoint), session.client("s3", endpoint_url=endpoint)


def physical_name(stack: str, logical_id: str, *, bucket: bool = False) -> str:
    name = f"{stack}-{logical_id}"
    return name.lower() if bucket else name


def provision(endpoint: str, template: Template, stack: str) -> dict[str, str]:
    """Create the template's queues (dead-letter queues first) and buckets; idempotent.

    Returns ``{logical id: queue URL or bucket name}`` — what ``!Ref`` resolves to.
    """
    sqs, s3 = clients(endpoint)
    refs: dict[str, str] = {}
    pending = dict(template.queues)
    while pending:
        for logical_id, queue in list(pending.items()):
            if queue.dead_letter and queue.dead_letter not in refs:
                continue
            attributes = {
                "VisibilityTimeout": str(queue.visibility_timeout),
                "MessageRetentionPeriod": "1209600",
            }
            if queue.dead_letter:
                dlq_arn = sqs.get_queue_attributes(
                    QueueUrl=refs[queue.dead_letter], AttributeNames=["QueueArn"]
                )["Attributes"]["QueueArn"]
                attributes["RedrivePolicy"] = json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": queue.max_receive_count}
                )
            name = physical_name(stack, logical_id) + (".fifo" if queue.fifo else "")
            if queue.fifo:
                attributes["FifoQueue"] = "true"
            refs[logical_id] = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
            del pending[logical_id]
    for logical_id in template.buckets:
        name = physical_name(stack, logical_id, bucket=True)
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
            s3.create_bucket(Bucket=name)
        refs[logical_id] = name
    return refs
