"""A dead letter its task no longer needs: an outage can burn a message's receives (it reaches
the dead-letter queue) while the relay's re-send finishes the task. Redriving it afterwards
must not run the finished task again."""

import json
import time

import httpx

from tests.support.api import events, register, submit, wait_task
from tests.support.services import RunningStack


def test_redrive_skips_a_task_finished_since_its_message_was_dead_lettered(
    api: httpx.Client, stack: RunningStack
) -> None:
    owner = register(api)
    task = submit(api, owner, payload={"n": 1})
    assert wait_task(api, owner, task["id"])["status"] == "success"
    sqs = stack.sqs()
    dlq = stack.queue_url("TasksDeadLetterQueue")
    sqs.send_message(
        QueueUrl=dlq,
        MessageBody=json.dumps({"task_id": task["id"], "tenant_id": owner.tenant_id}),
    )

    redriven = api.post("/api/v1/admin/dlq/redrive", headers=owner.headers)

    assert redriven.status_code == 200 and redriven.json() == {"redriven": 0}
    time.sleep(2)
    after = wait_task(api, owner, task["id"])
    assert after["status"] == "success" and after["attempts"] == 1
    kinds = [e["kind"] for e in events(api, owner, task["id"])]
    assert kinds.count("succeeded") == 1 and "redriven" not in kinds
