"""Lambda: the tasks-queue worker (SQS, partial batch failures) and the scheduled outbox relay."""

from typing import Any

from chalice import Chalice

from autonomos.observability import configure_logging
from autonomos.runtime import runtime
from autonomos.tasks.relay import OutboxRelay
from autonomos.tasks.worker import TaskWorker

configure_logging()
app = Chalice(app_name="autonomos-worker")
_worker: TaskWorker | None = None


def worker() -> TaskWorker:
    global _worker
    if _worker is None:
        _worker = TaskWorker(runtime())
    return _worker


@app.on_sqs_message(queue="tasks", batch_size=10)
def process_tasks(event: Any) -> dict[str, Any]:
    """Run a batch of tasks; failed items are reported for redelivery."""
    return worker().handle([record.to_dict() for record in event])


@app.schedule("rate(1 minute)")
def relay_outbox(event: Any) -> dict[str, int]:
    """Resend committed-but-unsent messages and re-enqueue tasks whose message was lost."""
    rt = runtime()
    report = OutboxRelay(rt.db, rt.outbox, rt.settings, rt.seen_marks).run_once()
    return {"resent": report.resent, "stalled": report.stalled}
