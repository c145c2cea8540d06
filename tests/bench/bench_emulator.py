"""CPU per SQS request of the embedded AWS emulator (``infra.moto_server``), with and without
its patches.

Starts the emulator on a free port for each mode, creates a queue with a dead-letter queue,
then with a few threads (each with its own boto3 client) runs the platform's mix for a few
seconds: SendMessageBatch of 1 and of 10 entries, ReceiveMessage (up to 10, WaitTimeSeconds=1,
all attributes), DeleteMessageBatch and ChangeMessageVisibilityBatch of what was received, and
now and then GetQueueAttributes. Prints requests/s and the emulator's CPU per request (user +
system time of its process, from ``/proc/PID/stat``).

Modes:
  moto     plain ``python -m moto.server``
  models   moto's server with only the SQS model patches (``moto_server.apply_models()``)
  patched  ``python -m infra.moto_server`` (all patches)
  FILE.py  another version of the module, run as a script (e.g. the last commit's:
           ``git show HEAD:infra/moto_server.py > /tmp/moto_server_head.py``)

Usage: .venv/bin/python tests/bench/bench_emulator.py [--seconds 8] [--threads 8] [MODE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
MODELS_ONLY = (
    "import sys; from infra import moto_server; moto_server.apply_models(); "
    "from moto.server import main; main(sys.argv[1:])"
)
COMMANDS = {
    "moto": ["-m", "moto.server"],
    "models": ["-c", MODELS_ONLY],
    "patched": ["-m", "infra.moto_server"],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def threads_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


def start(mode: str, log: str | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    output = open(f"{log}.{Path(mode).stem}.log", "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
    command = COMMANDS.get(mode, [mode])
    process = subprocess.Popen(
        [sys.executable, *command, "-H", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=1).read()
            return process, endpoint
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{mode}: the emulator did not start")


def client(endpoint: str) -> Any:
    return boto3.session.Session().client(
        "sqs",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, max_pool_connections=4),
    )


def setup(endpoint: str) -> str:
    sqs = client(endpoint)
    dlq = sqs.create_queue(QueueName="bench-dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]
    policy = {"deadLetterTargetArn": arn["QueueArn"], "maxReceiveCount": 3}
    attributes = {"VisibilityTimeout": "30", "RedrivePolicy": json.dumps(policy)}
    return str(sqs.create_queue(QueueName="bench", Attributes=attributes)["QueueUrl"])


def worker(endpoint: str, url: str, stop: threading.Event, counts: Counter[str]) -> None:
    sqs = client(endpoint)
    rng = random.Random(threading.get_ident())
    body = json.dumps({"task": "x" * 200, "args": [1, 2, 3], "kwargs": {"k": "v"}})
    n = 0
    while not stop.is_set():
        n += 1
        try:
            cycle(sqs, url, body, n, rng, counts)
        except (BotoCoreError, ClientError):  # e.g. moto's own race moving a message to the DLQ
            counts["errors"] += 1


def cycle(sqs: Any, url: str, body: str, n: int, rng: random.Random, counts: Counter[str]) -> None:
    """One round of the mix: a batch sent, one received, and what was received handled."""
    size = 10 if n % 2 else 1
    entries = [{"Id": str(i), "MessageBody": body} for i in range(size)]
    sqs.send_message_batch(QueueUrl=url, Entries=entries)
    counts["SendMessageBatch"] += 1
    messages = sqs.receive_message(
        QueueUrl=url,
        MaxNumberOfMessages=10,
        WaitTimeSeconds=1,
        AttributeNames=["All"],
        MessageAttributeNames=["All"],
    ).get("Messages", [])
    counts["ReceiveMessage"] += 1
    retry = [m for m in messages if rng.random() < 0.2]
    done = [m for m in messages if m not in retry]
    if done:
        handles = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)]
        sqs.delete_message_batch(QueueUrl=url, Entries=handles)
        counts["DeleteMessageBatch"] += 1
    if retry:  # back in the queue at once; the third receive sends it to the DLQ
        again = [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
            for i, m in enumerate(retry)
        ]
        sqs.change_message_visibility_batch(QueueUrl=url, Entries=again)
        counts["ChangeMessageVisibilityBatch"] += 1
    if n % 10 == 0:
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
        counts["GetQueueAttributes"] += 1


def run(
    mode: str, seconds: float, threads: int, profile: str | None = None, log: str | None = None
) -> dict[str, float]:
    process, endpoint = start(mode, log)
    try:
        url = setup(endpoint)
        stop = threading.Event()
        counts: list[Counter[str]] = [Counter() for _ in range(threads)]
        pool = [
            threading.Thread(target=worker, args=(endpoint, url, stop, c), daemon=True)
            for c in counts
        ]
        for thread in pool:
            thread.start()
        time.sleep(1.0)  # warm up: connections opened, apps created
        before = sum(counts, Counter())
        cpu0, t0 = cpu_seconds(process.pid), time.monotonic()
        if profile:  # py-spy samples the emulator meanwhile (adds a little CPU of its own)
            spy = [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(process.pid)]
            spy += ["--format", "raw", "--gil", "--rate", "100", "--nonblocking"]
            spy += ["--duration", str(int(seconds)), "-o", f"{profile}.{Path(mode).stem}.txt"]
            subprocess.run(spy, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        else:
            time.sleep(seconds)
        cpu1, t1 = cpu_seconds(process.pid), time.monotonic()
        after = sum(counts, Counter())
        server_threads = threads_of(process.pid)
        stop.set()
        for thread in pool:
            thread.join(5)
        done = after - before
        requests = sum(done.values()) - done["errors"]  # the calls that were answered
        result = {
            "requests": requests,
            "rps": requests / (t1 - t0),
            "cpu_ms_per_request": 1000 * (cpu1 - cpu0) / max(requests, 1),
            "cpu_share": (cpu1 - cpu0) / (t1 - t0),
            "server_threads": server_threads,
        }
        mix = ", ".join(f"{k}={v}" for k, v in sorted(done.items()))
        print(
            f"{Path(mode).stem:8s} {result['rps']:7.0f} req/s"
            f"  {result['cpu_ms_per_request']:5.2f} ms CPU/req"
            f"  (emulator at {100 * result['cpu_share']:.0f}% of a core,"
            f" {server_threads} threads; {mix})",
            flush=True,
        )
        return result
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modes", nargs="*", default=["models", "patched"], help="see above")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--profile", metavar="PREFIX", help="py-spy raw profile to PREFIX.MODE.txt")
    parser.add_argument("--log", metavar="PREFIX", help="the emulator's output to PREFIX.MODE.log")
    args = parser.parse_args()
    for mode in args.modes:
        run(mode, args.seconds, args.threads, args.profile, args.log)


if __name__ == "__main__":
    main()
